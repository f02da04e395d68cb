"""Rebuild the dedup index of a whole store from its records (``baochi recluster``).

After an upgrade that changes the verifier or the thresholds, or for a store indexed before migration 4
(no stored edges), the clusters are recomputed from scratch: one ``BatchDeduplicator`` over every record,
which keeps only band hashes and a few fields per record (the records are streamed from the store in
chunks and read back one by one for the candidate pairs), then the index tables are written again. The
result is the store an ingest of every record would have made: the same band rows, the same verified
pairs, the same clusters and fields.
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from baochi.dedup.batch import BatchDeduplicator, DedupParams, pair_verdict
from baochi.dedup.index import Sentences, entries
from baochi.dedup.text import article_text, sentence_syllables
from baochi.model import Article
from baochi.store import Store

# Records read per query: the reading cursor is closed before anything is written (SQLite leaves a read
# undefined when its own connection writes the table meanwhile), and memory stays small.
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


def _chunks(store: Store) -> Iterator[list[tuple[int, str]]]:
    last = -1
    while True:
        rows = store.conn.execute(
            "SELECT num, record FROM articles WHERE num > ? ORDER BY num LIMIT ?", (last, CHUNK)
        ).fetchall()
        if not rows:
            return
        yield [(int(n), str(r)) for n, r in rows]
        last = int(rows[-1][0])


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
        for rows in _chunks(store):
            for num, record in rows:
                dd.add(Article.from_dict(json.loads(record)))
                nums.append(num)
            tell("read", len(rows))

        def sentences_of(i: int) -> Sentences:
            row = store.conn.execute("SELECT record FROM articles WHERE num = ?", (nums[i],)).fetchone()
            return sentence_syllables(article_text(Article.from_dict(json.loads(row[0]))))

        out = dd.resolve(sentences_of)
        edges = _edges(dd, sentences_of)
        for table in ("dedup_bands", "dedup_edges", "dedup_members"):
            store.conn.execute(f"DELETE FROM {table}")
        store.conn.executemany(
            "INSERT INTO dedup_edges (a, b, probability, similarity) VALUES (?, ?, ?, ?)",
            [(a, b, *v) for a, b, v in edges],
        )
        i = 0
        for rows in _chunks(store):
            rows_entries = entries([Article.from_dict(json.loads(r)) for _, r in rows], p)
            for (num, _record), e in zip(rows, rows_entries, strict=True):
                a = out[i]
                i += 1
                store.conn.executemany(
                    "INSERT INTO dedup_bands (hash, article_id) VALUES (?, ?)", [(h, e.id) for h in e.hashes]
                )
                store.conn.execute(
                    "INSERT INTO dedup_members (article_id, cluster_id, text_key, url_key, similarity)"
                    " VALUES (?, ?, ?, ?, ?)",
                    (e.id, a.cluster_id, e.text_key, e.url_key, a.similarity),
                )
                store.conn.execute(
                    "UPDATE articles SET record = json_set(record, '$.cluster_id', ?, '$.duplicate_of', ?,"
                    " '$.similarity', ?) WHERE num = ?",
                    (a.cluster_id, a.duplicate_of, a.similarity, num),
                )
            tell("write", len(rows))
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
