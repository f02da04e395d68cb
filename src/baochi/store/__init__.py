"""Embedded SQLite store (WAL, numbered migrations, one writer); raw inputs kept compressed."""

from baochi.store.db import DEFAULT_DB, Check, Store

__all__ = ["DEFAULT_DB", "Check", "Store"]
