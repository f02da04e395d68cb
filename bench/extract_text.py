"""Scraped-text extraction: throughput on the baomoi 2017 texts and quality on the text gold set.

Run: .venv/bin/python bench/extract_text.py [--data ../shared/data] [--limit N] [--gold-only] [--show]
     [--captions]
Prints documents/s and MB/s of read + extract + JSON serialisation in one process (the ``baochi extract``
path, without writing the lines out), side by side with the naive baseline "first line = title, rest =
body" measured in the same run, and the gold-set quality table (metrics of ../shared/data/README.md)
for baochi and the baseline; then caption precision/recall/F1 on baomoi texts outside the gold set whose
captions were judged by hand (``bench/data/captions_judged.tsv``: a dev set and left-out sets).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from _evaluate import mean_scores, score_record
from baochi.extract import extract_article
from baochi.ingest import iter_documents
from baochi.ingest.decode import decode_bytes
from baochi.model import Document

ROOT = Path(__file__).resolve().parents[1]


def naive(doc: Document) -> dict[str, Any]:
    """Baseline: first line = title, every other non-empty line = a body paragraph."""
    if doc.kind == "record":
        obj = json.loads(doc.data)
        text = str(obj.get("content") or obj.get("text") or obj.get("maintext") or "")
        lines = [x.strip() for x in text.split("\n") if x.strip()]
        return {"title": obj.get("title"), "lead": None, "body": lines, "captions": [], "authors": []}
    text = decode_bytes(doc.data)[0]
    lines = [x.strip() for x in text.split("\n") if x.strip()]
    return {
        "title": lines[0] if lines else None,
        "lead": None,
        "body": lines[1:],
        "captions": [],
        "authors": [],
    }


def extract_jsonl(doc: Document) -> str:
    """What ``baochi extract`` does per document: the record as one JSON line."""
    return json.dumps(extract_article(doc).to_dict(), ensure_ascii=False)


def throughput(paths: list[str], fn: Any, runs: int = 2) -> tuple[int, float, float, float]:
    """(documents, wall seconds, CPU seconds, megabytes) of reading and extracting every file with ``fn``.

    The best of ``runs`` passes is kept: the machine is shared, and the best pass is the least disturbed.
    """
    best_wall = best_cpu = float("inf")
    n = size = 0
    for _ in range(runs):
        n = size = 0
        start, cpu = time.perf_counter(), time.process_time()
        for doc in iter_documents(paths, on_error=lambda e: None):
            fn(doc)
            n += 1
            size += len(doc.data)
        best_wall = min(best_wall, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return n, best_wall, best_cpu, size / 1e6


def gold_rows(data: Path, show: bool) -> tuple[list[dict[str, float]], list[dict[str, float]], list[str]]:
    """Scores per gold document for baochi and the baseline, and the names of leaking documents."""
    ours, base, leaking = [], [], []
    for gpath in sorted((data / "text" / "gold-set" / "gold").glob("*.json")):
        gold = json.loads(gpath.read_text("utf-8"))
        raw = data / "text" / "gold-set" / "raw" / gold["raw_file"]
        doc = next(iter_documents([str(raw)]))
        art = extract_article(doc).to_dict()
        s = score_record(art, gold)
        ours.append(s)
        base.append(score_record(naive(doc), gold))
        if s["leak"]:
            leaking.append(gpath.stem)
        if show and min(v for k, v in s.items() if k != "leak") < 1:
            print(gpath.stem, {k: round(v, 2) for k, v in s.items()}, file=sys.stderr)
    return ours, base, leaking


JUDGED = ROOT / "bench" / "data" / "captions_judged.tsv"


def _norm(text: str) -> str:
    return " ".join(text.split()).lower()


def caption_lines(path: Path) -> set[int]:
    """Raw line numbers (1-based) of ``path`` that baochi's captions come from.

    A line counts when it is a caption, begins or ends one (a caption joined from pieces, 25+ characters),
    or holds one that makes at least half of it; the headline (line 1) and lines under 8 characters (a
    lone credit name after ``Ảnh:``) are left out of the count.
    """
    art = extract_article(next(iter_documents([str(path)])))
    caps = [_norm(c) for c in art.captions]
    out = set()
    for number, line in enumerate(path.read_text("utf-8").split("\n"), 1):
        n = _norm(line)
        if number == 1 or len(n) < 8:
            continue
        for c in caps:
            piece = len(n) >= 25 and (c.startswith(n) or c.endswith(n))
            if n == c or piece or (c in n and len(c) >= 0.5 * len(n)):
                out.add(number)
                break
    return out


def judged_captions(data: Path) -> dict[str, tuple[int, int, int]]:
    """(true, false, missed) caption lines per set of ``bench/data/captions_judged.tsv``."""
    counts: dict[str, list[int]] = {}
    docs = data / "text" / "baomoi" / "docs"
    for row in JUDGED.read_text("utf-8").splitlines():
        if row.startswith(("#", "set\t")) or not row.strip():
            continue
        name, doc, labels = [*row.split("\t"), ""][:3]
        path = docs / doc
        if not path.is_file():
            continue
        lines = path.read_text("utf-8").split("\n")
        gold = {int(x) for x in labels.split(",") if x and len(lines[int(x) - 1].strip()) >= 8 and int(x) > 1}
        found = caption_lines(path)
        c = counts.setdefault(name, [0, 0, 0])
        c[0] += len(found & gold)
        c[1] += len(found - gold)
        c[2] += len(gold - found)
    return {k: (v[0], v[1], v[2]) for k, v in counts.items()}


def print_judged(data: Path) -> None:
    """Caption precision, recall and F1 on the hand-judged baomoi texts, per set."""
    print("\ncaptions on hand-judged baomoi texts outside the gold set (bench/data/captions_judged.tsv)")
    print(f"{'set':<12}{'lines':>7}{'P':>8}{'R':>8}{'F1':>8}")
    for name, (tp, fp, fn) in judged_captions(data).items():
        p, r = tp / max(1, tp + fp), tp / max(1, tp + fn)
        f1 = 2 * p * r / max(1e-9, p + r)
        print(f"{name:<12}{tp + fn:>7}{p:>8.3f}{r:>8.3f}{f1:>8.3f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    default = os.environ.get("BAOCHI_SHARED_DATA", str(ROOT.parent / "shared" / "data"))
    ap.add_argument("--data", default=default)
    ap.add_argument("--limit", type=int, default=0, help="only the first N baomoi documents")
    ap.add_argument("--quick", action="store_true", help="same as --limit 500")
    ap.add_argument("--gold-only", action="store_true")
    ap.add_argument("--show", action="store_true", help="print the scores of imperfect gold documents")
    ap.add_argument("--captions", action="store_true", help="only the captions of the hand-judged texts")
    args = ap.parse_args()
    data = Path(args.data)
    if not data.is_dir():
        print(f"shared data not found at {data}; nothing to measure")
        return 0
    if args.captions:
        print_judged(data)
        return 0
    ours, base, leaking = gold_rows(data, args.show)
    sys.stderr.flush()
    m_ours, m_base = mean_scores(ours), mean_scores(base)
    targets = {
        "title": 0.98,
        "main_text_f1": 0.98,
        "paragraph_f1": 0.90,
        "captions_f1": 0.90,
        "authors": 0.90,
    }
    print(f"gold set: {len(ours)} documents (../shared/data/text/gold-set)")
    print(f"{'metric':<14}{'baochi':>9}{'naive':>9}{'target':>9}")
    for k in m_ours:
        tgt = "0 docs" if k == "leak" else (f"{targets[k]:.2f}" if k in targets else "-")
        if k == "leak":
            print(f"{'leak (docs)':<14}{int(m_ours[k]):>9}{int(m_base[k]):>9}{tgt:>9}")
        else:
            print(f"{k:<14}{m_ours[k]:>9.3f}{m_base[k]:>9.3f}{tgt:>9}")
    if leaking:
        print("leaking:", ", ".join(leaking), flush=True)
    print_judged(data)
    if args.gold_only:
        return 0
    files = sorted(str(p) for p in (data / "text" / "baomoi" / "docs").glob("*.txt"))
    limit = 500 if args.quick and not args.limit else args.limit
    if limit:
        files = files[:limit]
    n, secs, cpu, mb = throughput(files, extract_jsonl)
    nb, bsecs, bcpu, bmb = throughput(files, naive)
    print(f"\nthroughput, read + extract, one process: {n} baomoi texts ({mb:.1f} MB), best of 2 passes")
    print(f"{'tool':<10}{'docs/s':>10}{'MB/s':>8}{'docs/s CPU':>12}{'ratio':>8}")
    print(f"{'baochi':<10}{n / secs:>10.0f}{mb / secs:>8.2f}{n / cpu:>12.0f}{1.0:>8.2f}")
    ratio = (nb / bsecs) / (n / secs)
    print(f"{'naive':<10}{nb / bsecs:>10.0f}{bmb / bsecs:>8.2f}{nb / bcpu:>12.0f}{ratio:>8.2f}")
    print(f"target: >= 3000 docs/s on one core; load average now {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
