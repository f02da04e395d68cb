"""baochi: raw Vietnamese news in, a clean, deduplicated, enriched and searchable corpus out.

The public API (documented in ``docs/api.md``)::

    import baochi

    article = baochi.extract_article(html_or_text, url="https://...")      # one document -> Article
    for article in baochi.read("dump.jsonl"):                              # files, folders, globs
        ...
    for article in baochi.deduplicate(baochi.read("crawl/")):                    # story clusters marked
        ...
    with baochi.Store("news.db") as store:                                 # the embedded database
        store.ingest("crawl/")
        hits = store.search("bến tre", since="2021")

Heavy parts are imported on first use: ``import baochi`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from baochi.api import Deduplication, Records, deduplicate, extract_article, load_jsonl, read, write_jsonl
from baochi.errors import BaochiError, ExtractionError, InputError, QueryError, StoreError
from baochi.model import Article, Byline, Dateline, Document, Outlet

if TYPE_CHECKING:
    from baochi.corpus import Store, StoryHit

__all__ = [
    "Article",
    "BaochiError",
    "Byline",
    "Dateline",
    "Deduplication",
    "Document",
    "ExtractionError",
    "InputError",
    "Outlet",
    "QueryError",
    "Records",
    "Store",
    "StoreError",
    "StoryHit",
    "__version__",
    "deduplicate",
    "extract_article",
    "load_jsonl",
    "read",
    "write_jsonl",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """``baochi.Store`` and ``baochi.StoryHit``, imported on first use (they pull in the store)."""
    if name in ("Store", "StoryHit"):
        from baochi import corpus

        return getattr(corpus, name)
    raise AttributeError(f"module 'baochi' has no attribute {name!r}")
