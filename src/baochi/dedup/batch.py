"""Deduplication of a whole batch: exact and URL duplicates, sentence-LSH candidates, verification, clusters.

Only small per-document state is kept (band hashes, a hash of the text, the canonical URL and what the
canonical choice needs); the texts are asked back through ``sentences_of`` for the few candidate pairs, so
a caller can keep them on disk (``baochi dedup`` spills its records to a temporary file).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from baochi.dedup.align import AlignParams, similarity
from baochi.dedup.candidates import MAX_BUCKET, MIN_SHARED, BandTable
from baochi.dedup.cluster import MemberInfo, UnionFind, choose_canonical, outlet_keys
from baochi.dedup.minhash import LshParams, band_hashes_of_many
from baochi.dedup.text import article_text, sentence_syllable_bytes
from baochi.model import Article
from baochi.urls import canonical_url

Sentences = list[list[str]]

# Aligned share of the shorter text at or above which a pair is the same article (dev pairs: see
# docs/dedup.md; the labelling rule says ~60% of the shorter text's sentences).
DUPLICATE_THRESHOLD = 0.45


# Documents whose band hashes are computed together (numpy's cost per call dominated one at a time;
# 64 was the fastest of 1, 64, 256 on VNDS).
HASH_BATCH = 64

# Share of the pairs across two clusters that must be duplicates for the clusters to merge (1.0 is complete
# linkage: every story in a cluster is a copy of every other; measured in docs/dedup.md).
LINKAGE = 1.0


@dataclass(frozen=True, slots=True)
class DedupParams:
    """Every knob of near-duplicate detection, with the measured defaults."""

    lsh: LshParams = field(default_factory=LshParams)
    align: AlignParams = field(default_factory=AlignParams)
    threshold: float = DUPLICATE_THRESHOLD
    min_shared: int = MIN_SHARED
    max_bucket: int = MAX_BUCKET
    linkage: float = LINKAGE


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


def pair_similarity(
    a: tuple[str, Sentences], b: tuple[str, Sentences], params: AlignParams | None = None
) -> float:
    """``similarity`` of two records given as ``(id, sentences)``, in id order: the same value whatever
    the order they come in (two texts of equal length are otherwise aligned first against second)."""
    if b[0] < a[0]:
        a, b = b, a
    return similarity(a[1], b[1], params or AlignParams())


class BatchDeduplicator:
    """Add records one by one (first pass), then ``resolve`` them into clusters.

    ``known`` holds similarities already verified, by ``(smaller id, larger id)``: they are used instead
    of aligning the pair again (the store keeps its verified pairs). ``bands=False`` skips the band
    hashes: the caller gives the candidate pairs to ``resolve``. ``keep_pairs=True`` keeps every candidate
    pair ``resolve`` verified, with its similarity, in ``verified``, and those it skipped because an
    exact copy or a same-URL record already joined them in ``grouped`` (``baochi recluster`` stores them).
    """

    def __init__(
        self,
        params: DedupParams | None = None,
        *,
        known: Mapping[tuple[str, str], float] | None = None,
        bands: bool = True,
        keep_pairs: bool = False,
    ) -> None:
        self.params = params or DedupParams()
        self.bands, self.keep_pairs = bands, keep_pairs
        self.known: Mapping[tuple[str, str], float] = known or {}
        self.verified: dict[tuple[int, int], float] = {}
        self.grouped: list[tuple[int, int]] = []
        self.table = BandTable.empty()
        self.members: list[MemberInfo] = []
        self.exact_edges: list[tuple[int, int]] = []
        self.url_edges: list[tuple[int, int]] = []
        self._by_text: dict[bytes, int] = {}
        self._by_url: dict[bytes, int] = {}
        self.stats = BatchStats()
        self._sims: dict[tuple[int, int], float] = {}
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
            digest = hashlib.blake2b(key, digest_size=12).digest()
            first = self._by_text.setdefault(digest, n)
            if first != n:
                self.exact_edges.append((first, n))
        if article.url:
            url_key = hashlib.blake2b(canonical_url(article.url).encode("utf-8"), digest_size=12).digest()
            first = self._by_url.setdefault(url_key, n)
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

    def _similarity(self, a: int, b: int, get: Callable[[int], Sentences]) -> float:
        """Similarity of records ``a`` and ``b``: known, or aligned in id order (input order is moot)."""
        ia, ib = self.members[a].id, self.members[b].id
        sim = self.known.get((ia, ib) if ia < ib else (ib, ia))
        if sim is None:
            sim = pair_similarity((ia, get(a)), (ib, get(b)), self.params.align)
        return sim

    def resolve(
        self, sentences_of: Callable[[int], Sentences], pairs: Iterable[tuple[int, int]] | None = None
    ) -> list[Assignment]:
        """Verify the candidate pairs, build the clusters and the fields of every record.

        ``pairs`` (record numbers ``a < b``) replaces the band table's candidate pairs: the store finds
        candidates with its own index and re-clusters a few records at a time.
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
            sim = self._similarity(a, b, get)
            self._sims[(a, b)] = sim
            if self.keep_pairs:
                self.verified[(a, b)] = sim
            if sim >= p.threshold:
                self.stats.verified_duplicates += 1
                edges.append((sim, a, b))
        self._link(uf, edges, get)
        return self._assign(uf, get)

    def _link(
        self, uf: UnionFind[int], edges: list[tuple[float, int, int]], get: Callable[[int], Sentences]
    ) -> None:
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
        known: dict[tuple[int, int], bool] = {}
        ids = [m.id for m in self.members]
        # strongest first; equal similarities in record-id order, so that the clusters do not depend on
        # the input order (the store re-clusters a few records at a time and must agree with a whole run)
        order = sorted(edges, key=lambda e: (-e[0], *sorted((ids[e[1]], ids[e[2]]))))
        for _sim, a, b in order:
            ra, rb = uf.find(a), uf.find(b)
            if ra == rb:
                continue
            left, right = members.get(ra, [a]), members.get(rb, [b])
            reps_l, reps_r = self._distinct(left), self._distinct(right)
            agree = total = 0
            for x in reps_l:
                for y in reps_r:
                    key = (min(x, y), max(x, y))
                    if key not in known:
                        self.stats.extra["linkage checks"] = self.stats.extra.get("linkage checks", 0) + 1
                        if key not in self._sims:
                            self._sims[key] = self._similarity(x, y, get)
                        known[key] = self._sims[key] >= p.threshold
                    agree += known[key]
                    total += 1
            if agree >= p.linkage * total:
                root = uf.union(a, b)
                merged = left + right
                members.pop(ra, None)
                members.pop(rb, None)
                members[root] = merged

    def _distinct(self, group: list[int]) -> list[int]:
        """One member per exact-copy group (they all have the same similarities)."""
        copies = {b for _, b in self.exact_edges}
        out = [i for i in group if i not in copies]
        return out or group[:1]

    def _assign(self, uf: UnionFind[int], get: Callable[[int], Sentences]) -> list[Assignment]:
        exact = {b for _, b in self.exact_edges} | {b for _, b in self.url_edges}
        out: list[Assignment | None] = [None] * len(self.members)
        for group in uf.groups().values():
            infos = [self.members[i] for i in group]
            canon = choose_canonical(infos)
            ci = group[infos.index(canon)]
            self.stats.clusters += 1
            for i in group:
                if i == ci:
                    out[i] = Assignment(canon.id, None, None)
                    continue
                self.stats.duplicates += 1
                sim = self._sims.get((min(i, ci), max(i, ci)))
                if sim is None:
                    exact_copy = i in exact and _same_text(get(i), get(ci))
                    sim = 1.0 if exact_copy else self._similarity(i, ci, get)
                out[i] = Assignment(canon.id, canon.id, round(sim, 4))
        for i, a in enumerate(out):
            if a is None:
                self.stats.clusters += 1
                out[i] = Assignment(self.members[i].id, None, None)
        return [a for a in out if a is not None]


def _same_text(a: Sequence[Sequence[str]], b: Sequence[Sequence[str]]) -> bool:
    return [list(s) for s in a] == [list(s) for s in b]
