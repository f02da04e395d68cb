"""The embedded store: one SQLite file in WAL mode holding raw inputs, records and the full-text index.

One process writes at a time (SQLite's own lock, taken with ``BEGIN IMMEDIATE`` per batch); readers go
on reading while it writes. Every write of a document, its record and its index rows happens inside the
caller's ``transaction()``, so a crash leaves the database as it was before the batch.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from baochi.errors import StoreError
from baochi.identity import source_id
from baochi.lang.fold import fold_key
from baochi.model import Article, Document
from baochi.store.dedup_tables import DedupTables
from baochi.store.entity_tables import EntityTables
from baochi.store.fts import HEAD_COLUMNS, TEXT_COLUMNS, IndexRows, index_rows
from baochi.store.migrations import current_version, latest_version, migrate

DEFAULT_DB = "baochi.db"

DocStatus = Literal["new", "changed", "unchanged", "duplicate"]


@dataclass(frozen=True, slots=True)
class Prepared:
    """What storing a record computes from it alone, made beforehand (``prepare``; in worker processes
    by ``writers.store.StoreWriter``): its JSON form and its full-text index rows."""

    id: str
    record: str
    index: IndexRows


def prepare(article: Article) -> Prepared:
    """The ``Prepared`` of a record as it is now."""
    return Prepared(article.id, json.dumps(article.to_dict(), ensure_ascii=False), index_rows(article))


PutResult = Literal["new", "updated"]

FTS_TABLES = {"search_head": HEAD_COLUMNS, "search_text": TEXT_COLUMNS}


def _fts_sql(table: str, columns: tuple[str, ...], delete: bool) -> str:
    cols = ", ".join(columns)
    marks = ", ".join("?" * len(columns))
    if delete:
        return f"INSERT INTO {table} ({table}, rowid, {cols}) VALUES ('delete', ?, {marks})"
    return f"INSERT INTO {table} (rowid, {cols}) VALUES (?, {marks})"


_HEAD_INSERT, _HEAD_DELETE = (_fts_sql("search_head", HEAD_COLUMNS, d) for d in (False, True))
_TEXT_INSERT, _TEXT_DELETE = (_fts_sql("search_text", TEXT_COLUMNS, d) for d in (False, True))


@dataclass(frozen=True, slots=True)
class Check:
    """What ``Store.document_status`` found for an input: its status and the source already holding it."""

    status: DocStatus
    existing_source: str | None = None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _has_schema(conn: sqlite3.Connection) -> bool:
    """Whether a connection's file holds a baochi schema (raises DatabaseError for a foreign file)."""
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    return row.fetchone() is not None


def _offset(value: int | None) -> int:
    return -1 if value is None else value


