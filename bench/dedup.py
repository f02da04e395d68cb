"""Near-duplicate detection: baochi against a datatrove-style MinHash, on the labelled pairs and for speed.

Run: ``.venv/bin/python bench/dedup.py [--synthetic N] [--quick]``. It prints, in one run:

1. quality on ../shared/data/dedup/pairs.jsonl: both systems cluster every ViMs, KTLAB and VNDS document,
   a pair is predicted duplicate when both documents share a cluster; precision, recall and F1 on the clear
   pairs (borderline left out) and on all pairs, for the dev clusters and the held-out third of them;
   cluster quality (VNDS exact groups recovered, largest cluster, clusters spanning source clusters);
2. speed on the 22,644 VNDS documents: documents/s, peak memory, index bytes per document, verified pairs
   per document;
3. the same on a synthetic corpus of N documents made by perturbing real articles (10% of them edited
   copies of another synthetic document, the rest distinct), with the recall of the planted copies; the
   corpus is written once to a file under ``--corpus-cache`` (bench/out) that both systems stream.
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing as mp
import os
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _datatrove_style import DatatroveStyle
from _dedup_data import Pair, is_heldout, load_ktlab, load_pairs, load_vims, load_vnds
from _synthetic import synthetic_corpus
from baochi.dedup.batch import BatchDeduplicator, DedupParams
from baochi.dedup.minhash import sentence_band_hashes
from baochi.dedup.text import article_text, sentence_syllables
from baochi.model import Article

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("BAOCHI_SHARED_DATA", ROOT.parent / "shared" / "data"))
# the synthetic corpus files (gigabytes at 1,000,000 documents; git ignores bench/out)
CACHE = ROOT / "bench" / "out"


def cluster_baochi(articles: list[Article], params: DedupParams | None = None) -> tuple[list[str], dict]:
    """Cluster id of every article by baochi, and its run statistics."""
    sents = [sentence_syllables(article_text(a)) for a in articles]
    dd = BatchDeduplicator(params)
    for a, s in zip(articles, sents, strict=True):
        dd.add(a, s)
    out = dd.resolve(lambda i: sents[i])
    checks = dd.stats.candidates + dd.stats.extra.get("linkage checks", 0)
    stats = {"candidates": checks, "index_bytes": dd.table.nbytes()}
    return [x.cluster_id for x in out], stats


def cluster_datatrove(articles: list[Article]) -> list[str]:
    """Cluster id of every article by the datatrove-style configuration."""
    dt = DatatroveStyle()
    for a in articles:
        dt.add(article_text(a))
    return [str(c) for c in dt.clusters()]


def prf(pairs: list[Pair], same: Callable[[Pair], bool]) -> tuple[float, float, float]:
    """Pairwise precision, recall, F1."""
    tp = fp = fn = 0
    for p in pairs:
        s = same(p)
        tp += s and p.duplicate
        fp += s and not p.duplicate
        fn += (not s) and p.duplicate
    prec = tp / (tp + fp) if tp + fp else 1.0
    rec = tp / (tp + fn) if tp + fn else 1.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def quality_rows(pairs: list[Pair], ids: list[str], clusters: list[str]) -> dict[str, tuple[float, ...]]:
    """P/R/F1 on dev and held-out, clear and all pairs."""
    of = dict(zip(ids, clusters, strict=True))

    def same(p: Pair) -> bool:
        return of[p.a] == of[p.b]

    rows = {}
    for split in ("dev", "held-out"):
        sel = [p for p in pairs if is_heldout(p.group) == (split == "held-out")]
        rows[f"{split} clear"] = prf([p for p in sel if not p.borderline], same)
        rows[f"{split} all"] = prf(sel, same)
    return rows


def cluster_quality(ids: list[str], clusters: list[str], vnds_groups: list[set[str]]) -> dict[str, float]:
    """VNDS exact groups recovered whole and alone, largest cluster, clusters across source clusters."""
    members: dict[str, set[str]] = {}
    for i, c in zip(ids, clusters, strict=True):
        members.setdefault(c, set()).add(i)
    of = dict(zip(ids, clusters, strict=True))
    whole = sum(1 for g in vnds_groups if len({of[x] for x in g}) == 1 and members[of[next(iter(g))]] == g)

    def source(i: str) -> str:
        parts = i.split("/")
        return next((p for p in parts if p.lower().startswith("cluster_")), i)

    spanning = sum(1 for m in members.values() if len({source(i) for i in m if "vnds" not in i}) > 1)
    return {
        "vnds exact groups recovered": whole / max(1, len(vnds_groups)),
        "largest cluster": max(len(m) for m in members.values()),
        "clusters spanning source clusters": spanning,
        "multi-member clusters": sum(1 for m in members.values() if len(m) > 1),
    }


def vnds_exact_groups(articles: list[Article]) -> list[set[str]]:
    """Groups of VNDS documents with the same body (whitespace-normalised), as the README counts them."""
    by: dict[str, set[str]] = {}
    for a in articles:
        if "vnds" in a.id:
            by.setdefault(" ".join(" ".join(a.body).split()), set()).add(a.id)
    return [g for g in by.values() if len(g) > 1]


def _rss_mb(field: str = "VmRSS") -> float:
    """Current (VmRSS) or peak (VmHWM) resident memory of this process, from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _peak_rss_mb() -> float:
    # VmHWM is the peak of this process image; ru_maxrss also keeps the peak of the image before exec,
    # which for a spawned child is the parent's (gigabytes after writing the synthetic corpus)
    if Path("/proc/self/status").exists():
        return _rss_mb("VmHWM")
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _speed_child(system: str, source: str, n: int, cache_dir: Path, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    """Measure one system on one corpus in a fresh process (so peak memory is its own)."""
    docs: Callable[[], Iterator[Article]]
    # time spent reading the synthetic corpus file, taken out of the system's time (CPU and wall): the
    # VNDS records are in memory before the clock starts, so both corpora time the systems from records on
    read = [0.0, 0.0]
    copies = None
    if source == "vnds":
        articles = list(load_vnds(DATA))
        docs = lambda: iter(articles)  # noqa: E731
        texts = lambda i: sentence_syllables(article_text(articles[i]))  # noqa: E731
    else:
        corpus, _ = synthetic_corpus(n, DATA, cache_dir)
        copies = corpus.copies

        def docs() -> Iterator[Article]:
            stream = corpus.articles()
            while True:
                c, w = time.process_time(), time.perf_counter()
                a = next(stream, None)
                read[0] += time.process_time() - c
                read[1] += time.perf_counter() - w
                if a is None:
                    return
                yield a

        def texts(i: int) -> list[list[str]]:
            c, w = time.process_time(), time.perf_counter()
            a = corpus.article(i)
            read[0] += time.process_time() - c
            read[1] += time.perf_counter() - w
            return sentence_syllables(article_text(a))

    gc.collect()
    base = _peak_rss_mb()
    c0, w0 = time.process_time(), time.perf_counter()
    count = 0
    if system == "baochi":
        dd = BatchDeduplicator()
        for a in docs():
            dd.add(a)
            count += 1
        indexed = _rss_mb()
        out = dd.resolve(texts)
        index = dd.table.nbytes()
        # every pair given a verdict (candidates, linkage checks, the refinement's pairs): the verdicts are
        # kept once per pair, so their count is the alignment work; the counters alone miss the refinement
        verified = max(dd.stats.candidates + dd.stats.extra.get("linkage checks", 0), len(dd._sims))
        candidates = dd.stats.candidates
        clusters = [x.cluster_id for x in out]
    else:
        dt = DatatroveStyle()
        for a in docs():
            dt.add(article_text(a))
            count += 1
        indexed = _rss_mb()
        clusters = [str(c) for c in dt.clusters()]
        index = dt.index_bytes()
        verified = candidates = 0
    cpu = time.process_time() - c0 - read[0]
    wall = time.perf_counter() - w0 - read[1]
    found = planted = 0
    if copies is not None:
        for i in np.flatnonzero(copies >= 0).tolist():
            planted += 1
            found += clusters[i] == clusters[int(copies[i])]
    queue.put(
        {
            # CPU time: the machine is shared, wall-clock rates swing with the other processes' load
            "docs/s (CPU)": count / cpu,
            "docs/s (wall)": count / wall,
            "CPU seconds": cpu,
            "peak RSS MB": _peak_rss_mb(),
            "peak MB over start": max(0.0, _peak_rss_mb() - base),
            # after every document is added, before candidates and clusters: the per-document state
            "RSS MB after adding": indexed,
            "index B/doc": index / max(1, count),
            "verified pairs/doc": verified / max(1, count),
            "candidate pairs/doc": candidates / max(1, count),
            "planted recall": found / planted if planted else float("nan"),
            "read CPU seconds": read[0],
        }
    )


def measure_speed(system: str, source: str, n: int = 0, cache_dir: Path = CACHE) -> dict[str, float]:
    """Run one speed measurement in a child process."""
    # spawn, not fork: a forked child starts with the parent's pages (the quality run's records), which
    # inflated the peak memory of both systems
    ctx = mp.get_context("spawn")
    queue: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    proc = ctx.Process(target=_speed_child, args=(system, source, n, cache_dir, queue))
    proc.start()
    result: dict[str, float] = queue.get()
    proc.join()
    return result


def library_speed(n: int = 3000) -> dict[str, float]:
    """Documents per CPU second computing the same per-sentence signatures (syllable trigrams,
    4 permutations) with baochi's numpy code, rensa and datasketch (those two skipped when not installed)."""
    from baochi.dedup.align import MIN_SENTENCE_SYLLABLES
    from baochi.dedup.minhash import LshParams

    k = LshParams().shingle

    def shingles(s: list[str]) -> set[str]:  # as the libraries take them: strings
        return {" ".join(s[i : i + k]) for i in range(len(s) - k + 1)}

    docs = [sentence_syllables(article_text(a)) for a in load_vnds(DATA, limit=n)]
    perms = LshParams().bands * LshParams().rows
    out: dict[str, float] = {}
    t = time.process_time()
    for d in docs:
        sentence_band_hashes(d)
    out["numpy (baochi)"] = n / (time.process_time() - t)
    try:
        import rensa

        t = time.process_time()
        for d in docs:
            sets = [sorted(shingles(s)) for s in d if len(s) >= MIN_SENTENCE_SYLLABLES]
            if sets:
                rensa.RMinHash.digests_from_token_sets(sets, num_perm=perms, seed=42)
        out["rensa 0.5.0"] = n / (time.process_time() - t)
    except ImportError:
        pass
    try:
        import datasketch

        t = time.process_time()
        for d in docs:
            sets = [[g.encode() for g in shingles(s)] for s in d if len(s) >= MIN_SENTENCE_SYLLABLES]
            if sets:
                datasketch.MinHash.bulk(sets, num_perm=perms)
        out["datasketch 2.0.0"] = n / (time.process_time() - t)
    except ImportError:
        pass
    return out


def main() -> int:
    """Print every table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--synthetic", type=int, default=50_000, help="synthetic corpus size (0: skip)")
    ap.add_argument("--quick", action="store_true", help="quality only, no speed runs")
    ap.add_argument("--synthetic-only", action="store_true", help="only the synthetic speed run")
    ap.add_argument(
        "--corpus-cache",
        type=Path,
        default=CACHE,
        help="folder of the synthetic corpus files, written once, reused by later runs of the same size",
    )
    args = ap.parse_args()
    if args.synthetic_only:
        speed_table("synthetic", args.synthetic, args.corpus_cache)
        return 0
    if not (DATA / "dedup" / "pairs.jsonl").exists():
        print(f"no evaluation data at {DATA}/dedup")
        return 0
    pairs = load_pairs(DATA)
    articles = list(load_vims(DATA)) + list(load_ktlab(DATA)) + list(load_vnds(DATA))
    ids = [a.id for a in articles]
    groups = vnds_exact_groups(articles)
    t = time.perf_counter()
    ours, stats = cluster_baochi(articles)
    t_ours = time.perf_counter() - t
    t = time.perf_counter()
    theirs = cluster_datatrove(articles)
    t_theirs = time.perf_counter() - t
    n_pairs = Counter(p.kind for p in pairs)
    print(f"## Quality: {len(pairs)} labelled pairs ({dict(n_pairs)}), {len(articles)} documents clustered")
    print(f"{'pairs':<16} {'baochi P':>9} {'R':>6} {'F1':>6}   {'datatrove-style P':>17} {'R':>6} {'F1':>6}")
    q_ours, q_theirs = quality_rows(pairs, ids, ours), quality_rows(pairs, ids, theirs)
    for k in q_ours:
        a, b = q_ours[k], q_theirs[k]
        print(f"{k:<16} {a[0]:>9.3f} {a[1]:>6.3f} {a[2]:>6.3f}   {b[0]:>17.3f} {b[1]:>6.3f} {b[2]:>6.3f}")
    print("\n## Cluster quality")
    c_ours, c_theirs = cluster_quality(ids, ours, groups), cluster_quality(ids, theirs, groups)
    for k in c_ours:
        print(f"{k:<36} baochi {c_ours[k]:>8.3f}   datatrove-style {c_theirs[k]:>8.3f}")
    print(
        f"(whole run: baochi {t_ours:.1f} s, {stats['candidates'] / len(articles):.2f} verified pairs/doc; "
        f"datatrove-style {t_theirs:.1f} s)"
    )
    if args.quick:
        return 0
    print("\n## MinHash libraries: per-sentence signatures of 3,000 VNDS documents (documents/CPU s)")
    for name, rate in library_speed().items():
        print(f"{name:<20} {rate:>10.0f}")
    corpora = [("vnds", 0)] + ([("synthetic", args.synthetic)] if args.synthetic else [])
    for source, n in corpora:
        speed_table(source, n, args.corpus_cache)
    return 0


def speed_table(source: str, n: int, cache_dir: Path = CACHE) -> None:
    """Print the speed and memory of both systems on one corpus."""
    print(f"\n## Speed and memory: {source}" + (f" ({n:,} documents)" if n else " (22,644 documents)"))
    if source == "synthetic":
        corpus, took = synthetic_corpus(n, DATA, cache_dir)
        made = f"written in {took:.0f} s" if took else "already there"
        print(f"(corpus {corpus.path}, {corpus.path.stat().st_size / 1e9:.2f} GB, {made})", flush=True)
    res = {s: measure_speed(s, source, n, cache_dir) for s in ("baochi", "datatrove-style")}
    print(f"{'':<20} {'baochi':>12} {'datatrove-style':>16} {'ratio':>8}")
    for k in res["baochi"]:
        a, b = res["baochi"][k], res["datatrove-style"][k]
        ratio = f"{a / b:.2f}x" if b else "-"
        print(f"{k:<20} {a:>12.2f} {b:>16.2f} {ratio:>8}")


if __name__ == "__main__":
    sys.exit(main())
