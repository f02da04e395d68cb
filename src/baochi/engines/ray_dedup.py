"""``baochi dedup --engine ray``: the clusters of the local batch run, computed on a Ray cluster.

Only small things reach the driver: counts, candidate pairs, edges, and the members of the records in an
edge. The records' keys travel from task to task (Ray objects, fetched by the task that needs them):

1. **Signatures per shard** (one task per shard): the shard's records are extracted by the same stages,
   spilled to ``DIR/.work/records-NNNNN.jsonl``, and summarised as the batch deduplicator summarises a
   record when it is added: what the canonical choice needs (kept in the object store), the key of its
   words (exact copies), its URL key, its sentence band hashes -- the keys cut by hash value into ``P``
   parts, one object each (``P``: the cluster's CPUs).
2. **The shuffle**: bucket task ``i`` takes part ``i`` of every shard (a bucket, a text key, a URL key lies
   in one part), finds the pairs sharing a bucket there and how many buckets they share, and cuts them by
   pair into ``P`` objects; counting task ``j`` sums cut ``j`` of every bucket task and keeps the pairs
   sharing ``min_shared`` buckets: the pairs of ``BandTable.candidate_pairs`` over the whole corpus. The
   bucket tasks also give the exact-copy and same-URL edges of their keys.
3. The driver asks the shards for the members (and spill offsets) of the records in an edge only.
4. **Candidate verification**: tasks over chunks of pairs, reading the two records back from the spills.
5. **Components**, on the driver, over the records in an edge: the batch deduplicator links, refines and
   assigns from those verdicts -- the same code as the local run, so the same clusters; every other
   record is a story of its own.
6. The records are written again part by part (``DIR/part-NNNNN``) with ``cluster_id``, ``duplicate_of``
   and ``similarity``.
"""

from __future__ import annotations

import bisect
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
class Summary:
    """What the driver gets of a shard's signature task: its counters and its number of records."""

    counters: Counters
    records: int


@dataclass(slots=True)
class Members:
    """What the canonical choice needs of each record of a shard, and its line in the spill (kept in the
    object store: the driver asks for those of the records in an edge only)."""

    members: list[MemberInfo]
    offsets: list[int]


@dataclass(slots=True)
class Part:
    """One part of a shard's keys (by hash value: a bucket, a text key, a URL key lies in one part),
    records numbered in the shard."""

    hashes: Any  # uint64 band hashes
    positions: Any  # uint32 record of each hash
    text_keys: list[tuple[bytes, int]] = field(default_factory=list)
    url_keys: list[tuple[bytes, int]] = field(default_factory=list)


def _part_of(key: bytes, parts: int) -> int:
    return int.from_bytes(key[:8], "little") % parts


