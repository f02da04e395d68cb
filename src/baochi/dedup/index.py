"""Incremental deduplication in the store: the clusters are always those a batch run would give.

The sentence band hashes of every record, its cluster, text and URL keys and every verified candidate pair
at or above the threshold live in the store's dedup tables, read and written through ``Store.dedup``
(``baochi.store.dedup_tables``: this module holds the algorithm, not the SQL). Adding, re-ingesting or
removing a record changes the edges around it only; then the *component* of the records it touches (the
records connected to them through edges, equal text keys or equal URL keys) is clustered again by
``BatchDeduplicator`` itself, fed the stored edges and their similarities (nothing verified is aligned
again), and the dedup fields of the records whose cluster changed are rewritten (``DedupTables.assign``,
through the ``Store``). The batch's clusters never cross a component, so this gives the batch's clusters
over the whole store whatever the order of ingests and removals (up to ``MAX_COMPONENT``, below).
``baochi.dedup.rebuild`` recomputes the whole index (``baochi recluster``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from baochi.dedup.batch import HASH_BATCH, BatchDeduplicator, DedupParams, pair_verdict
from baochi.dedup.minhash import band_hashes_of_many
from baochi.dedup.text import article_text, sentence_syllables
from baochi.model import Article
from baochi.store import Store
from baochi.store.dedup_tables import Keys
from baochi.store.keys import text_key, url_key

# Records re-clustered around one changed record. Components are small (the largest of 3,731 baomoi
# records has 24 records, its largest cluster 14), but templated bulletins or thousands of exact copies could
# chain into a large one: the walk stops adding edge neighbours past this many records (whole clusters
# are still taken, so no cluster is cut in two). Past the cap the store's clusters may differ from a
# batch run's until ``baochi recluster``.
MAX_COMPONENT = 200

Sentences = list[list[str]]


def _signed(values: np.ndarray) -> list[int]:
    # SQLite integers are signed 64-bit
    out: list[int] = values.astype(np.uint64).view(np.int64).tolist()
    return out


@dataclass(frozen=True, slots=True)
class Entry:
    """What the index keeps of one record: id, sentences, text and URL keys, band hashes (signed)."""

    id: str
    sents: Sentences
    text_key: bytes | None
    url_key: bytes | None
    hashes: list[int]


def entries(articles: Sequence[Article], p: DedupParams) -> list[Entry]:
    """The index rows of some records (their band hashes computed ``HASH_BATCH`` at a time, as the
    batch does: numpy's cost per call dominated one record at a time)."""
    out: list[Entry] = []
    for start in range(0, len(articles), HASH_BATCH):
        chunk = articles[start : start + HASH_BATCH]
        sents = [sentence_syllables(article_text(a)) for a in chunk]
        hashes, pos = band_hashes_of_many(sents, p.lsh)
        # pos is sorted: each record's hashes are one slice
        bounds = np.searchsorted(pos, np.arange(len(chunk) + 1, dtype=np.uint32))
        for n, (a, s) in enumerate(zip(chunk, sents, strict=True)):
            h = _signed(hashes[bounds[n] : bounds[n + 1]])
            out.append(Entry(a.id, s, text_key(s), url_key(a.url), h))
    return out


class _Texts:
    """Sentences of stored records, read once per run (newcomers' are given)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.sents: dict[str, Sentences] = {}
        self.records: dict[str, Article] = {}

    def record(self, article_id: str) -> Article | None:
        if article_id not in self.records:
            # the exact id (Store.get also takes prefixes, which must not stand in for a missing record)
            rec = self.store.get_exact(article_id)
            if rec is None:
                return None
            self.records[article_id] = rec
        return self.records[article_id]

    def of(self, article_id: str) -> Sentences:
        if article_id not in self.sents:
            rec = self.record(article_id)
            self.sents[article_id] = sentence_syllables(article_text(rec)) if rec else []
        return self.sents[article_id]


def _same_group(x: Keys, y: Keys) -> bool:
    # an exact copy or the same URL: always one group (the batch never verifies such a pair)
    return (x[0] is not None and x[0] == y[0]) or (x[1] is not None and x[1] == y[1])


def _crowded_now(store: Store, buckets: set[int], p: DedupParams) -> set[str]:
    """Buckets that just became crowded (more than ``max_bucket`` records): their old pairs lose a
    shared bucket, so stored edges that no longer share ``min_shared`` uncrowded buckets go (as the
    batch, which skips crowded buckets, would not verify them). Returns the records touched."""
    t = store.dedup
    members = t.bucket_members(buckets)
    if len(members) < 2:
        return set()
    edges = t.edges_among(members)
    if not edges:
        return set()
    bands = t.bands_of(sorted(members))
    sizes = t.bucket_sizes(set().union(*bands.values()))
    touched: set[str] = set()
    for a, b, _, _ in edges:
        shared = [h for h in bands[a] & bands[b] if sizes[h] <= p.max_bucket]
        if len(shared) < p.min_shared:
            t.remove_edge(a, b)
            touched |= {a, b}
    return touched


def _uncrowded_now(store: Store, buckets: set[int], p: DedupParams, texts: _Texts) -> set[str]:
    """Buckets that just came back to ``max_bucket`` records: pairs among their members that now share
    ``min_shared`` uncrowded buckets (and did not before) become candidates and are verified. Returns
    the records touched."""
    t = store.dedup
    members = t.bucket_members(buckets)
    if len(members) < 2:
        return set()
    ids = sorted(members)
    bands = t.bands_of(ids)
    sizes = t.bucket_sizes(set().union(*bands.values()))
    keys = t.keys_of(ids)
    touched: set[str] = set()
    for a, b in combinations(ids, 2):
        shared = {h for h in bands[a] & bands[b] if sizes[h] <= p.max_bucket}
        if len(shared) < p.min_shared or len(shared - buckets) >= p.min_shared:
            continue  # not a candidate, or one already (verified when the later of the two came in)
        if _same_group(keys[a], keys[b]):
            continue
        verdict = pair_verdict((a, texts.of(a)), (b, texts.of(b)), p.align)
        if verdict[0] >= p.threshold:
            t.add_edge(a, b, *verdict)
            touched |= {a, b}
    return touched


def _component(store: Store, seed: str, seen: set[str]) -> list[str]:
    """The records connected to ``seed``, breadth first: at most ``MAX_COMPONENT`` reached through links,
    plus the whole current cluster of every record taken (so that no cluster is cut in two)."""
    out: list[str] = []
    queue = [seed]
    seen.add(seed)
    while queue:
        x = queue.pop(0)
        out.append(x)
        mates = sorted(store.dedup.cluster_mates(x) - seen)
        seen.update(mates)
        queue += mates
        if len(out) + len(queue) >= MAX_COMPONENT:
            continue
        for y in sorted(store.dedup.neighbours(x, MAX_COMPONENT) - seen):
            if len(out) + len(queue) >= MAX_COMPONENT:
                break
            seen.add(y)
            queue.append(y)
    return out


def _detach(store: Store, article_id: str, p: DedupParams, texts: _Texts) -> set[str]:
    """Delete a record's index rows; returns the records whose clusters may change."""
    t = store.dedup
    if not t.is_member(article_id):
        return set()
    touched = t.neighbours(article_id, MAX_COMPONENT) | t.cluster_mates(article_id)
    sizes = t.bucket_sizes(t.hashes_of(article_id))
    freed = {h for h, n in sizes.items() if n == p.max_bucket + 1}
    t.remove_member(article_id)
    if freed:
        touched |= _uncrowded_now(store, freed, p, texts)
    touched.discard(article_id)
    return touched


def _attach(store: Store, e: Entry, p: DedupParams, texts: _Texts) -> set[str]:
    """Insert a record's index rows and its verified edges; returns other records touched."""
    t = store.dedup
    touched: set[str] = set()
    # candidates: records sharing min_shared of its buckets, crowded buckets skipped -- counted with the
    # newcomer, as the batch counts them over every record
    scores = t.candidates(e.hashes, p.max_bucket, p.min_shared)
    if scores:
        keys = t.keys_of(scores)
        for other in sorted(scores):
            if other in keys and _same_group((e.text_key, e.url_key), keys[other]):
                continue
            verdict = pair_verdict((e.id, e.sents), (other, texts.of(other)), p.align)
            if verdict[0] >= p.threshold:
                t.add_edge(e.id, other, *verdict)
    crowded = {h for h, n in t.bucket_sizes(e.hashes).items() if n == p.max_bucket}
    t.add_member(e.id, e.hashes, (e.text_key, e.url_key))
    if crowded:
        touched |= _crowded_now(store, crowded, p)
    return touched


def _recluster(
    store: Store, seeds: set[str], p: DedupParams, texts: _Texts, force: Iterable[str] = ()
) -> int:
    """Cluster the components of ``seeds`` again with the batch; rewrite the fields that changed (and
    always those of ``force``: records just written by the store). Returns records rewritten."""
    seen: set[str] = set()
    ids: list[str] = []
    for seed in sorted(seeds):
        if seed not in seen:
            ids += _component(store, seed, seen)
    records = [(i, r) for i in ids if (r := texts.record(i)) is not None]
    if not records:
        return 0
    ids = [i for i, _ in records]
    number = {i: n for n, i in enumerate(ids)}
    edges = store.dedup.edges_among(ids)
    current = store.dedup.members_of(ids)
    known = {(a, b): (pr, s) for a, b, pr, s in edges}
    dd = BatchDeduplicator(p, known=known, bands=False)
    for i, rec in records:
        dd.add(rec, texts.of(i))
    out = dd.resolve(lambda n: texts.of(ids[n]), [(number[a], number[b]) for a, b, _, _ in edges])
    forced = set(force)
    written = 0
    for i, a in zip(ids, out, strict=True):
        if i in forced or current.get(i) != (a.cluster_id, a.similarity):
            store.dedup.assign(i, a.cluster_id, a.duplicate_of, a.similarity)
            written += 1
    return written


def forget(store: Store, article_id: str, params: DedupParams | None = None) -> None:
    """Take a record out of the dedup index (removed or about to be re-indexed); its component is
    clustered again."""
    p = params or DedupParams()
    texts = _Texts(store)
    _recluster(store, _detach(store, article_id, p, texts), p, texts)


def prune(store: Store, params: DedupParams | None = None) -> int:
    """Take out of the dedup index the records no longer in the store (their components re-clustered)."""
    p = params or DedupParams()
    texts = _Texts(store)
    stale = store.dedup.stale()
    touched: set[str] = set()
    for article_id in stale:
        touched |= _detach(store, article_id, p, texts)
    _recluster(store, touched - set(stale), p, texts)
    return len(stale)


def index_articles(
    store: Store,
    articles: list[Article],
    params: DedupParams | None = None,
    prepared: Sequence[Entry | None] | None = None,
) -> None:
    """Add stored records to the dedup index and cluster their components again (an ``Ingest`` hook).
    ``prepared``: ``entries`` of each record (default parameters), made beforehand (in a worker process);
    one made for a record under another id is made again."""
    p = params or DedupParams()
    texts = _Texts(store)
    stale = store.dedup.stale()
    new = {a.id: a for a in articles}
    touched: set[str] = set()
    for article_id in [*stale, *new]:  # deleted records and the old rows of re-ingested ones go first
        touched |= _detach(store, article_id, p, texts)
    if p != DedupParams():  # made with the default parameters
        prepared = None
    given = {
        a.id: e for a, e in zip(articles, prepared or [], strict=False) if e is not None and e.id == a.id
    }
    missing = [a for a in new.values() if a.id not in given]
    made = dict(zip((a.id for a in missing), entries(missing, p), strict=True)) if missing else {}
    ready = [made.get(i) or given[i] for i in new]
    for article, e in zip(new.values(), ready, strict=True):
        texts.records[e.id], texts.sents[e.id] = article, e.sents
        touched |= _attach(store, e, p, texts)
    touched -= set(stale) - set(new)
    _recluster(store, touched | set(new), p, texts, force=new)
