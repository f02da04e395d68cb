"""Deduplication of a whole batch: exact and URL duplicates, sentence-LSH candidates, verification, clusters.

Only small per-document state is kept (band hashes, a hash of the text, the canonical URL and what the
canonical choice needs); the texts are asked back through ``sentences_of`` for the few candidate pairs, so
a caller can keep them on disk (``baochi dedup`` spills its records to a temporary file).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from baochi.dedup.align import AlignParams, similarity
from baochi.dedup.candidates import MAX_BUCKET, MIN_SHARED, BandTable
from baochi.dedup.cluster import MemberInfo, UnionFind, choose_canonical, outlet_keys
from baochi.dedup.minhash import LshParams, band_hashes_of_many
from baochi.dedup.text import article_text, sentence_syllable_bytes
from baochi.dedup.verify import verify
from baochi.model import Article
from baochi.store.keys import digest, url_key

Sentences = list[list[str]]

# Probability (baochi.dedup.verify) at or above which a pair is the same article (dev pairs: see
# docs/dedup.md).
DUPLICATE_THRESHOLD = 0.4


# Documents whose band hashes are computed together (numpy's cost per call dominated one at a time;
# 64 was the fastest of 1, 64, 256 on VNDS).
HASH_BATCH = 64

# Share of the pairs across two clusters that must be duplicates for the clusters to merge (1.0 is complete
# linkage: every story in a cluster is a copy of every other; measured in docs/dedup.md).
LINKAGE = 1.0

# Rounds of single-record moves after the linkage (0: none), and the largest group of linked records they
# look at (its pairs are all verified: 40 records are 780 pairs).
REFINE_ROUNDS = 5
REFINE_MAX = 40
# Weight of a pair that disagrees (probability under the threshold) against one that agrees, in the moves:
# above 1, a record does not join a cluster of two different stories just because it copies one of them
# strongly (a brief made of two articles stays with one).
REFINE_PENALTY = 2.0


@dataclass(frozen=True, slots=True)
class DedupParams:
    """Every knob of near-duplicate detection, with the measured defaults."""

    lsh: LshParams = field(default_factory=LshParams)
    align: AlignParams = field(default_factory=AlignParams)
    threshold: float = DUPLICATE_THRESHOLD
    min_shared: int = MIN_SHARED
    max_bucket: int = MAX_BUCKET
    linkage: float = LINKAGE
    refine_rounds: int = REFINE_ROUNDS
    refine_max: int = REFINE_MAX
    refine_penalty: float = REFINE_PENALTY
    refine_weight: str = "margin"


@dataclass(frozen=True, slots=True)
class Assignment:
    """The dedup fields of one record."""

    cluster_id: str
    duplicate_of: str | None
    similarity: float | None


@dataclass(slots=True)
class BatchStats:
    """What a batch run did (for the summary line and the benchmark)."""

    documents: int = 0
    exact: int = 0
    url: int = 0
    candidates: int = 0
    verified_duplicates: int = 0
    clusters: int = 0
    duplicates: int = 0
    extra: dict[str, int] = field(default_factory=dict)


def member_info(article: Article, length: int) -> MemberInfo:
    """What the canonical choice needs of a record."""
    outlet = article.outlet
    return MemberInfo(
        id=article.id,
        outlet_keys=outlet_keys(outlet.name, outlet.domain) if outlet else (),
        attribution=article.attribution,
        published_at=article.published_at,
        length=length,
    )


def pair_verdict(
    a: tuple[str, Sentences], b: tuple[str, Sentences], params: AlignParams | None = None
) -> tuple[float, float]:
    """(duplicate probability, aligned share) of two records given as ``(id, sentences)``, in id order:
    the same values whatever the order they come in (two texts of equal length are otherwise aligned
    first against second)."""
    if b[0] < a[0]:
        a, b = b, a
    v = verify(a[1], b[1], params or AlignParams())
    return v.probability, v.similarity


class BatchDeduplicator:
    """Add records one by one (first pass), then ``resolve`` them into clusters.

    ``known`` holds verdicts already computed -- (probability, aligned share) by ``(smaller id, larger
    id)``: they are used instead of aligning the pair again (the store keeps its verified pairs).
    ``bands=False`` skips the band hashes: the caller gives the candidate pairs to ``resolve``.
    ``keep_pairs=True`` keeps every candidate pair ``resolve`` verified, with its verdict, in
    ``verified``, and those it skipped because an exact copy or a same-URL record already joined them in
    ``grouped`` (``baochi recluster`` stores them). The result does not depend on the order the records
    are added in: ties are broken by record id.
    """

    def __init__(
        self,
        params: DedupParams | None = None,
        *,
        known: Mapping[tuple[str, str], tuple[float, float]] | None = None,
        bands: bool = True,
        keep_pairs: bool = False,
    ) -> None:
        self.params = params or DedupParams()
        self.bands, self.keep_pairs = bands, keep_pairs
        self.known: Mapping[tuple[str, str], tuple[float, float]] = {} if known is None else known
        self.verified: dict[tuple[int, int], tuple[float, float]] = {}
        self.grouped: list[tuple[int, int]] = []
        self.table = BandTable.empty()
        self.members: list[MemberInfo] = []
        self.exact_edges: list[tuple[int, int]] = []
        self.url_edges: list[tuple[int, int]] = []
        self._by_text: dict[bytes, int] = {}
        self._by_url: dict[bytes, int] = {}
        self.stats = BatchStats()
        self._sims: dict[tuple[int, int], tuple[float, float]] = {}
        self._get: Callable[[int], Sentences] = lambda i: []
        self._queued: list[
            Sequence[Sequence[str | bytes]]
        ] = []  # sentences of the documents not hashed yet (the last ones)

    def add(self, article: Article, sentences: Sentences | None = None) -> int:
        """Index one record; returns its number (the argument ``sentences_of`` will be called with)."""
        n = len(self.members)
        # the syllables as UTF-8 bytes unless given: the same lengths, key and hashes, cheaper to make
        sents: Sequence[Sequence[str | bytes]]
        if sentences is None:
            sents = byte_sents = sentence_syllable_bytes(article_text(article))
            key = b"\n".join(map(b" ".join, byte_sents))
        else:
            sents = sentences
            key = "\n".join(map(" ".join, sentences)).encode("utf-8")
        self.members.append(member_info(article, sum(map(len, sents))))
        if sents:
            # the words, not the punctuation or spacing: exact copies re-typeset by another CMS still match
            first = self._by_text.setdefault(digest(key), n)
            if first != n:
                self.exact_edges.append((first, n))
        if (by_url := url_key(article.url)) is not None:
            first = self._by_url.setdefault(by_url, n)
            if first != n:
                self.url_edges.append((first, n))
        if self.bands:
            self._queued.append(sents)
        if len(self._queued) >= HASH_BATCH:
            self._hash_queued()
        return n

    def _hash_queued(self) -> None:
        """Band hashes of the queued documents into the table."""
        if self._queued:
            hashes, pos = band_hashes_of_many(self._queued, self.params.lsh)
            first = len(self.members) - len(self._queued)
            self.table.add_many(pos + np.uint32(first), hashes)
            self._queued.clear()

    def resolve(
        self, sentences_of: Callable[[int], Sentences], pairs: Iterable[tuple[int, int]] | None = None
    ) -> list[Assignment]:
        """Verify the candidate pairs, build the clusters and the fields of every record.

        ``pairs`` (record numbers) replaces the band table's candidate pairs: the store finds candidates
        with its own index and re-clusters a few records at a time.
        """
        self._hash_queued()
        p = self.params
        uf: UnionFind[int] = UnionFind()
        for a, b in self.exact_edges:
            uf.union(a, b)
        for a, b in self.url_edges:
            uf.union(a, b)
        self.stats.documents = len(self.members)
        self.stats.exact = len(self.exact_edges)
        self.stats.url = len(self.url_edges)
        cache: dict[int, Sentences] = {}

        def get(i: int) -> Sentences:
            if i not in cache:
                if len(cache) > 4096:
                    cache.clear()
                cache[i] = sentences_of(i)
            return cache[i]

        self._get = get
        edges: list[tuple[float, int, int]] = []
        if pairs is None:
            pairs = ((a, b) for a, b, _ in self.table.candidate_pairs(p.min_shared, p.max_bucket))
        for a, b in pairs:
            a, b = min(a, b), max(a, b)
            if uf.find(a) == uf.find(b):
                if self.keep_pairs:
                    self.grouped.append((a, b))
                continue
            self.stats.candidates += 1
            verdict = self._verdict(a, b)
            if self.keep_pairs:
                self.verified[(a, b)] = verdict
            prob = verdict[0]
            if prob >= p.threshold:
                self.stats.verified_duplicates += 1
                edges.append((prob, a, b))
        self._link(uf, edges)
        groups = self._refine(uf, edges)
        return self._assign(groups)

    def _verdict(self, a: int, b: int) -> tuple[float, float]:
        """(duplicate probability, aligned share) of two records, computed once."""
        key = (a, b) if a < b else (b, a)
        if key not in self._sims:
            ia, ib = self.members[key[0]].id, self.members[key[1]].id
            known = self.known.get((ia, ib) if ia < ib else (ib, ia))
            if known is None:
                known = pair_verdict((ia, self._get(key[0])), (ib, self._get(key[1])), self.params.align)
            self._sims[key] = known
        return self._sims[key]

    def _link(self, uf: UnionFind[int], edges: list[tuple[float, int, int]]) -> None:
        """Merge along verified edges, strongest first, only when the two clusters agree as wholes.

        The duplicate relation is not transitive (a brief can copy parts of two different articles), so a
        plain union along every edge chains different stories into one cluster. Two clusters merge only
        when at least ``linkage`` of the pairs across them are duplicates too (pairs inside exact-copy
        groups are checked once, through one member).
        """
        p = self.params
        members: dict[int, list[int]] = {}
        for x in list(uf.parent):
            members.setdefault(uf.find(x), []).append(x)
        copies = {b for _, b in self.exact_edges}
        ids = [m.id for m in self.members]
        # strongest first; equal probabilities in record-id order, so that the clusters do not depend on
        # the input order (the store re-clusters a few records at a time and must agree with a whole run)
        order = sorted(edges, key=lambda e: (-e[0], *sorted((ids[e[1]], ids[e[2]]))))
        for _prob, a, b in order:
            ra, rb = uf.find(a), uf.find(b)
            if ra == rb:
                continue
            left, right = members.get(ra, [a]), members.get(rb, [b])
            reps_l, reps_r = _distinct(left, copies), _distinct(right, copies)
            agree = total = 0
            for x in reps_l:
                for y in reps_r:
                    if (min(x, y), max(x, y)) not in self._sims:
                        self.stats.extra["linkage checks"] = self.stats.extra.get("linkage checks", 0) + 1
                    agree += self._verdict(x, y)[0] >= p.threshold
                    total += 1
            if agree >= p.linkage * total:
                root = uf.union(a, b)
                merged = left + right
                members.pop(ra, None)
                members.pop(rb, None)
                members[root] = merged

    def _refine(self, uf: UnionFind[int], edges: list[tuple[float, int, int]]) -> list[list[int]]:
        """Move single records between the clusters of one linked group while that agrees with more pairs.

        Complete linkage never undoes a merge made early and refuses a record that agrees with most of a
        cluster but not all of it. Within each group of records linked by verified edges (at most
        ``refine_max``), a record moves to the cluster where the sum of (probability - threshold) over its
        members is highest -- or leaves when that sum is negative where it is -- for a few rounds: a local
        search for the partition that agrees with the most verified pairs (dev pairs: all-pairs F1 0.82 ->
        0.87 with the same precision on the clear pairs; docs/dedup.md).
        """
        p = self.params
        clusters = [sorted(g) for g in uf.groups().values()]
        if p.refine_rounds <= 0:
            return clusters
        linked: UnionFind[int] = UnionFind()
        for _prob, a, b in edges:
            linked.union(a, b)
        for a, b in (*self.exact_edges, *self.url_edges):
            linked.union(a, b)
        cluster_of = {x: g for g in clusters for x in g}
        # exact copies and same-URL records are one article: they stay together, others move around them
        fixed = {x for e in (*self.exact_edges, *self.url_edges) for x in e}
        out = [g for g in clusters if g[0] not in linked.parent]
        ids = [m.id for m in self.members]
        for group in sorted(linked.groups().values(), key=min):
            # records by id, clusters labelled by their first record's rank: nothing depends on input order
            nodes = sorted(group, key=ids.__getitem__)
            if len(nodes) > p.refine_max:
                out.extend({id(cluster_of[x]): cluster_of[x] for x in nodes}.values())
                continue
            rank = {x: r for r, x in enumerate(nodes)}
            label = [min(rank[y] for y in cluster_of[x]) for x in nodes]
            self._local_search(label, nodes, fixed)
            groups: dict[int, list[int]] = {}
            for r, x in enumerate(nodes):
                groups.setdefault(label[r], []).append(x)
            out.extend(groups.values())
        return out

    def _local_search(self, label: list[int], nodes: list[int], fixed: set[int]) -> None:
        """Single-record moves over ``nodes`` (labels by position in ``label``), a few rounds; records in
        ``fixed`` do not move."""
        t = self.params.threshold
        weight = _log_odds(t) if self.params.refine_weight == "log-odds" else (lambda prob: prob - t)
        for _round in range(self.params.refine_rounds):
            moved = False
            for r, x in enumerate(nodes):
                if x in fixed:
                    continue
                gains: dict[int, float] = {}
                for q, y in enumerate(nodes):
                    if q != r:
                        margin = weight(self._verdict(x, y)[0])
                        if margin < 0:
                            margin *= self.params.refine_penalty
                        gains[label[q]] = gains.get(label[q], 0.0) + margin
                here = gains.pop(label[r], 0.0)
                best = max(gains.items(), key=lambda kv: (kv[1], -kv[0]), default=None)
                if best is not None and best[1] > here + 1e-9 and best[1] > 0:
                    label[r] = best[0]
                    moved = True
                elif here < 0:
                    label[r] = -1 - r  # alone (a label no cluster has)
                    moved = True
            if not moved:
                break

    def _assign(self, groups: list[list[int]]) -> list[Assignment]:
        exact = {b for _, b in self.exact_edges} | {b for _, b in self.url_edges}
        out: list[Assignment | None] = [None] * len(self.members)
        for group in groups:
            infos = [self.members[i] for i in group]
            canon = choose_canonical(infos)
            ci = group[infos.index(canon)]
            self.stats.clusters += 1
            for i in group:
                if i == ci:
                    out[i] = Assignment(canon.id, None, None)
                    continue
                self.stats.duplicates += 1
                if i in exact and _same_text(self._get(i), self._get(ci)):
                    sim = 1.0
                else:
                    # the aligned share (the verdict's, unless the pre-filter skipped the alignment)
                    x, y = sorted((i, ci), key=lambda k: self.members[k].id)  # id order, as pair_verdict
                    sim = self._verdict(i, ci)[1] or similarity(self._get(x), self._get(y), self.params.align)
                out[i] = Assignment(canon.id, canon.id, round(sim, 4))
        for i, a in enumerate(out):
            if a is None:
                self.stats.clusters += 1
                out[i] = Assignment(self.members[i].id, None, None)
        return [a for a in out if a is not None]


def _log_odds(threshold: float) -> Callable[[float], float]:
    """Weight of a pair in the refinement: log odds of its probability over the threshold's (clipped)."""
    lo, hi = 0.01, 0.99
    base = math.log(threshold / (1 - threshold))

    def weight(prob: float) -> float:
        q = min(hi, max(lo, prob))
        return math.log(q / (1 - q)) - base

    return weight


def _distinct(group: list[int], copies: set[int]) -> list[int]:
    """One member per exact-copy group (``copies``: the later members of such groups)."""
    out = [i for i in group if i not in copies]
    return out or group[:1]


def _same_text(a: Sequence[Sequence[str]], b: Sequence[Sequence[str]]) -> bool:
    return [list(s) for s in a] == [list(s) for s in b]
