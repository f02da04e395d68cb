"""``baochi dedup --engine ray``: the clusters of the local batch run, computed on a Ray cluster.

1. **Signatures per shard** (one task per shard): the shard's records are extracted by the same stages,
   spilled to ``DIR/.work/records-NNNNN.jsonl``, and summarised as the batch deduplicator summarises a
   record when it is added: what the canonical choice needs, the key of its words (exact copies), its URL
   key, and its sentence band hashes.
2. **Band buckets grouped across the cluster**: the hashes are cut by value into one part per task; each
   task finds the pairs sharing a bucket in its part (a bucket lies in one part) and counts them; the
   counts of the parts are summed and pairs sharing ``min_shared`` buckets are the candidates -- the pairs
   of ``BandTable.candidate_pairs`` over the whole corpus.
3. **Candidate verification** (tasks over chunks of pairs, reading the two records back from the spills).
4. **Components**: the batch deduplicator links, refines and assigns, once, from those verdicts -- the same
   code as the local run, so the same clusters.
5. The records are written again part by part (``DIR/part-NNNNN``) with ``cluster_id``, ``duplicate_of``
   and ``similarity``.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from baochi.dedup.batch import (
    Assignment,
    BatchDeduplicator,
    BatchStats,
    DedupParams,
    member_info,
    pair_verdict,
)
from baochi.dedup.candidates import _bucket_pairs
from baochi.dedup.cluster import MemberInfo
from baochi.dedup.minhash import band_hashes_of_many
from baochi.dedup.text import article_text, sentence_syllable_bytes, sentence_syllables
from baochi.engines.ray import SHARD_FILES, Cluster, Shard, plan_shards
from baochi.identity import RunIdentities
from baochi.ingest.options import ReadOptions
from baochi.model import Article
from baochi.pipeline import Counters, Pipeline, Sink, Step
from baochi.store.keys import digest, url_key

# Candidate pairs verified per task (a pair aligns in ~1 ms; a task reads its records back from the spills).
PAIRS_PER_TASK = 4000


@dataclass(slots=True)
class Signatures:
    """What the deduplicator keeps of the records of one shard (records numbered from 0 in the shard)."""

    counters: Counters
    members: list[MemberInfo] = field(default_factory=list)
    text_keys: list[bytes | None] = field(default_factory=list)
    url_keys: list[bytes | None] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)  # of each record's line in the spill
    hashes: Any = None  # uint64 band hashes, flat
    positions: Any = None  # uint32 record number in the shard of each hash


class _Spill(Sink):
    """Writes each record to the shard's spill file and keeps its signature."""

    def __init__(self, path: str, params: DedupParams) -> None:
        self.fh = open(path, "wb")  # noqa: SIM115 - closed in close()
        self.params = params
        self.sig = Signatures(Counters())
        self._sents: list[list[list[bytes]]] = []
        self.identities = RunIdentities()

    def write(self, doc: Any, article: Article, counters: Counters) -> None:
        article = self.identities.settle(article)  # ids as a local run gives them (``baochi.identity``)
        self.sig.offsets.append(self.fh.tell())
        self.fh.write(json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8") + b"\n")
        # as BatchDeduplicator.add: the syllables as UTF-8 bytes, the key of the words, the URL key
        sents = sentence_syllable_bytes(article_text(article))
        self.sig.members.append(member_info(article, sum(map(len, sents))))
        self.sig.text_keys.append(digest(b"\n".join(map(b" ".join, sents))) if sents else None)
        self.sig.url_keys.append(url_key(article.url))
        self._sents.append(sents)

    def close(self, counters: Counters) -> None:
        self.fh.close()
        hashes, pos = band_hashes_of_many(self._sents, self.params.lsh)
        self.sig.hashes, self.sig.positions = hashes, pos
        self._sents = []


def _signatures(
    shard: Shard, steps: tuple[Step, ...], spill: str, params: DedupParams, time_limit: float | None
) -> Signatures:
    """A Ray task: extract one shard into its spill, with the signatures of its records."""
    from baochi.engines.local import LocalExecutor

    sink = _Spill(spill, params)
    counters = LocalExecutor(workers=1, time_limit=time_limit).run(Pipeline.of(shard, steps, sink))
    sink.sig.counters = counters
    return sink.sig


def _bucket_counts(hashes: Any, docs: Any, max_bucket: int) -> tuple[Any, Any]:
    """A Ray task: the pairs sharing a bucket in one part of the hashes, with how many buckets they share."""
    keys = _bucket_pairs(hashes, docs, max_bucket)
    if not keys:
        return np.empty(0, np.uint64), np.empty(0, np.int64)
    return np.unique(np.concatenate(keys), return_counts=True)


def _read_back(spills: list[str], where: list[tuple[int, int]], numbers: Sequence[int]) -> dict[int, Article]:
    out: dict[int, Article] = {}
    handles: dict[int, Any] = {}
    try:
        for n in sorted(set(numbers)):
            shard, offset = where[n]
            fh = handles.get(shard)
            if fh is None:
                fh = handles[shard] = open(spills[shard], "rb")  # noqa: SIM115 - closed below
            fh.seek(offset)
            out[n] = Article.from_dict(json.loads(fh.readline()))
    finally:
        for fh in handles.values():
            fh.close()
    return out


def _verify(
    pairs: list[tuple[int, int]], spills: list[str], where: list[tuple[int, int]], params: DedupParams
) -> dict[tuple[str, str], tuple[float, float]]:
    """A Ray task: the verdicts of candidate pairs, by (smaller id, larger id)."""
    records = _read_back(spills, where, [x for pair in pairs for x in pair])
    sents = {n: sentence_syllables(article_text(a)) for n, a in records.items()}
    out: dict[tuple[str, str], tuple[float, float]] = {}
    for a, b in pairs:
        ia, ib = records[a].id, records[b].id
        out[(ia, ib) if ia < ib else (ib, ia)] = pair_verdict((ia, sents[a]), (ib, sents[b]), params.align)
    return out


def _rewrite(spill: str, out: str, fmt: str, assignments: list[Assignment], drop_duplicates: bool) -> int:
    """A Ray task: a shard's records with their dedup fields, into its part file."""
    from baochi.writers.files import FileWriter, guess_format

    writer = FileWriter(out, guess_format(out, fmt))
    with open(spill, "rb") as fh:
        for line, a in zip(fh, assignments, strict=True):
            if drop_duplicates and a.duplicate_of is not None:
                continue
            record = json.loads(line)
            record["cluster_id"], record["duplicate_of"], record["similarity"] = (
                a.cluster_id,
                a.duplicate_of,
                a.similarity,
            )
            writer.add(record)
    writer.close()
    return writer.written


@dataclass(slots=True)
class RayDedup:
    """What a ``dedup --engine ray`` run did."""

    counters: Counters
    stats: BatchStats
    written: int = 0
    parts: int = 0


def _index(dd: BatchDeduplicator, sigs: list[Signatures]) -> None:
    """Put the shards' signatures into the deduplicator, numbered in input order: the state
    ``BatchDeduplicator.add`` leaves for the same records (kept in step with it by the tests)."""
    by_text: dict[bytes, int] = {}
    by_url: dict[bytes, int] = {}
    for sig in sigs:
        first = len(dd.members)
        for member, text, url in zip(sig.members, sig.text_keys, sig.url_keys, strict=True):
            n = len(dd.members)
            dd.members.append(member)
            if text is not None and (seen := by_text.setdefault(text, n)) != n:
                dd.exact_edges.append((seen, n))
            if url is not None and (seen := by_url.setdefault(url, n)) != n:
                dd.url_edges.append((seen, n))
        if sig.hashes is not None and len(sig.hashes):
            dd.table.add_many(sig.positions + np.uint32(first), sig.hashes)


def _candidates(cluster: Cluster, dd: BatchDeduplicator, parts: int) -> list[tuple[int, int]]:
    """Candidate pairs, the band buckets grouped by tasks over parts of the hash values."""
    p = dd.params
    dd.table._compact()
    if not dd.table.hashes:
        return []
    h, d = dd.table.hashes[0], dd.table.docs[0]
    part = h % np.uint64(parts)
    calls = [(h[part == np.uint64(i)], d[part == np.uint64(i)], p.max_bucket) for i in range(parts)]
    counted = [r for r in cluster.map(_bucket_counts, calls) if len(r[0])]
    if not counted:
        return []
    keys = np.concatenate([k for k, _ in counted])
    counts = np.concatenate([c for _, c in counted])
    order = np.argsort(keys, kind="stable")
    keys, counts = keys[order], counts[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    totals = np.add.reduceat(counts, starts)
    chosen = keys[starts][totals >= p.min_shared]
    return [(int(k >> np.uint64(32)), int(k & np.uint64(0xFFFFFFFF))) for k in chosen]


def dedup(
    paths: Sequence[str],
    out_dir: str,
    *,
    fmt: str = "parquet",
    options: ReadOptions | None = None,
    steps: Sequence[Step] = (),
    address: str | None = None,
    workers: int | None = None,
    time_limit: float | None = None,
    drop_duplicates: bool = False,
    params: DedupParams | None = None,
    shard_files: int = SHARD_FILES,
) -> RayDedup:
    """The records of the inputs with their story clusters, as ``out_dir/part-NNNNN.<fmt>``."""
    from baochi.writers.files import SUFFIX, guess_format

    chosen = guess_format("", fmt)
    prm = params or DedupParams()
    shards = plan_shards(paths, options, shard_files=shard_files)
    work = os.path.join(out_dir, ".work")
    os.makedirs(work, exist_ok=True)
    spills = [os.path.join(work, f"records-{s.index:05d}.jsonl") for s in shards]
    counters = Counters()
    dd = BatchDeduplicator(prm, bands=False)
    try:
        with Cluster(address, workers=workers) as cluster:
            sigs = cluster.map(
                _signatures, [(s, tuple(steps), spills[i], prm, time_limit) for i, s in enumerate(shards)]
            )
            for sig in sigs:
                counters.merge(sig.counters)
            where = [(i, off) for i, sig in enumerate(sigs) for off in sig.offsets]
            _index(dd, sigs)
            pairs = _candidates(cluster, dd, max(1, cluster.workers()))
            chunks = [pairs[i : i + PAIRS_PER_TASK] for i in range(0, len(pairs), PAIRS_PER_TASK)]
            known: dict[tuple[str, str], tuple[float, float]] = {}
            for verdicts in cluster.map(_verify, [(c, spills, where, prm) for c in chunks]):
                known.update(verdicts)
            dd.known = known

            def sentences_of(n: int) -> list[list[str]]:
                return sentence_syllables(article_text(_read_back(spills, where, [n])[n]))

            assignments = dd.resolve(sentences_of, pairs=iter(pairs))
            calls = []
            start = 0
            for i, sig in enumerate(sigs):
                end = start + len(sig.members)
                out = os.path.join(out_dir, f"part-{shards[i].index:05d}{SUFFIX[chosen]}")
                calls.append((spills[i], out, chosen, assignments[start:end], drop_duplicates))
                start = end
            written = sum(cluster.map(_rewrite, calls))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return RayDedup(counters=counters, stats=dd.stats, written=written, parts=len(shards))
