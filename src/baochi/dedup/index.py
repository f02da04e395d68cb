"""Incremental deduplication in the store: the clusters are always those a batch run would give.

The sentence band hashes of every record live in ``dedup_bands``, its cluster, text key and URL key in
``dedup_members`` (migration 3), and every verified candidate pair at or above the threshold in
``dedup_edges`` (migration 4). Adding, re-ingesting or removing a record changes the edges around it
only; then the *component* of the records it touches (the records connected to them through edges,
equal text keys or equal URL keys) is clustered again by ``BatchDeduplicator`` itself, fed the stored
edges and their similarities (nothing verified is aligned again), and the dedup fields of the records
whose cluster changed are rewritten in place. The batch's clusters never cross a component, so this
gives the batch's clusters over the whole store whatever the order of ingests and removals (up to
``MAX_COMPONENT``, below). ``rebuild`` recomputes the whole index (``baochi recluster``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np

from baochi.dedup.batch import HASH_BATCH, BatchDeduplicator, DedupParams, digest, pair_verdict, url_key
from baochi.dedup.minhash import band_hashes_of_many
from baochi.dedup.text import article_text, sentence_syllables
from baochi.model import Article
from baochi.store import Store

# Records re-clustered around one changed record. Components are small (the largest of 3,731 baomoi
# records has 24 records, its largest cluster 14), but templated bulletins or thousands of exact copies could
# chain into a large one: the walk stops adding edge neighbours past this many records (whole clusters
# are still taken, so no cluster is cut in two). Past the cap the store's clusters may differ from a
# batch run's until ``baochi recluster``.
MAX_COMPONENT = 200

Sentences = list[list[str]]

MIGRATION_SQL = """
CREATE TABLE dedup_bands (hash INTEGER NOT NULL, article_id TEXT NOT NULL);
CREATE INDEX dedup_bands_hash ON dedup_bands (hash);
CREATE INDEX dedup_bands_article ON dedup_bands (article_id);
CREATE TABLE dedup_members (
    article_id TEXT PRIMARY KEY,
    cluster_id TEXT NOT NULL,
    text_key BLOB,
    similarity REAL
);
CREATE INDEX dedup_members_cluster ON dedup_members (cluster_id);
CREATE INDEX dedup_members_text_key ON dedup_members (text_key);
"""

# Migration 4: verified duplicate pairs (a < b, by id) and the URL key of every member (same-URL records
# are one group, as in the batch). A store indexed before it has no edges: `baochi recluster` fills them.
EDGES_SQL = """
CREATE TABLE dedup_edges (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    probability REAL NOT NULL,
    similarity REAL NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX dedup_edges_b ON dedup_edges (b);
ALTER TABLE dedup_members ADD COLUMN url_key BLOB;
CREATE INDEX dedup_members_url_key ON dedup_members (url_key);
"""


def fill_url_keys(conn: sqlite3.Connection) -> None:
    """Set the URL key of the members indexed before migration 4."""
    rows = conn.execute(
        "SELECT m.article_id, a.url FROM dedup_members m JOIN articles a ON a.id = m.article_id"
        " WHERE a.url IS NOT NULL"
    ).fetchall()
    conn.executemany(
        "UPDATE dedup_members SET url_key = ? WHERE article_id = ?", [(url_key(u), i) for i, u in rows]
    )


@dataclass(frozen=True, slots=True)
class Copy:
    """Another copy of a story: its record id, outlet, date and similarity with the one shown."""

    id: str
    outlet: str | None
    published_at: str | None
    title: str | None
    similarity: float | None
    canonical: bool


def _signed(values: np.ndarray) -> list[int]:
    # SQLite integers are signed 64-bit
    out: list[int] = values.astype(np.uint64).view(np.int64).tolist()
    return out


def _text_key(sentences: list[list[str]]) -> bytes | None:
    # the batch's exact-copy key (the same digest of the same syllables)
    return digest("\n".join(" ".join(s) for s in sentences).encode("utf-8")) if sentences else None


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
            out.append(Entry(a.id, s, _text_key(s), url_key(a.url), h))
    return out


def _marks(values: Iterable[object]) -> str:
    return ", ".join("?" for _ in values)


class _Texts:
    """Sentences of stored records, read once per run (newcomers' are given)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.sents: dict[str, Sentences] = {}
        self.records: dict[str, Article] = {}

    def record(self, article_id: str) -> Article | None:
        if article_id not in self.records:
            # the exact id (Store.get also takes prefixes, which must not stand in for a missing record)
            row = self.store.conn.execute(
                "SELECT record FROM articles WHERE id = ?", (article_id,)
            ).fetchone()
            if row is None:
                return None
            self.records[article_id] = Article.from_dict(json.loads(row[0]))
        return self.records[article_id]

    def of(self, article_id: str) -> Sentences:
        if article_id not in self.sents:
            rec = self.record(article_id)
            self.sents[article_id] = sentence_syllables(article_text(rec)) if rec else []
        return self.sents[article_id]


def _add_edge(store: Store, x: str, y: str, verdict: tuple[float, float]) -> None:
    a, b = (x, y) if x < y else (y, x)
    store.conn.execute(
        "INSERT OR REPLACE INTO dedup_edges (a, b, probability, similarity) VALUES (?, ?, ?, ?)",
        (a, b, *verdict),
    )


def _direct(store: Store, ids: Iterable[str]) -> dict[str, tuple[bytes | None, bytes | None]]:
    """Text and URL keys of some members."""
    ids = list(ids)
    rows = store.conn.execute(
        f"SELECT article_id, text_key, url_key FROM dedup_members WHERE article_id IN ({_marks(ids)})", ids
    )
    return {str(i): (t, u) for i, t, u in rows}


def _same_group(x: tuple[bytes | None, bytes | None], y: tuple[bytes | None, bytes | None]) -> bool:
    # an exact copy or the same URL: always one group (the batch never verifies such a pair)
    return (x[0] is not None and x[0] == y[0]) or (x[1] is not None and x[1] == y[1])


def _bands_of(store: Store, ids: Iterable[str]) -> dict[str, set[int]]:
    ids = list(ids)
    out: dict[str, set[int]] = {i: set() for i in ids}
    for h, i in store.conn.execute(
        f"SELECT hash, article_id FROM dedup_bands WHERE article_id IN ({_marks(ids)})", ids
    ):
        out[str(i)].add(int(h))
    return out


def _bucket_sizes(store: Store, hashes: Iterable[int]) -> dict[int, int]:
    hashes = list(set(hashes))
    rows = store.conn.execute(
        f"SELECT hash, count(*) FROM dedup_bands WHERE hash IN ({_marks(hashes)}) GROUP BY hash", hashes
    )
    return {int(h): int(n) for h, n in rows}


def _bucket_members(store: Store, buckets: Iterable[int]) -> set[str]:
    buckets = list(buckets)
    rows = store.conn.execute(
        f"SELECT DISTINCT article_id FROM dedup_bands WHERE hash IN ({_marks(buckets)})", buckets
    )
    return {str(r[0]) for r in rows}


def _crowded_now(store: Store, buckets: set[int], p: DedupParams) -> set[str]:
    """Buckets that just became crowded (more than ``max_bucket`` records): their old pairs lose a
    shared bucket, so stored edges that no longer share ``min_shared`` uncrowded buckets go (as the
    batch, which skips crowded buckets, would not verify them). Returns the records touched."""
    members = _bucket_members(store, buckets)
    if len(members) < 2:
        return set()
    ids = sorted(members)
    edges = store.conn.execute(
        f"SELECT a, b FROM dedup_edges WHERE a IN ({_marks(ids)}) AND b IN ({_marks(ids)})", ids + ids
    ).fetchall()
    if not edges:
        return set()
    bands = _bands_of(store, ids)
    sizes = _bucket_sizes(store, set().union(*bands.values()))
    touched: set[str] = set()
    for a, b in edges:
        shared = [h for h in bands[a] & bands[b] if sizes[h] <= p.max_bucket]
        if len(shared) < p.min_shared:
            store.conn.execute("DELETE FROM dedup_edges WHERE a = ? AND b = ?", (a, b))
            touched |= {a, b}
    return touched


def _uncrowded_now(store: Store, buckets: set[int], p: DedupParams, texts: _Texts) -> set[str]:
    """Buckets that just came back to ``max_bucket`` records: pairs among their members that now share
    ``min_shared`` uncrowded buckets (and did not before) become candidates and are verified. Returns
    the records touched."""
    members = _bucket_members(store, buckets)
    if len(members) < 2:
        return set()
    ids = sorted(members)
    bands = _bands_of(store, ids)
    sizes = _bucket_sizes(store, set().union(*bands.values()))
    keys = _direct(store, ids)
    touched: set[str] = set()
    for a, b in combinations(ids, 2):
        shared = {h for h in bands[a] & bands[b] if sizes[h] <= p.max_bucket}
        if len(shared) < p.min_shared or len(shared - buckets) >= p.min_shared:
            continue  # not a candidate, or one already (verified when the later of the two came in)
        if _same_group(keys[a], keys[b]):
            continue
        verdict = pair_verdict((a, texts.of(a)), (b, texts.of(b)), p.align)
        if verdict[0] >= p.threshold:
            _add_edge(store, a, b, verdict)
            touched |= {a, b}
    return touched


def _neighbours(store: Store, article_id: str, limit: int) -> set[str]:
    """Records linked to one member: stored edges, the same text key, the same URL key (up to ``limit``
    of each)."""
    rows = store.conn.execute(
        "SELECT * FROM (SELECT b FROM dedup_edges WHERE a = :id LIMIT :n)"
        " UNION SELECT * FROM (SELECT a FROM dedup_edges WHERE b = :id LIMIT :n)"
        " UNION SELECT * FROM (SELECT m2.article_id FROM dedup_members m1 JOIN dedup_members m2"
        "  ON m2.text_key = m1.text_key WHERE m1.article_id = :id LIMIT :n)"
        " UNION SELECT * FROM (SELECT m2.article_id FROM dedup_members m1 JOIN dedup_members m2"
        "  ON m2.url_key = m1.url_key WHERE m1.article_id = :id LIMIT :n)",
        {"id": article_id, "n": limit},
    )
    out = {str(r[0]) for r in rows}
    out.discard(article_id)
    return out


def _cluster_mates(store: Store, article_id: str) -> set[str]:
    rows = store.conn.execute(
        "SELECT m2.article_id FROM dedup_members m1 JOIN dedup_members m2 ON m2.cluster_id = m1.cluster_id"
        " WHERE m1.article_id = ?",
        (article_id,),
    )
    return {str(r[0]) for r in rows}


def _component(store: Store, seed: str, seen: set[str]) -> list[str]:
    """The records connected to ``seed``, breadth first: at most ``MAX_COMPONENT`` reached through links,
    plus the whole current cluster of every record taken (so that no cluster is cut in two)."""
    out: list[str] = []
    queue = [seed]
    seen.add(seed)
    while queue:
        x = queue.pop(0)
        out.append(x)
        mates = sorted(_cluster_mates(store, x) - seen)
        seen.update(mates)
        queue += mates
        if len(out) + len(queue) >= MAX_COMPONENT:
            continue
        for y in sorted(_neighbours(store, x, MAX_COMPONENT) - seen):
            if len(out) + len(queue) >= MAX_COMPONENT:
                break
            seen.add(y)
            queue.append(y)
    return out


def _detach(store: Store, article_id: str, p: DedupParams, texts: _Texts) -> set[str]:
    """Delete a record's index rows; returns the records whose clusters may change."""
    if (
        store.conn.execute("SELECT 1 FROM dedup_members WHERE article_id = ?", (article_id,)).fetchone()
        is None
    ):
        return set()
    touched = _neighbours(store, article_id, MAX_COMPONENT) | _cluster_mates(store, article_id)
    hashes = [
        int(r[0])
        for r in store.conn.execute("SELECT hash FROM dedup_bands WHERE article_id = ?", (article_id,))
    ]
    freed = {h for h, n in _bucket_sizes(store, hashes).items() if n == p.max_bucket + 1} if hashes else set()
    store.conn.execute("DELETE FROM dedup_bands WHERE article_id = ?", (article_id,))
    store.conn.execute("DELETE FROM dedup_edges WHERE a = ? OR b = ?", (article_id, article_id))
    store.conn.execute("DELETE FROM dedup_members WHERE article_id = ?", (article_id,))
    if freed:
        touched |= _uncrowded_now(store, freed, p, texts)
    touched.discard(article_id)
    return touched


def _attach(store: Store, e: Entry, p: DedupParams, texts: _Texts) -> set[str]:
    """Insert a record's index rows and its verified edges; returns other records touched."""
    touched: set[str] = set()
    scores: set[str] = set()
    if e.hashes:
        # candidates: records sharing min_shared of its buckets, crowded buckets skipped -- counted with
        # the newcomer, as the batch counts them over every record
        rows = store.conn.execute(
            f"SELECT b.article_id, count(*) FROM dedup_bands b JOIN ("
            f"  SELECT hash FROM dedup_bands WHERE hash IN ({_marks(e.hashes)})"
            f"  GROUP BY hash HAVING count(*) < ?) c ON c.hash = b.hash"
            f" GROUP BY b.article_id HAVING count(*) >= ?",
            (*e.hashes, p.max_bucket, p.min_shared),
        ).fetchall()
        scores = {str(r[0]) for r in rows}
    if scores:
        keys = _direct(store, scores)
        for other in sorted(scores):
            if other in keys and _same_group((e.text_key, e.url_key), keys[other]):
                continue
            verdict = pair_verdict((e.id, e.sents), (other, texts.of(other)), p.align)
            if verdict[0] >= p.threshold:
                _add_edge(store, e.id, other, verdict)
    crowded = set()
    if e.hashes:
        crowded = {h for h, n in _bucket_sizes(store, e.hashes).items() if n == p.max_bucket}
        store.conn.executemany(
            "INSERT INTO dedup_bands (hash, article_id) VALUES (?, ?)", [(h, e.id) for h in e.hashes]
        )
    store.conn.execute(
        "INSERT INTO dedup_members (article_id, cluster_id, text_key, url_key) VALUES (?, ?, ?, ?)",
        (e.id, e.id, e.text_key, e.url_key),
    )
    if crowded:
        touched |= _crowded_now(store, crowded, p)
    return touched


def _write(
    store: Store, article_id: str, cluster_id: str, duplicate_of: str | None, sim: float | None
) -> None:
    store.conn.execute(
        "UPDATE dedup_members SET cluster_id = ?, similarity = ? WHERE article_id = ?",
        (cluster_id, sim, article_id),
    )
    store.conn.execute(
        "UPDATE articles SET record = json_set(record, '$.cluster_id', ?, '$.duplicate_of', ?,"
        " '$.similarity', ?) WHERE id = ?",
        (cluster_id, duplicate_of, sim, article_id),
    )


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
    store.conn.execute("CREATE TEMP TABLE IF NOT EXISTS dedup_scope (id TEXT PRIMARY KEY)")
    store.conn.execute("DELETE FROM temp.dedup_scope")
    store.conn.executemany("INSERT INTO temp.dedup_scope VALUES (?)", [(i,) for i in ids])
    edges = store.conn.execute(
        "SELECT e.a, e.b, e.probability, e.similarity FROM dedup_edges e"
        " JOIN temp.dedup_scope x ON x.id = e.a JOIN temp.dedup_scope y ON y.id = e.b"
    ).fetchall()
    current = {
        str(i): (str(c), s)
        for i, c, s in store.conn.execute(
            "SELECT m.article_id, m.cluster_id, m.similarity FROM dedup_members m"
            " JOIN temp.dedup_scope x ON x.id = m.article_id"
        )
    }
    store.conn.execute("DELETE FROM temp.dedup_scope")
    known = {(str(a), str(b)): (float(pr), float(s)) for a, b, pr, s in edges}
    dd = BatchDeduplicator(p, known=known, bands=False)
    for i, rec in records:
        dd.add(rec, texts.of(i))
    out = dd.resolve(lambda n: texts.of(ids[n]), [(number[a], number[b]) for a, b, _, _ in edges])
    forced = set(force)
    written = 0
    for i, a in zip(ids, out, strict=True):
        if i in forced or current.get(i) != (a.cluster_id, a.similarity):
            _write(store, i, a.cluster_id, a.duplicate_of, a.similarity)
            written += 1
    return written


def forget(store: Store, article_id: str, params: DedupParams | None = None) -> None:
    """Take a record out of the dedup index (removed or about to be re-indexed); its component is
    clustered again."""
    p = params or DedupParams()
    texts = _Texts(store)
    _recluster(store, _detach(store, article_id, p, texts), p, texts)


def _watch_deletions(store: Store) -> bool:
    """Record the ids of deleted articles in a TEMP table (this connection only); True when just set up."""
    if store.conn.execute("SELECT 1 FROM sqlite_temp_master WHERE name = 'dedup_deleted_watch'").fetchone():
        return False
    store.conn.execute("CREATE TEMP TABLE IF NOT EXISTS dedup_deleted (article_id TEXT PRIMARY KEY)")
    store.conn.execute(
        "CREATE TEMP TRIGGER dedup_deleted_watch AFTER DELETE ON main.articles"
        " BEGIN INSERT OR IGNORE INTO dedup_deleted VALUES (old.id); END"
    )
    return True


def _stale(store: Store) -> list[str]:
    # A record the store deleted (its document re-ingested under another id) leaves its dedup rows. The
    # first call on a connection scans dedup_members against the articles id index once (60 ms at 100,000
    # records) and sets a TEMP trigger; later calls only look at the ids the trigger saw deleted.
    if _watch_deletions(store):
        query = "SELECT m.article_id FROM dedup_members m"
    else:
        query = (
            "SELECT m.article_id FROM temp.dedup_deleted d"
            " JOIN dedup_members m ON m.article_id = d.article_id"
        )
    stale = [
        str(r[0])
        for r in store.conn.execute(
            f"{query} WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = m.article_id)"
        ).fetchall()
    ]
    store.conn.execute("DELETE FROM temp.dedup_deleted")
    return stale


def prune(store: Store, params: DedupParams | None = None) -> int:
    """Take out of the dedup index the records no longer in the store (their components re-clustered)."""
    p = params or DedupParams()
    texts = _Texts(store)
    stale = _stale(store)
    touched: set[str] = set()
    for article_id in stale:
        touched |= _detach(store, article_id, p, texts)
    _recluster(store, touched - set(stale), p, texts)
    return len(stale)


def index_articles(store: Store, articles: list[Article], params: DedupParams | None = None) -> None:
    """Add stored records to the dedup index and cluster their components again (an ``Ingest`` hook)."""
    p = params or DedupParams()
    texts = _Texts(store)
    stale = _stale(store)
    new = {a.id: a for a in articles}
    touched: set[str] = set()
    for article_id in [*stale, *new]:  # deleted records and the old rows of re-ingested ones go first
        touched |= _detach(store, article_id, p, texts)
    for article, e in zip(new.values(), entries(list(new.values()), p), strict=True):
        texts.records[e.id], texts.sents[e.id] = article, e.sents
        touched |= _attach(store, e, p, texts)
    touched -= set(stale) - set(new)
    _recluster(store, touched | set(new), p, texts, force=new)


def cluster_of(store: Store, article_id: str) -> str | None:
    """The cluster id of a stored record (None when it is not indexed)."""
    row = store.conn.execute(
        "SELECT cluster_id FROM dedup_members WHERE article_id = ?", (article_id,)
    ).fetchone()
    return str(row[0]) if row else None


def copies(store: Store, article_id: str) -> list[Copy]:
    """Every other record of the same story cluster, canonical first, with its similarity."""
    cluster = cluster_of(store, article_id)
    if cluster is None:
        return []
    rows = store.conn.execute(
        "SELECT a.id, a.outlet_name, a.published_at, a.title, m.similarity FROM dedup_members m"
        " JOIN articles a ON a.id = m.article_id WHERE m.cluster_id = ? AND a.id != ?"
        " ORDER BY a.id = ? DESC, a.published_at, a.id",
        (cluster, article_id, cluster),
    ).fetchall()
    return [Copy(str(r[0]), r[1], r[2], r[3], r[4], str(r[0]) == cluster) for r in rows]


def clusters_of(store: Store, ids: list[str]) -> dict[str, str]:
    """Cluster id of each of these records (those indexed)."""
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = store.conn.execute(
        f"SELECT article_id, cluster_id FROM dedup_members WHERE article_id IN ({marks})", ids
    )
    return {str(a): str(c) for a, c in rows}


def cluster_outlets(store: Store, cluster_id: str) -> list[str]:
    """Distinct outlets of a cluster's records (unknown outlets left out), canonical's first."""
    rows = store.conn.execute(
        "SELECT a.outlet_name FROM dedup_members m JOIN articles a ON a.id = m.article_id"
        " WHERE m.cluster_id = ? ORDER BY a.id = ? DESC, a.published_at",
        (cluster_id, cluster_id),
    ).fetchall()
    out: list[str] = []
    for (name,) in rows:
        if name and name not in out:
            out.append(str(name))
    return out


def cluster_size(store: Store, cluster_id: str) -> int:
    """Records in a cluster."""
    row = store.conn.execute(
        "SELECT count(*) FROM dedup_members m JOIN articles a ON a.id = m.article_id WHERE m.cluster_id = ?",
        (cluster_id,),
    ).fetchone()
    return int(row[0])


@dataclass(frozen=True, slots=True)
class Collapsed:
    """A search hit standing for its story cluster: how many records it has and from which outlets."""

    hit_index: int
    copies: int
    outlets: list[str]


def collapse(store: Store, ids: list[str], limit: int) -> list[Collapsed]:
    """Keep one hit per story cluster (the canonical member when it is among the hits, else the best
    ranked), best first, at most ``limit``; records not in the index stand alone."""
    of = clusters_of(store, ids)
    first: dict[str, int] = {}
    order: list[str] = []
    for i, rid in enumerate(ids):
        c = of.get(rid, f"\0{rid}")
        if c not in first:
            first[c] = i
            order.append(c)
        elif rid == c:  # the canonical member takes the place of a copy ranked above it
            first[c] = i
    out = []
    for c in order[:limit]:
        if c.startswith("\0"):
            out.append(Collapsed(first[c], 1, []))
        else:
            out.append(Collapsed(first[c], cluster_size(store, c), cluster_outlets(store, c)))
    return out


def story_clusters_line(store: Store) -> str:
    """One line on the store's story clusters: records indexed, clusters with copies, copies."""
    n, multi, dups = store.conn.execute(
        "SELECT count(*), count(DISTINCT CASE WHEN m.cluster_id != m.article_id THEN m.cluster_id END),"
        " sum(m.cluster_id != m.article_id) FROM dedup_members m JOIN articles a ON a.id = m.article_id"
    ).fetchone()
    return f"story clusters: {n} records, {multi} stories with copies ({dups or 0} copies)"
