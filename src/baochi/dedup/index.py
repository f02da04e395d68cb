"""Incremental deduplication in the store: new records join existing story clusters, nothing is recomputed.

The sentence band hashes of every record live in ``dedup_bands`` and the cluster of every record in
``dedup_members`` (migration 3). A new record looks up the records sharing its text key (exact copy) or
at least ``min_shared`` of its band hashes, verifies them by sentence alignment, and joins the cluster
whose every member it copies (the same complete-linkage rule as the batch); then that cluster's
canonical member is chosen again and the ``cluster_id`` / ``duplicate_of`` / ``similarity`` fields of
its records are rewritten in place. A newcomer that copies members of several clusters merges them when
every pair across them verifies (the batch's rule, capped: ``MAX_CROSS``). Re-ingesting a record first
takes it out of its cluster; records the store deleted are taken out at the next ingest (``prune``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np

from baochi.dedup.align import similarity, size
from baochi.dedup.batch import DedupParams, member_info
from baochi.dedup.cluster import choose_canonical
from baochi.dedup.minhash import sentence_band_hashes
from baochi.dedup.text import article_text, sentence_syllables
from baochi.dedup.verify import verify
from baochi.model import Article
from baochi.store import Store

# Members of a cluster a newcomer is checked against (clusters are small; a huge cluster of exact copies
# is represented by its first members).
MAX_CHECKS = 20
# Cross pairs between stored records verified when one newcomer links several clusters (each is one
# sentence alignment; clusters have at most 6 members on VNDS, so 100 covers two full 6-member clusters
# against a third).
MAX_CROSS = 100

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
    if not sentences:
        return None
    key = "\n".join(" ".join(s) for s in sentences).encode("utf-8")
    return hashlib.blake2b(key, digest_size=12).digest()


def forget(store: Store, article_id: str) -> None:
    """Take a record out of the dedup index (removed or about to be re-indexed); its cluster is fixed up."""
    row = store.conn.execute(
        "SELECT cluster_id FROM dedup_members WHERE article_id = ?", (article_id,)
    ).fetchone()
    store.conn.execute("DELETE FROM dedup_bands WHERE article_id = ?", (article_id,))
    store.conn.execute("DELETE FROM dedup_members WHERE article_id = ?", (article_id,))
    if row is not None:
        _recanonicalise(store, str(row[0]))


def _members(store: Store, cluster_id: str) -> list[str]:
    rows = store.conn.execute(
        "SELECT m.article_id FROM dedup_members m JOIN articles a ON a.id = m.article_id"
        " WHERE m.cluster_id = ? ORDER BY m.article_id",
        (cluster_id,),
    ).fetchall()
    return [str(r[0]) for r in rows]


def _recanonicalise(store: Store, cluster_id: str, params: DedupParams | None = None) -> None:
    """Choose the canonical member again and rewrite every member's dedup fields."""
    ids = _members(store, cluster_id)
    if not ids:
        return
    records = {i: a for i in ids if (a := store.get(i)) is not None}
    sents = {i: sentence_syllables(article_text(a)) for i, a in records.items()}
    canon = choose_canonical([member_info(a, size(sents[i])) for i, a in records.items()]).id
    align = (params or DedupParams()).align
    for i in records:
        if len(records) == 1:
            fields: tuple[str, str | None, float | None] = (i, None, None)
        elif i == canon:
            fields = (canon, None, None)
        else:
            fields = (canon, canon, round(similarity(sents[i], sents[canon], align), 4))
        store.conn.execute(
            "UPDATE dedup_members SET cluster_id = ?, similarity = ? WHERE article_id = ?",
            (fields[0], fields[2], i),
        )
        store.conn.execute(
            "UPDATE articles SET record = json_set(record, '$.cluster_id', ?, '$.duplicate_of', ?,"
            " '$.similarity', ?) WHERE id = ?",
            (*fields, i),
        )


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


def prune(store: Store) -> int:
    """Take out of the dedup index the records no longer in the store (their clusters are fixed up)."""
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
    for article_id in stale:
        forget(store, article_id)
    return len(stale)