class _Spill(Sink):
    """Writes each record to the shard's spill file and keeps what the deduplicator needs of it."""

    def __init__(self, path: str, params: DedupParams) -> None:
        self.fh = open(path, "wb")  # noqa: SIM115 - closed in close()
        self.params = params
        self.members = Members([], [])
        self.text_keys: list[bytes | None] = []
        self.url_keys: list[bytes | None] = []
        self._sents: list[list[list[bytes]]] = []
        self.identities = RunIdentities()

    def write(self, doc: Any, article: Article, counters: Counters, prepared: Any = None) -> None:
        article = self.identities.settle(article)  # ids as a local run gives them (``baochi.identity``)
        self.members.offsets.append(self.fh.tell())
        self.fh.write(json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8") + b"\n")
        # as BatchDeduplicator.add: the syllables as UTF-8 bytes, the key of the words, the URL key
        sents = sentence_syllable_bytes(article_text(article))
        self.members.members.append(member_info(article, sum(map(len, sents))))
        self.text_keys.append(digest(b"\n".join(map(b" ".join, sents))) if sents else None)
        self.url_keys.append(url_key(article.url))
        self._sents.append(sents)

    def close(self, counters: Counters) -> None:
        self.fh.close()

    def parts(self, parts: int) -> list[Part]:
        """The shard's band hashes, text keys and URL keys, cut into ``parts`` by hash value."""
        hashes, pos = band_hashes_of_many(self._sents, self.params.lsh)
        self._sents = []
        which = hashes % np.uint64(parts)
        out = [Part(hashes[which == np.uint64(i)], pos[which == np.uint64(i)]) for i in range(parts)]
        for n, key in enumerate(self.text_keys):
            if key is not None:
                out[_part_of(key, parts)].text_keys.append((key, n))
        for n, key in enumerate(self.url_keys):
            if key is not None:
                out[_part_of(key, parts)].url_keys.append((key, n))
        return out


def _signatures(
    shard: Shard,
    steps: tuple[Step, ...],
    spill: str,
    params: DedupParams,
    time_limit: float | None,
    parts: int,
) -> tuple[Any, ...]:
    """A Ray task: extract one shard into its spill; returns its summary, its members and its ``parts``
    parts of keys (separate objects: each goes to its own bucket task, never through the driver)."""
    from baochi.engines.local import LocalExecutor

    sink = _Spill(spill, params)
    counters = LocalExecutor(workers=1, time_limit=time_limit).run(Pipeline.of(shard, steps, sink))
    return (Summary(counters, len(sink.members.members)), sink.members, *sink.parts(parts))


def _first_edges(keyed: list[tuple[bytes, int]]) -> Any:
    """``(first, n)`` for every record ``n`` whose key an earlier record ``first`` has (as
    ``BatchDeduplicator.add`` links exact copies and same-URL records), as an (edges, 2) array."""
    first: dict[bytes, int] = {}
    edges = []
    for key, n in sorted(keyed, key=lambda kn: kn[1]):
        if (seen := first.setdefault(key, n)) != n:
            edges.append((seen, n))
    return np.array(edges, dtype=np.int64).reshape(-1, 2)


def _bucket_part(offsets: list[int], max_bucket: int, parts: int, *shard_parts: Part) -> tuple[Any, ...]:
    """A Ray task over one part of every shard: the pairs sharing a bucket there, with how many buckets
    they share, cut by pair into ``parts`` (one object each, for the counting tasks); then the exact-copy
    and same-URL edges of the part's keys."""
    hashes = np.concatenate([np.empty(0, np.uint64), *(p.hashes for p in shard_parts)])
    docs = np.concatenate(
        [np.empty(0, np.uint64)]
        + [
            p.positions.astype(np.uint64) + np.uint64(off)
            for p, off in zip(shard_parts, offsets, strict=True)
        ]
    )
    keys = _bucket_pairs(hashes, docs.astype(np.uint32), max_bucket)
    if keys:
        pairs, counts = np.unique(np.concatenate(keys), return_counts=True)
    else:
        pairs, counts = np.empty(0, np.uint64), np.empty(0, np.int64)
    which = pairs % np.uint64(parts)
    cut = [(pairs[which == np.uint64(i)], counts[which == np.uint64(i)]) for i in range(parts)]
    text = [(k, n + off) for p, off in zip(shard_parts, offsets, strict=True) for k, n in p.text_keys]
    url = [(k, n + off) for p, off in zip(shard_parts, offsets, strict=True) for k, n in p.url_keys]
    return (*cut, (_first_edges(text), _first_edges(url)))


def _count_pairs(min_shared: int, *cuts: tuple[Any, Any]) -> Any:
    """A Ray task over one cut of the pairs of every bucket task: the pairs sharing ``min_shared``
    buckets in all (the candidates), as sorted ``a << 32 | b`` keys."""
    keys = np.concatenate([np.empty(0, np.uint64), *(k for k, _ in cuts)])
    counts = np.concatenate([np.empty(0, np.int64), *(c for _, c in cuts)])
    if not len(keys):
        return keys
    order = np.argsort(keys, kind="stable")
    keys, counts = keys[order], counts[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    totals = np.add.reduceat(counts, starts)
    return keys[starts][totals >= min_shared]


def _select(members: Members, numbers: list[int]) -> list[tuple[MemberInfo, int]]:
    """A Ray task: the member and spill offset of some records of a shard."""
    return [(members.members[n], members.offsets[n]) for n in numbers]


Where = dict[int, tuple[int, int]]  # record number -> (shard, offset of its line in the spill)


def _read_back(spills: list[str], where: Where, numbers: Sequence[int]) -> dict[int, Article]:
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
    pairs: list[tuple[int, int]], spills: list[str], where: Where, params: DedupParams
) -> dict[tuple[str, str], tuple[float, float]]:
    """A Ray task: the verdicts of candidate pairs, by (smaller id, larger id)."""
    records = _read_back(spills, where, [x for pair in pairs for x in pair])
    sents = {n: sentence_syllables(article_text(a)) for n, a in records.items()}
    out: dict[tuple[str, str], tuple[float, float]] = {}
    for a, b in pairs:
        ia, ib = records[a].id, records[b].id
        out[(ia, ib) if ia < ib else (ib, ia)] = pair_verdict((ia, sents[a]), (ib, sents[b]), params.align)
    return out


def _rewrite(spill: str, out: str, fmt: str, assigned: dict[int, Assignment], drop_duplicates: bool) -> int:
    """A Ray task: a shard's records with their dedup fields, into its part file (a record in no edge is
    a story of its own)."""
    from baochi.writers.files import FileWriter, guess_format

    writer = FileWriter(out, guess_format(out, fmt))
    with open(spill, "rb") as fh:
        for n, line in enumerate(fh):
            record = json.loads(line)
            a = assigned.get(n) or Assignment(record["id"], None, None)
            if drop_duplicates and a.duplicate_of is not None:
                continue
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


def _keys(parts: list[Any]) -> list[tuple[int, int]]:
    """Sorted candidate keys of the counting tasks as (a, b) pairs, in the order of
    ``BandTable.candidate_pairs``."""
    keys = np.sort(np.concatenate([np.empty(0, np.uint64), *parts]))
    return [(int(k >> np.uint64(32)), int(k & np.uint64(0xFFFFFFFF))) for k in keys]


def _edges(arrays: list[Any]) -> list[tuple[int, int]]:
    """Edges of the bucket tasks, in the order ``BatchDeduplicator.add`` finds them (by later record)."""
    both = np.concatenate([np.empty((0, 2), np.int64), *arrays])
    return sorted(((int(a), int(b)) for a, b in both), key=lambda e: (e[1], e[0]))


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
    parts: int | None = None,
) -> RayDedup:
    """The records of the inputs with their story clusters, as ``out_dir/part-NNNNN.<fmt>``.

    ``parts``: parts of the shuffle (default: the cluster's CPUs). The driver holds the shards' counts,
    the candidate pairs and the exact-copy and same-URL edges, and the members of the records in them:
    never a record's hashes or keys."""
    from baochi.writers.files import SUFFIX, guess_format

    chosen = guess_format("", fmt)
    prm = params or DedupParams()
    shards = plan_shards(paths, options, shard_files=shard_files)
    work = os.path.join(out_dir, ".work")
    os.makedirs(work, exist_ok=True)
    spills = [os.path.join(work, f"records-{s.index:05d}.jsonl") for s in shards]
    counters = Counters()
    dd = BatchDeduplicator(prm, bands=False)
    written = 0
    try:
        with Cluster(address, workers=workers) as cluster:
            p = parts or max(1, cluster.workers())
            # 1. signatures per shard: summaries to the driver, members and key parts stay in the cluster
            sig = cluster.submit(
                _signatures,
                [(s, tuple(steps), spills[i], prm, time_limit, p) for i, s in enumerate(shards)],
                num_returns=p + 2,
            )
            summaries: list[Summary] = cluster.get([refs[0] for refs in sig])
            offsets = [0]
            for summary in summaries:
                counters.merge(summary.counters)
                offsets.append(offsets[-1] + summary.records)
            total = offsets[-1]
            # 2. the shuffle: part i of every shard to bucket task i, its pairs cut to counting tasks
            buckets = cluster.submit(
                _bucket_part,
                [(offsets[:-1], prm.max_bucket, p, *(refs[2 + i] for refs in sig)) for i in range(p)],
                num_returns=p + 1,
            )
            counted = cluster.submit(
                _count_pairs, [(prm.min_shared, *(refs[i] for refs in buckets)) for i in range(p)]
            )
            edges = cluster.get([refs[p] for refs in buckets])
            pairs = _keys(cluster.get(counted))
            exact, url = _edges([e for e, _ in edges]), _edges([u for _, u in edges])
            # 3. the records in an edge, numbered in input order among themselves: their members
            involved = sorted({n for e in (*pairs, *exact, *url) for n in e})
            number = {n: c for c, n in enumerate(involved)}
            shard_of = [bisect.bisect_right(offsets, n) - 1 for n in involved]
            wanted: dict[int, list[int]] = {}
            for n, s in zip(involved, shard_of, strict=True):
                wanted.setdefault(s, []).append(n - offsets[s])
            chosen_shards = sorted(wanted)
            got = cluster.map(_select, [(sig[s][1], wanted[s]) for s in chosen_shards])
            where: Where = {}
            for s, rows in zip(chosen_shards, got, strict=True):
                for local, (member, offset) in zip(wanted[s], rows, strict=True):
                    where[number[local + offsets[s]]] = (s, offset)
                    dd.members.append(member)
            dd.exact_edges = [(number[a], number[b]) for a, b in exact]
            dd.url_edges = [(number[a], number[b]) for a, b in url]
            local_pairs = [(number[a], number[b]) for a, b in pairs]
            # 4. candidate verification, by tasks reading their records back from the spills
            chunks = [local_pairs[i : i + PAIRS_PER_TASK] for i in range(0, len(local_pairs), PAIRS_PER_TASK)]
            calls = [(c, spills, {n: where[n] for pair in c for n in pair}, prm) for c in chunks]
            known: dict[tuple[str, str], tuple[float, float]] = {}
            for verdicts in cluster.map(_verify, calls):
                known.update(verdicts)
            dd.known = known

            # 5. components, here, over the records in an edge only
            def sentences_of(n: int) -> list[list[str]]:
                return sentence_syllables(article_text(_read_back(spills, where, [n])[n]))

            assignments = dd.resolve(sentences_of, pairs=iter(local_pairs))
            dd.stats.clusters += total - len(involved)  # every other record is a story of its own
            dd.stats.documents = total
            assigned: dict[int, dict[int, Assignment]] = {}
            for n, s, a in zip(involved, shard_of, assignments, strict=True):
                assigned.setdefault(s, {})[n - offsets[s]] = a
            # 6. the parts, rewritten with the dedup fields
            calls_w = [
                (
                    spills[i],
                    os.path.join(out_dir, f"part-{shard.index:05d}{SUFFIX[chosen]}"),
                    chosen,
                    assigned.get(i, {}),
                    drop_duplicates,
                )
                for i, shard in enumerate(shards)
            ]
            written = sum(cluster.map(_rewrite, calls_w))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return RayDedup(counters=counters, stats=dd.stats, written=written, parts=len(shards))
