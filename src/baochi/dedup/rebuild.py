"""Rebuild the dedup index of a whole store from its records (``baochi recluster``).

After an upgrade that changes the verifier or the thresholds, or for a store indexed before migration 4
(no stored edges), the clusters are recomputed from scratch: one ``BatchDeduplicator`` over every record,
which keeps only band hashes and a few fields per record (the records are streamed from the store in
chunks and read back one by one for the candidate pairs), then the index tables are written again. The
result is the store an ingest of every record would have made: the same band rows, the same verified
pairs, the same clusters and fields.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass

from baochi.dedup.batch import BatchDeduplicator, DedupParams, pair_verdict
from baochi.dedup.index import Sentences, entries
from baochi.dedup.text import article_text, sentence_syllables
from baochi.store import Store

# Records read at a time (``Store.iter_chunks``): memory stays small.
CHUNK = 500

Progress = Callable[[str, int], None]


@dataclass(frozen=True, slots=True)
class RebuildStats:
    """What a rebuild found: records, candidate pairs verified, duplicate pairs kept, clusters."""

    records: int
    candidates: int
    edges: int
    clusters: int
    duplicates: int


def rebuild(
    store: Store, params: DedupParams | None = None, progress: Progress | None = None
) -> RebuildStats:
    """Recompute the band hashes, verified pairs and clusters of every record, in one transaction;
    ``progress`` is told ``("read" | "write", records)`` as the two passes go."""
    p = params or DedupParams()
    tell = progress or (lambda _phase, _n: None)
    with store.transaction():
        dd = BatchDeduplicator(p, keep_pairs=True)
        nums = array("q")
        for chunk in store.iter_chunks(CHUNK):
            for num, article in chunk:
                dd.add(article)
                nums.append(num)
            tell("read", len(chunk))

        def sentences_of(i: int) -> Sentences:
            return sentence_syllables(article_text(store.get_many([nums[i]])[nums[i]]))

        out = dd.resolve(sentences_of)
        edges = _edges(dd, sentences_of)
        t = store.dedup
        t.clear()
        t.add_edges((a, b, *v) for a, b, v in edges)
        i = 0
        for chunk in store.iter_chunks(CHUNK):
            for e in entries([article for _, article in chunk], p):
                a = out[i]
                i += 1
                t.add_member(e.id, e.hashes, (e.text_key, e.url_key), a.cluster_id, a.similarity)
                store.set_dedup_fields(e.id, a.cluster_id, a.duplicate_of, a.similarity)
            tell("write", len(chunk))
    s = dd.stats
    return RebuildStats(len(nums), s.candidates, len(edges), s.clusters, s.duplicates)


def _edges(
    dd: BatchDeduplicator, sentences_of: Callable[[int], Sentences]
) -> list[tuple[str, str, tuple[float, float]]]:
    """The pairs the store keeps: every candidate pair at or above the threshold, but exact copies and
    same-URL records (one group for good, so never needed)."""
    p = dd.params
    ids = [m.id for m in dd.members]
    text = {b: a for a, b in dd.exact_edges}  # record -> the first record with its text
    url = {b: a for a, b in dd.url_edges}
    pairs = [(a, b, sim) for (a, b), sim in dd.verified.items()]
    # candidate pairs the batch did not verify because an exact copy or a same-URL record links them;
    # not a direct copy of each other, they are verified here (the store keeps them: a removal can split
    # the group)
    for a, b in dd.grouped:
        if text.get(a, a) != text.get(b, b) and url.get(a, a) != url.get(b, b):
            pairs.append((a, b, pair_verdict((ids[a], sentences_of(a)), (ids[b], sentences_of(b)), p.align)))
    out = []
    for a, b, verdict in pairs:
        if verdict[0] >= p.threshold:
            x, y = sorted((ids[a], ids[b]))
            out.append((x, y, verdict))
    return out