def index_articles(store: Store, articles: list[Article], params: DedupParams | None = None) -> None:
    """Add stored records to the dedup index, joining (and merging) existing clusters (an ``Ingest`` hook)."""
    p = params or DedupParams()
    prune(store)
    for article in articles:
        forget(store, article.id)
        sents = sentence_syllables(article_text(article))
        key = _text_key(sents)
        hashes = _signed(sentence_band_hashes(sents, p.lsh))
        scores: dict[str, float] = {}
        if key is not None:
            for (other,) in store.conn.execute(
                "SELECT article_id FROM dedup_members WHERE text_key = ? LIMIT ?", (key, MAX_CHECKS)
            ):
                scores[str(other)] = 1.0
        if hashes:
            marks = ", ".join("?" * len(hashes))
            rows = store.conn.execute(
                f"SELECT b.article_id, count(*) FROM dedup_bands b JOIN ("
                f"  SELECT hash FROM dedup_bands WHERE hash IN ({marks})"
                f"  GROUP BY hash HAVING count(*) < ?) c ON c.hash = b.hash"
                f" GROUP BY b.article_id HAVING count(*) >= ?",
                (*hashes, p.max_bucket, p.min_shared),
            ).fetchall()
            for other, _n in rows:
                other = str(other)
                if other in scores:
                    continue
                rec = store.get(other)
                if rec is not None:
                    scores[other] = verify(sents, sentence_syllables(article_text(rec)), p.align).probability
        joined = _Linker(store, sents, key, scores, p).join()
        target = joined[0] if joined else article.id
        for other_cluster in joined[1:]:
            store.conn.execute(
                "UPDATE dedup_members SET cluster_id = ? WHERE cluster_id = ?", (target, other_cluster)
            )
        store.conn.executemany(
            "INSERT INTO dedup_bands (hash, article_id) VALUES (?, ?)", [(h, article.id) for h in hashes]
        )
        store.conn.execute(
            "INSERT INTO dedup_members (article_id, cluster_id, text_key) VALUES (?, ?, ?)",
            (article.id, target, key),
        )
        _recanonicalise(store, target, p)


class _Linker:
    """Which existing clusters a new record joins: the batch's complete-linkage rule, strongest link first.

    The newcomer's cluster starts as itself; each cluster it copies a member of (best similarity first,
    then cluster id) is merged in when every pair across the two verifies: the newcomer against each
    member, and the members of the clusters merged so far against each member (records with the same
    text key are checked once, as in the batch). Clusters are small, but the work is capped: at most
    ``MAX_CHECKS`` members per cluster are looked at and at most ``MAX_CROSS`` cross pairs between
    existing records are verified for one newcomer; past the cap a cluster is not merged (a missed merge
    is cheaper than a wrong one).
    """

    def __init__(
        self, store: Store, sents: Sentences, key: bytes | None, scores: dict[str, float], p: DedupParams
    ) -> None:
        self.store, self.sents, self.key, self.scores, self.p = store, sents, key, scores, p
        self.budget = MAX_CROSS
        self._sents: dict[str, Sentences] = {}
        self._pairs: dict[tuple[str, str], bool] = {}

    def _sentences(self, article_id: str) -> Sentences:
        if article_id not in self._sents:
            rec = self.store.get(article_id)
            self._sents[article_id] = sentence_syllables(article_text(rec)) if rec else []
        return self._sents[article_id]

    def _newcomer_copies(self, member: str, key: bytes | None) -> bool:
        if member not in self.scores:
            same = key is not None and key == self.key
            self.scores[member] = (
                1.0 if same else verify(self.sents, self._sentences(member), self.p.align).probability
            )
        return self.scores[member] >= self.p.threshold

    def _pair_copies(self, a: tuple[str, bytes | None], b: tuple[str, bytes | None]) -> bool | None:
        """Whether two stored records are duplicates (None: over the budget)."""
        ka, kb = (a[1] or a[0].encode()), (b[1] or b[0].encode())
        if ka == kb:
            return True
        pair = (ka.hex(), kb.hex()) if ka < kb else (kb.hex(), ka.hex())
        if pair not in self._pairs:
            if self.budget <= 0:
                return None
            self.budget -= 1
            sim = verify(self._sentences(a[0]), self._sentences(b[0]), self.p.align).probability
            self._pairs[pair] = sim >= self.p.threshold
        return self._pairs[pair]

    def join(self) -> list[str]:
        """The existing clusters to merge with the newcomer, the strongest-linked first."""
        p = self.p
        by_cluster: dict[str, float] = {}
        for other, score in self.scores.items():
            if score < p.threshold:
                continue
            cluster = cluster_of(self.store, other)
            if cluster is not None:
                by_cluster[cluster] = max(by_cluster.get(cluster, 0.0), score)
        joined: list[str] = []
        group: list[tuple[str, bytes | None]] = []  # members of the clusters joined so far
        for cluster, _best in sorted(by_cluster.items(), key=lambda kv: (-kv[1], kv[0])):
            members = _member_keys(self.store, cluster)[:MAX_CHECKS]
            if not all(self._newcomer_copies(m, k) for m, k in members):
                continue
            if all(self._pair_copies(g, m) for g in group for m in members):
                joined.append(cluster)
                group.extend(members)
        return joined


def _member_keys(store: Store, cluster_id: str) -> list[tuple[str, bytes | None]]:
    rows = store.conn.execute(
        "SELECT m.article_id, m.text_key FROM dedup_members m JOIN articles a ON a.id = m.article_id"
        " WHERE m.cluster_id = ? ORDER BY m.article_id",
        (cluster_id,),
    ).fetchall()
    return [(str(r[0]), bytes(r[1]) if r[1] is not None else None) for r in rows]


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
    return len(_members(store, cluster_id))


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
