"""The store's dedup tables (migrations 3 and 4): every read and write of them, as ``Store.dedup``.

``dedup_bands`` holds the sentence band hashes of every indexed record, ``dedup_members`` its story
cluster, text key, URL key and similarity with the cluster's canonical record, ``dedup_edges`` every
verified duplicate pair at or above the threshold (``a < b``, by id). The algorithms that decide what goes
in (candidates, verification, clustering) live in ``baochi.dedup.index`` and ``baochi.dedup.rebuild``;
they call these methods and never touch the SQL. The dedup fields of a record (``cluster_id``,
``duplicate_of``, ``similarity``) are written with its member row through ``assign``, which asks the
``Store`` to set them in the record.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from baochi.store.db import Store

Keys = tuple[bytes | None, bytes | None]


@dataclass(frozen=True, slots=True)
class Copy:
    """Another copy of a story: its record id, outlet, date and similarity with the one shown."""

    id: str
    outlet: str | None
    published_at: str | None
    title: str | None
    similarity: float | None
    canonical: bool


@dataclass(frozen=True, slots=True)
class ClusterCounts:
    """The store's story clusters: records indexed, clusters with copies, copies."""

    records: int
    stories_with_copies: int
    copies: int


def _marks(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


class DedupTables:
    """Reads and writes of the dedup index of one open store (inside the caller's transaction)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    # -- members ---------------------------------------------------------------------------------------

    def is_member(self, article_id: str) -> bool:
        """Whether a record is in the index."""
        row = self.conn.execute("SELECT 1 FROM dedup_members WHERE article_id = ?", (article_id,))
        return row.fetchone() is not None

    def add_member(
        self,
        article_id: str,
        hashes: Sequence[int],
        keys: Keys,
        cluster_id: str | None = None,
        similarity: float | None = None,
    ) -> None:
        """Index a record: its band hashes (signed 64-bit) and its member row (text and URL keys); its
        cluster is itself until ``assign`` says otherwise."""
        self.conn.executemany(
            "INSERT INTO dedup_bands (hash, article_id) VALUES (?, ?)", [(h, article_id) for h in hashes]
        )
        self.conn.execute(
            "INSERT INTO dedup_members (article_id, cluster_id, text_key, url_key, similarity)"
            " VALUES (?, ?, ?, ?, ?)",
            (article_id, cluster_id or article_id, keys[0], keys[1], similarity),
        )

    def remove_member(self, article_id: str) -> None:
        """Delete a record's band hashes, edges and member row."""
        self.conn.execute("DELETE FROM dedup_bands WHERE article_id = ?", (article_id,))
        self.conn.execute("DELETE FROM dedup_edges WHERE a = ? OR b = ?", (article_id, article_id))
        self.conn.execute("DELETE FROM dedup_members WHERE article_id = ?", (article_id,))

    def clear(self) -> None:
        """Empty the whole index (a rebuild writes it again)."""
        for table in ("dedup_bands", "dedup_edges", "dedup_members"):
            self.conn.execute(f"DELETE FROM {table}")

    def keys_of(self, ids: Iterable[str]) -> dict[str, Keys]:
        """Text and URL keys of some members."""
        ids = list(ids)
        rows = self.conn.execute(
            f"SELECT article_id, text_key, url_key FROM dedup_members WHERE article_id IN ({_marks(ids)})",
            ids,
        )
        return {str(i): (t, u) for i, t, u in rows}

    def members_of(self, ids: Iterable[str]) -> dict[str, tuple[str, float | None]]:
        """(cluster id, similarity) of the members among ``ids``."""
        ids = list(ids)
        out: dict[str, tuple[str, float | None]] = {}
        for start in range(0, len(ids), 500):  # SQLite caps the number of parameters
            part = ids[start : start + 500]
            rows = self.conn.execute(
                "SELECT article_id, cluster_id, similarity FROM dedup_members"
                f" WHERE article_id IN ({_marks(part)})",
                part,
            )
            out.update({str(i): (str(c), s) for i, c, s in rows})
        return out

    def assign(
        self, article_id: str, cluster_id: str, duplicate_of: str | None, similarity: float | None
    ) -> None:
        """Set a record's cluster in its member row and its dedup fields in the record."""
        self.conn.execute(
            "UPDATE dedup_members SET cluster_id = ?, similarity = ? WHERE article_id = ?",
            (cluster_id, similarity, article_id),
        )
        self.store.set_dedup_fields(article_id, cluster_id, duplicate_of, similarity)

    # -- band hashes -----------------------------------------------------------------------------------

    def hashes_of(self, article_id: str) -> list[int]:
        """A member's band hashes."""
        rows = self.conn.execute("SELECT hash FROM dedup_bands WHERE article_id = ?", (article_id,))
        return [int(r[0]) for r in rows]

    def bands_of(self, ids: Iterable[str]) -> dict[str, set[int]]:
        """The band hashes of some members."""
        ids = list(ids)
        out: dict[str, set[int]] = {i: set() for i in ids}
        for h, i in self.conn.execute(
            f"SELECT hash, article_id FROM dedup_bands WHERE article_id IN ({_marks(ids)})", ids
        ):
            out[str(i)].add(int(h))
        return out

    def bucket_sizes(self, hashes: Iterable[int]) -> dict[int, int]:
        """Records in each of these buckets (those not empty)."""
        unique = list(set(hashes))
        if not unique:
            return {}
        rows = self.conn.execute(
            f"SELECT hash, count(*) FROM dedup_bands WHERE hash IN ({_marks(unique)}) GROUP BY hash", unique
        )
        return {int(h): int(n) for h, n in rows}

    def bucket_members(self, buckets: Iterable[int]) -> set[str]:
        """The records in any of these buckets."""
        buckets = list(buckets)
        rows = self.conn.execute(
            f"SELECT DISTINCT article_id FROM dedup_bands WHERE hash IN ({_marks(buckets)})", buckets
        )
        return {str(r[0]) for r in rows}

    def candidates(self, hashes: Sequence[int], max_bucket: int, min_shared: int) -> set[str]:
        """Records sharing at least ``min_shared`` of these buckets, buckets that would hold more than
        ``max_bucket`` records with one more (the newcomer's) skipped."""
        if not hashes:
            return set()
        rows = self.conn.execute(
            f"SELECT b.article_id, count(*) FROM dedup_bands b JOIN ("
            f"  SELECT hash FROM dedup_bands WHERE hash IN ({_marks(hashes)})"
            f"  GROUP BY hash HAVING count(*) < ?) c ON c.hash = b.hash"
            f" GROUP BY b.article_id HAVING count(*) >= ?",
            (*hashes, max_bucket, min_shared),
        ).fetchall()
        return {str(r[0]) for r in rows}

    # -- verified pairs --------------------------------------------------------------------------------

    def add_edge(self, x: str, y: str, probability: float, similarity: float) -> None:
        """Keep a verified duplicate pair (in id order)."""
        a, b = (x, y) if x < y else (y, x)
        self.conn.execute(
            "INSERT OR REPLACE INTO dedup_edges (a, b, probability, similarity) VALUES (?, ?, ?, ?)",
            (a, b, probability, similarity),
        )

    def add_edges(self, edges: Iterable[tuple[str, str, float, float]]) -> None:
        """Keep many verified pairs, each given as ``(a, b, probability, similarity)`` with ``a < b``."""
        self.conn.executemany(
            "INSERT INTO dedup_edges (a, b, probability, similarity) VALUES (?, ?, ?, ?)", edges
        )

    def remove_edge(self, a: str, b: str) -> None:
        """Forget a verified pair (``a < b``)."""
        self.conn.execute("DELETE FROM dedup_edges WHERE a = ? AND b = ?", (a, b))

    def edges_among(self, ids: Iterable[str]) -> list[tuple[str, str, float, float]]:
        """The verified pairs with both records among ``ids``: ``(a, b, probability, similarity)``."""
        self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS dedup_scope (id TEXT PRIMARY KEY)")
        self.conn.execute("DELETE FROM temp.dedup_scope")
        self.conn.executemany("INSERT OR IGNORE INTO temp.dedup_scope VALUES (?)", [(i,) for i in ids])
        rows = self.conn.execute(
            "SELECT e.a, e.b, e.probability, e.similarity FROM dedup_edges e"
            " JOIN temp.dedup_scope x ON x.id = e.a JOIN temp.dedup_scope y ON y.id = e.b ORDER BY e.a, e.b"
        ).fetchall()
        self.conn.execute("DELETE FROM temp.dedup_scope")
        return [(str(a), str(b), float(p), float(s)) for a, b, p, s in rows]

    # -- links -----------------------------------------------------------------------------------------

    def neighbours(self, article_id: str, limit: int) -> set[str]:
        """Records linked to one member: stored edges, the same text key, the same URL key (up to
        ``limit`` of each)."""
        rows = self.conn.execute(
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

    def cluster_mates(self, article_id: str) -> set[str]:
        """Every member of a record's cluster (itself included; empty when it is not indexed)."""
        rows = self.conn.execute(
            "SELECT m2.article_id FROM dedup_members m1 JOIN dedup_members m2"
            " ON m2.cluster_id = m1.cluster_id WHERE m1.article_id = ?",
            (article_id,),
        )
        return {str(r[0]) for r in rows}

    def stale(self) -> list[str]:
        """Members whose record is no longer in the store (deleted when its document was re-ingested
        under another id). The first call on a connection scans ``dedup_members`` against the articles'
        id index once (60 ms at 100,000 records) and sets a TEMP trigger on this connection; later calls
        look only at the ids the trigger saw deleted."""
        watched = self.conn.execute(
            "SELECT 1 FROM sqlite_temp_master WHERE name = 'dedup_deleted_watch'"
        ).fetchone()
        if watched is None:
            self.conn.execute("CREATE TEMP TABLE IF NOT EXISTS dedup_deleted (article_id TEXT PRIMARY KEY)")
            self.conn.execute(
                "CREATE TEMP TRIGGER dedup_deleted_watch AFTER DELETE ON main.articles"
                " BEGIN INSERT OR IGNORE INTO dedup_deleted VALUES (old.id); END"
            )
            query = "SELECT m.article_id FROM dedup_members m"
        else:
            query = (
                "SELECT m.article_id FROM temp.dedup_deleted d"
                " JOIN dedup_members m ON m.article_id = d.article_id"
            )
        rows = self.conn.execute(
            f"{query} WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = m.article_id)"
        ).fetchall()
        self.conn.execute("DELETE FROM temp.dedup_deleted")
        return [str(r[0]) for r in rows]

    # -- reading clusters ------------------------------------------------------------------------------

    def cluster_of(self, article_id: str) -> str | None:
        """The cluster id of a stored record (None when it is not indexed)."""
        row = self.conn.execute(
            "SELECT cluster_id FROM dedup_members WHERE article_id = ?", (article_id,)
        ).fetchone()
        return str(row[0]) if row else None

    def clusters_of(self, ids: list[str]) -> dict[str, str]:
        """Cluster id of each of these records (those indexed)."""
        return {i: c for i, (c, _) in self.members_of(ids).items()}

    def copies(self, article_id: str) -> list[Copy]:
        """Every other record of the same story cluster, canonical first, with its similarity."""
        cluster = self.cluster_of(article_id)
        if cluster is None:
            return []
        rows = self.conn.execute(
            "SELECT a.id, a.outlet_name, a.published_at, a.title, m.similarity FROM dedup_members m"
            " JOIN articles a ON a.id = m.article_id WHERE m.cluster_id = ? AND a.id != ?"
            " ORDER BY a.id = ? DESC, a.published_at, a.id",
            (cluster, article_id, cluster),
        ).fetchall()
        return [Copy(str(r[0]), r[1], r[2], r[3], r[4], str(r[0]) == cluster) for r in rows]

    def cluster_outlets(self, cluster_id: str) -> list[str]:
        """Distinct outlets of a cluster's records (unknown outlets left out), canonical's first."""
        rows = self.conn.execute(
            "SELECT a.outlet_name FROM dedup_members m JOIN articles a ON a.id = m.article_id"
            " WHERE m.cluster_id = ? ORDER BY a.id = ? DESC, a.published_at",
            (cluster_id, cluster_id),
        ).fetchall()
        out: list[str] = []
        for (name,) in rows:
            if name and name not in out:
                out.append(str(name))
        return out

    def cluster_size(self, cluster_id: str) -> int:
        """Records in a cluster."""
        row = self.conn.execute(
            "SELECT count(*) FROM dedup_members m JOIN articles a ON a.id = m.article_id"
            " WHERE m.cluster_id = ?",
            (cluster_id,),
        ).fetchone()
        return int(row[0])

    def counts(self) -> ClusterCounts:
        """Records indexed, story clusters with copies, copies."""
        n, multi, dups = self.conn.execute(
            "SELECT count(*), count(DISTINCT CASE WHEN m.cluster_id != m.article_id THEN m.cluster_id END),"
            " sum(m.cluster_id != m.article_id) FROM dedup_members m JOIN articles a ON a.id = m.article_id"
        ).fetchone()
        return ClusterCounts(int(n), int(multi), int(dups or 0))