class Store:
    """An open baochi database; use as a context manager or call ``close()``.

    Every table is read and written here: the records and their indexes by ``Store`` itself, the dedup
    index through ``store.dedup`` (``DedupTables``), the entity rows through ``store.entities``
    (``EntityTables``).
    """

    def __init__(self, path: str | Path = DEFAULT_DB, *, create: bool = True, readonly: bool = False) -> None:
        self.path = Path(path)
        if (readonly or not create) and not self.path.is_file():
            raise StoreError(f"{self.path}: no such database (run `baochi ingest` first)")
        try:
            if readonly:
                # mode=ro: nothing can be written, not even a schema into an empty or foreign file.
                uri = f"{self.path.resolve().as_uri()}?mode=ro"
                self.conn = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=30.0)
            else:
                # Autocommit mode: transactions are explicit (BEGIN IMMEDIATE ... COMMIT), one per batch.
                self.conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
            if (readonly or not create) and not _has_schema(self.conn):
                self.conn.close()
                raise StoreError(f"{self.path}: not a baochi database")
            if readonly:
                self.version = current_version(self.conn)
                if self.version != latest_version():
                    self.conn.close()
                    raise StoreError(
                        f"{self.path}: schema version {self.version}, this baochi reads {latest_version()}"
                        " (run `baochi ingest` or `baochi recluster` with the same baochi to upgrade it)"
                    )
            else:
                self.conn.execute("PRAGMA journal_mode = WAL")
                # NORMAL is safe in WAL mode: a crash of the process never corrupts or half-applies a batch.
                self.conn.execute("PRAGMA synchronous = NORMAL")
                self.conn.execute("PRAGMA foreign_keys = ON")
                self.version = migrate(self.conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: {exc}") from exc
        self._depth = 0
        self.dedup = DedupTables(self)
        self.entities = EntityTables(self)

    def close(self) -> None:
        """Close the connection (a pending transaction is rolled back)."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic batch of writes (nested calls join the outer transaction)."""
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path}: cannot start a write ({exc})") from exc
        self._depth = 1
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    # -- writing -------------------------------------------------------------------------------------

    def document_status(self, doc: Document) -> Check:
        """Whether an input is new, changed (same source, other bytes), unchanged, or a duplicate of
        the same bytes stored under another source."""
        row = self.conn.execute(
            "SELECT raw_sha256 FROM documents WHERE source = ? AND source_offset = ?",
            (doc.source, _offset(doc.source_offset)),
        ).fetchone()
        sha = doc.raw_sha256
        if row is not None:
            return Check("unchanged" if row[0] == sha else "changed", doc.source)
        other = self.conn.execute(
            "SELECT source, source_offset FROM documents WHERE raw_sha256 = ? LIMIT 1", (sha,)
        ).fetchone()
        if other is not None:
            where = other[0] if other[1] < 0 else f"{other[0]}:{other[1]}"
            return Check("duplicate", where)
        return Check("new")

    def sources_of(self, raw_sha256: str) -> list[tuple[str, int | None]]:
        """(source, source_offset) of every stored input with these bytes."""
        rows = self.conn.execute(
            "SELECT source, source_offset FROM documents WHERE raw_sha256 = ?", (raw_sha256,)
        ).fetchall()
        return [(source, None if offset < 0 else offset) for source, offset in rows]

    def put(
        self, article: Article, doc: Document | None = None, *, prepared: Prepared | None = None
    ) -> PutResult:
        """Store a record (and the raw document it came from); replaces what that input gave before.
        ``prepared``: ``prepare(article)`` made beforehand (in a worker process) for this very record."""
        with self.transaction():
            doc_id, replaced = self._put_document(doc, article.id) if doc is not None else (None, False)
            result = self._put_article(article, doc_id, prepared)
            # a changed input whose record got a new id (from its new content) is still an update
            return "updated" if replaced else result

    def _put_document(self, doc: Document, article_id: str) -> tuple[int, bool]:
        """Insert or replace the raw document; returns its row id and whether it replaced one."""
        data = zlib.compress(doc.data, 6)
        values = (
            doc.raw_sha256,
            doc.kind,
            doc.url,
            doc.fetched_at,
            json.dumps(doc.meta, ensure_ascii=False, sort_keys=True),
            len(doc.data),
            data,
            _now(),
        )
        row = self.conn.execute(
            "SELECT id FROM documents WHERE source = ? AND source_offset = ?",
            (doc.source, _offset(doc.source_offset)),
        ).fetchone()
        if row is None:
            cur = self.conn.execute(
                "INSERT INTO documents (raw_sha256, kind, url, fetched_at, meta, size, data, stored_at,"
                " source, source_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, doc.source, _offset(doc.source_offset)),
            )
            return int(cur.lastrowid or 0), False
        doc_id = int(row[0])
        self.conn.execute(
            "UPDATE documents SET raw_sha256 = ?, kind = ?, url = ?, fetched_at = ?, meta = ?, size = ?,"
            " data = ?, stored_at = ? WHERE id = ?",
            (*values, doc_id),
        )
        # The changed input may now give a record with another id (ids of URL-less texts come from
        # their content): the record it gave before goes.
        stale = self.conn.execute(
            "SELECT num, record FROM articles WHERE document_id = ? AND id != ?", (doc_id, article_id)
        ).fetchall()
        for num, record in stale:
            self._delete_article(num, record)
        return doc_id, True

    def _index(self, num: int, article: Article, rows: IndexRows | None = None) -> None:
        head, text = rows or index_rows(article)
        self.conn.execute(_HEAD_INSERT, (num, *head))
        self.conn.execute(_TEXT_INSERT, (num, *text))

    def _unindex(self, num: int, record: str) -> None:
        """Remove a row from the contentless indexes: FTS5 needs the values it was given."""
        head, text = index_rows(Article.from_dict(json.loads(record)))
        self.conn.execute(_HEAD_DELETE, (num, *head))
        self.conn.execute(_TEXT_DELETE, (num, *text))

    def _delete_article(self, num: int, record: str) -> None:
        self._unindex(num, record)
        self.conn.execute("DELETE FROM articles WHERE num = ?", (num,))

    def _put_article(self, a: Article, doc_id: int | None, prepared: Prepared | None = None) -> PutResult:
        row = self.conn.execute(
            "SELECT num, record, document_id FROM articles WHERE id = ?", (a.id,)
        ).fetchone()
        if row is not None and doc_id is not None and row[2] is not None and row[2] != doc_id:
            # the id (from a URL or title + text) is another input's record: this input keeps its own,
            # with an id from the first one and its source (copies are linked by the story clusters)
            a.id = source_id(a.id, a.source, a.source_offset)
            row = self.conn.execute(
                "SELECT num, record, document_id FROM articles WHERE id = ?", (a.id,)
            ).fetchone()
        if prepared is not None and prepared.id != a.id:  # made for the record as it was
            prepared = None
        outlet = a.outlet  # the record is written with its final id
        values = (
            doc_id,
            a.source,
            a.source_offset,
            a.raw_sha256,
            a.content_hash,
            a.page_type,
            a.url,
            outlet.name if outlet else None,
            outlet.domain.lower() if outlet and outlet.domain else None,
            fold_key(outlet.name) if outlet else None,
            a.title,
            a.published_at,
            prepared.record if prepared is not None else json.dumps(a.to_dict(), ensure_ascii=False),
            _now(),
        )
        if row is None:
            cur = self.conn.execute(
                "INSERT INTO articles (document_id, source, source_offset, raw_sha256, content_hash,"
                " page_type, url, outlet_name, outlet_domain, outlet_key, title, published_at, record,"
                " stored_at, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*values, a.id),
            )
            self._index(int(cur.lastrowid or 0), a, prepared.index if prepared is not None else None)
            return "new"
        num, record = int(row[0]), str(row[1])
        self._unindex(num, record)
        self.conn.execute(
            "UPDATE articles SET document_id = ?, source = ?, source_offset = ?, raw_sha256 = ?,"
            " content_hash = ?, page_type = ?, url = ?, outlet_name = ?, outlet_domain = ?, outlet_key = ?,"
            " title = ?, published_at = ?, record = ?, stored_at = ? WHERE num = ?",
            (*values, num),
        )
        self._index(num, a, prepared.index if prepared is not None else None)
        return "updated"

    def set_dedup_fields(
        self, article_id: str, cluster_id: str, duplicate_of: str | None, similarity: float | None
    ) -> None:
        """Set the story-cluster fields of a stored record (in place: the full-text index rows do not
        depend on them, so they stay as they are)."""
        self.conn.execute(
            "UPDATE articles SET record = json_set(record, '$.cluster_id', ?, '$.duplicate_of', ?,"
            " '$.similarity', ?) WHERE id = ?",
            (cluster_id, duplicate_of, similarity, article_id),
        )

    def reindex(self) -> int:
        """Rebuild the full-text indexes from the records (after a change of folding); returns rows."""
        with self.transaction():
            for table in FTS_TABLES:
                self.conn.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")
            n = 0
            for num, record in self.conn.execute("SELECT num, record FROM articles").fetchall():
                self._index(num, Article.from_dict(json.loads(record)))
                n += 1
        return n

    def optimize(self) -> None:
        """Merge the full-text index segments into one (faster queries after a large ingest)."""
        with self.transaction():
            for table in FTS_TABLES:
                self.conn.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")

    # -- reading -------------------------------------------------------------------------------------

    def get(self, article_id: str) -> Article | None:
        """The record with this id, or with this unique id prefix (at least 6 characters)."""
        row = self.conn.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None and len(article_id) >= 6 and article_id.isalnum():
            rows = self.conn.execute(
                "SELECT record FROM articles WHERE id >= ? AND id < ? LIMIT 2",
                (article_id, article_id + "\uffff"),
            ).fetchall()
            row = rows[0] if len(rows) == 1 else None
        return Article.from_dict(json.loads(row[0])) if row else None

    def get_exact(self, article_id: str) -> Article | None:
        """The record with exactly this id (no prefix matching)."""
        row = self.conn.execute("SELECT record FROM articles WHERE id = ?", (article_id,)).fetchone()
        return Article.from_dict(json.loads(row[0])) if row else None

    def iter_chunks(self, size: int = 500) -> Iterator[list[tuple[int, Article]]]:
        """Every record with its row number, in storage order, ``size`` at a time: each chunk is read
        whole before it is yielded, so the caller may write between chunks (a cursor left open on a
        table its own connection writes reads undefined rows)."""
        last = -1
        while True:
            rows = self.conn.execute(
                "SELECT num, record FROM articles WHERE num > ? ORDER BY num LIMIT ?", (last, size)
            ).fetchall()
            if not rows:
                return
            yield [(int(n), Article.from_dict(json.loads(r))) for n, r in rows]
            last = int(rows[-1][0])

    def get_many(self, nums: list[int]) -> dict[int, Article]:
        """Records by their internal row numbers (as the full-text index returns them)."""
        if not nums:
            return {}
        marks = ", ".join("?" * len(nums))
        rows = self.conn.execute(f"SELECT num, record FROM articles WHERE num IN ({marks})", nums)
        return {int(n): Article.from_dict(json.loads(r)) for n, r in rows}

    def get_document(self, article_id: str) -> Document | None:
        """The raw input a record was made from, decompressed."""
        row = self.conn.execute(
            "SELECT d.source, d.source_offset, d.kind, d.url, d.fetched_at, d.meta, d.data"
            " FROM documents d JOIN articles a ON a.document_id = d.id WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        if row is None:
            return None
        return Document(
            source=row[0],
            source_offset=None if row[1] < 0 else row[1],
            kind=row[2],
            url=row[3],
            fetched_at=row[4],
            meta=json.loads(row[5]),
            data=zlib.decompress(row[6]),
        )

    def iter_articles(self) -> Iterator[Article]:
        """Every record, in storage order."""
        for (record,) in self.conn.execute("SELECT record FROM articles ORDER BY num"):
            yield Article.from_dict(json.loads(record))

    def count(self, table: Literal["articles", "documents"] = "articles") -> int:
        """Rows in ``articles`` or ``documents``."""
        return int(self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def stats(self) -> dict[str, Any]:
        """Counts: documents, articles, raw bytes, and articles by page type, outlet and month."""

        def grouped(expr: str) -> dict[str, int]:
            sql = f"SELECT {expr} AS k, count(*) FROM articles GROUP BY k ORDER BY count(*) DESC, k"
            return {str(k): int(n) for k, n in self.conn.execute(sql)}

        raw = self.conn.execute("SELECT coalesce(sum(size), 0) FROM documents").fetchone()[0]
        by_month = grouped("coalesce(substr(published_at, 1, 7), '(undated)')")
        return {
            "documents": self.count("documents"),
            "articles": self.count("articles"),
            "raw_bytes": int(raw),
            "by_page_type": grouped("page_type"),
            "by_outlet": grouped("coalesce(outlet_name, '(unknown)')"),
            "by_month": dict(sorted(by_month.items())),
        }

    def outlet_names(self) -> list[tuple[str | None, str | None]]:
        """(name, domain) of every outlet of the stored records."""
        rows = self.conn.execute("SELECT DISTINCT outlet_name, outlet_domain FROM articles")
        return [(name, domain) for name, domain in rows]

    def outlet_spelling(self, key: str) -> str | None:
        """The stored name of the outlet without a domain whose folded name is ``key`` (None: none)."""
        row = self.conn.execute(
            "SELECT outlet_name FROM articles WHERE outlet_key = ? AND outlet_domain IS NULL LIMIT 1", (key,)
        ).fetchone()
        return None if row is None else str(row[0])

    def heads(self, article_ids: list[str]) -> list[tuple[str, str | None, str | None, str | None]]:
        """(id, title, published_at, outlet name) of the records with these ids, without decoding them."""
        out: list[tuple[str, str | None, str | None, str | None]] = []
        for i in range(0, len(article_ids), 500):
            chunk = article_ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            out += self.conn.execute(
                f"SELECT id, title, published_at, outlet_name FROM articles WHERE id IN ({marks})", chunk
            ).fetchall()
        return out

    def fts_rows(self, table: str) -> int:
        """Rows in a full-text index, from its ``averages`` record (a contentless index without
        column sizes cannot be scanned): the first varint of block 1 of ``<table>_data``."""
        row = self.conn.execute(f"SELECT block FROM {table}_data WHERE id = 1").fetchone()
        if row is None or not row[0]:
            return 0
        value = 0
        for i, byte in enumerate(bytes(row[0])[:9]):
            if i == 8:  # SQLite varints: the ninth byte carries 8 bits
                return (value << 8) | byte
            value = (value << 7) | (byte & 0x7F)
            if byte < 0x80:
                break
        return value

    def integrity(self) -> list[str]:
        """Problems found by SQLite's integrity check and the store's own cross-checks (empty: fine)."""
        problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        for table in FTS_TABLES:
            try:
                self.conn.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
            except sqlite3.DatabaseError as exc:
                problems.append(f"full-text index {table}: {exc}")
        orphans = self.conn.execute(
            "SELECT count(*) FROM articles a WHERE a.document_id IS NOT NULL"
            " AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.id = a.document_id)"
        ).fetchone()[0]
        if orphans:
            problems.append(f"{orphans} records point at a missing document")
        for table in FTS_TABLES:
            indexed = self.fts_rows(table)
            if indexed != self.count("articles"):
                problems.append(f"{table} has {indexed} rows for {self.count('articles')} records")
        return problems
