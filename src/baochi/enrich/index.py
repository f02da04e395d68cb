"""The ingest hook that keeps the store's entity tables in step with its records.

The tables and their SQL belong to the store (``baochi.store.entity_tables``, as ``Store.entities``).
``store_batch`` is an ingest hook (``baochi.writers.store.INDEXES``): it runs inside each stored batch's
transaction. Rows of a record are replaced when the record is stored again; they go with it when it is
deleted (ON DELETE CASCADE).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from baochi.model import Article

if TYPE_CHECKING:
    from baochi.store import Store


def store_batch(store: Store, articles: list[Article]) -> None:
    """Ingest hook: write the entity rows of each record just stored."""
    store.entities.write(articles)
