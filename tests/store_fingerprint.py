"""What a store holds, as comparable rows: every table but the search index internals, without the times
of storing (tests that two runs build the same store)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

_SKIP_TABLES = ("schema_migrations",)
_SKIP_COLUMNS = ("stored_at",)


def store_rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Table -> sorted rows (records, documents, clusters, entity tables, ...)."""
    conn = sqlite3.connect(db)
    try:
        tables = [
            r[0]
            for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if not r[0].startswith("search") and r[0] not in _SKIP_TABLES
        ]
        out: dict[str, list[tuple[Any, ...]]] = {}
        for t in tables:
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info({t})") if r[1] not in _SKIP_COLUMNS]
            names = ", ".join(f'"{c}"' for c in cols)
            out[t] = sorted(conn.execute(f"SELECT {names} FROM {t}").fetchall(), key=repr)
        return out
    finally:
        conn.close()
