"""The schema of the store, as numbered migrations applied in order. The one place that defines tables.

To add tables (dedup clusters, entities, ...) append one ``Migration`` to ``MIGRATIONS`` with the next
free number: SQL text (several statements allowed) or a function of the connection for data changes.
A migration runs once, in a transaction together with the row that records it in ``schema_migrations``,
so a crash leaves the database at the previous version. Never edit a migration that has shipped: add a
new one. See docs/store.md.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from baochi.errors import StoreError
from baochi.store.keys import url_key


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step: its number, a short name, and SQL text or a function of the connection."""

    version: int
    name: str
    apply: str | Callable[[sqlite3.Connection], None]


# Version 1: raw inputs, records and the full-text index.
# - documents.source_offset is -1 (not NULL) for one-document inputs, so UNIQUE(source, source_offset)
#   holds for them too (SQLite treats NULLs as distinct in UNIQUE constraints).
# - articles.num is an INTEGER PRIMARY KEY (a rowid alias) because the FTS index is keyed on it and VACUUM
#   may renumber implicit rowids; the record id is the UNIQUE key users see.
# - search_head (title, lead) and search_text (title, lead, body) are contentless FTS5 indexes of the
#   folded text plus the accented words (see store/fts.py). search_text has columnsize=0: looking up
#   each row's length made ranking common words 3x slower on 100,000 records (bench/store_search.py);
#   its BM25 therefore does not normalise by length -- search_head, searched first, does.
#   Their ``meta`` column holds filter tokens (outlet, domain, dates) so filters are index look-ups.
_V1 = """
CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    source_offset INTEGER NOT NULL DEFAULT -1,
    raw_sha256 TEXT NOT NULL,
    kind TEXT NOT NULL,
    url TEXT,
    fetched_at TEXT,
    meta TEXT NOT NULL DEFAULT '{}',
    compression TEXT NOT NULL DEFAULT 'zlib',
    size INTEGER NOT NULL,
    data BLOB NOT NULL,
    stored_at TEXT NOT NULL,
    UNIQUE (source, source_offset)
);
CREATE INDEX documents_raw_sha256 ON documents (raw_sha256);

CREATE TABLE articles (
    num INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    document_id INTEGER REFERENCES documents (id) ON DELETE SET NULL,
    source TEXT NOT NULL,
    source_offset INTEGER,
    raw_sha256 TEXT,
    content_hash TEXT,
    page_type TEXT NOT NULL,
    url TEXT,
    outlet_name TEXT,
    outlet_domain TEXT,
    outlet_key TEXT,
    title TEXT,
    published_at TEXT,
    record TEXT NOT NULL,
    stored_at TEXT NOT NULL
);
CREATE INDEX articles_document ON articles (document_id);
CREATE INDEX articles_outlet_key ON articles (outlet_key);
CREATE INDEX articles_outlet_domain ON articles (outlet_domain);
CREATE INDEX articles_published_at ON articles (published_at);
CREATE INDEX articles_page_type ON articles (page_type);
CREATE INDEX articles_content_hash ON articles (content_hash);
CREATE INDEX articles_source ON articles (source, source_offset);

CREATE VIRTUAL TABLE search_head USING fts5 (
    title, lead, accents, meta,
    content = '', tokenize = 'unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE search_text USING fts5 (
    title, lead, body, accents, meta,
    content = '', columnsize = 0, tokenize = 'unicode61 remove_diacritics 0'
);
"""

# Version 2 (entities helper): entities of the records, for people/person/entities and search --entity.
# Rows are rewritten with their article (store/entity_tables.py) and go with it (ON DELETE CASCADE).
_V2 = """
CREATE TABLE entities (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    canonical TEXT NOT NULL,
    kind TEXT,
    admin TEXT
);
CREATE INDEX entities_type ON entities (type);

CREATE TABLE entity_mentions (
    article_num INTEGER NOT NULL REFERENCES articles (num) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,
    type TEXT NOT NULL,
    text TEXT NOT NULL,
    field TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL
);
CREATE INDEX entity_mentions_entity ON entity_mentions (entity_id);
CREATE INDEX entity_mentions_article ON entity_mentions (article_num);

CREATE TABLE positions (
    article_num INTEGER NOT NULL REFERENCES articles (num) ON DELETE CASCADE,
    person_id TEXT NOT NULL,
    person TEXT NOT NULL,
    title TEXT NOT NULL,
    organization TEXT,
    place TEXT,
    date TEXT
);
CREATE INDEX positions_person ON positions (person_id);
CREATE INDEX positions_name ON positions (person);
CREATE INDEX positions_article ON positions (article_num);

CREATE TABLE events (
    article_num INTEGER NOT NULL REFERENCES articles (num) ON DELETE CASCADE,
    type TEXT NOT NULL,
    text TEXT NOT NULL,
    organization TEXT,
    number INTEGER,
    date TEXT,
    chair TEXT
);
CREATE INDEX events_article ON events (article_num);
"""


# Version 3 (dedup): the dedup index -- the sentence band hashes of every record and its story cluster,
# text key and similarity with its cluster's canonical record (see store/dedup_tables.py).
_V3 = """
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

# Version 4 (incremental dedup): verified duplicate pairs (a < b, by id) and the URL key of every member
# (same-URL records are one group, as in the batch), so that a change re-clusters only the records around
# it. A store indexed before it has no edges: `baochi recluster` fills them.
_V4 = """
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


def _dedup_edges(conn: sqlite3.Connection) -> None:
    """Version 4: its tables, then the URL key of the members indexed before it."""
    for statement in _statements(_V4):
        conn.execute(statement)
    rows = conn.execute(
        "SELECT m.article_id, a.url FROM dedup_members m JOIN articles a ON a.id = m.article_id"
        " WHERE a.url IS NOT NULL"
    ).fetchall()
    conn.executemany(
        "UPDATE dedup_members SET url_key = ? WHERE article_id = ?", [(url_key(u), i) for i, u in rows]
    )


MIGRATIONS: list[Migration] = [
    Migration(1, "documents, articles, full-text index", _V1),
    Migration(2, "entities, mentions, positions, events", _V2),
    Migration(3, "dedup: sentence band hashes and story clusters", _V3),
    Migration(4, "dedup: verified duplicate pairs and URL keys", _dedup_edges),
]

_BOOKKEEPING = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)
"""


def latest_version() -> int:
    """The schema version this baochi knows."""
    return max(m.version for m in MIGRATIONS)


def current_version(conn: sqlite3.Connection) -> int:
    """The schema version of an open database (0 when empty)."""
    row = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return int(row[0] or 0)


def _check_numbers(migrations: list[Migration]) -> None:
    versions = [m.version for m in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise StoreError(f"migrations must be numbered 1, 2, 3... in order; found {versions}")


def migrate(conn: sqlite3.Connection, migrations: list[Migration] | None = None) -> int:
    """Bring the database to the latest schema; returns the version. Newer unknown schema -> StoreError.

    ``conn`` must be in autocommit mode (``isolation_level=None``): each migration runs in its own
    ``BEGIN IMMEDIATE`` transaction, so only one process migrates and a crash leaves no half step.
    """
    migrations = MIGRATIONS if migrations is None else migrations
    _check_numbers(migrations)
    latest = migrations[-1].version if migrations else 0
    # Up to date: answer with reads only, so opening a store to search never waits for a writer's lock.
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").fetchone()
    if exists and current_version(conn) == latest:
        return latest
    conn.execute(_BOOKKEEPING)
    for m in migrations:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = current_version(conn)
            if version > latest:
                raise StoreError(
                    f"database schema version {version} is newer than this baochi knows ({latest}); "
                    "upgrade baochi"
                )
            if m.version <= version:
                conn.execute("COMMIT")
                continue
            if isinstance(m.apply, str):
                for statement in _statements(m.apply):
                    conn.execute(statement)
            else:
                m.apply(conn)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (m.version, m.name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
    version = current_version(conn)
    if version > latest:
        raise StoreError(
            f"database schema version {version} is newer than this baochi knows ({latest}); upgrade baochi"
        )
    return version


def _statements(sql: str) -> list[str]:
    """Split SQL text into complete statements (``executescript`` would commit our transaction)."""
    out: list[str] = []
    buf = ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out
