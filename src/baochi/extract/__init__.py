"""Document -> Article: scraped text, HTML and corpus records, metadata, dates, outlet profiles."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache

from baochi.errors import ExtractionError
from baochi.extract.finalize import finalize_article
from baochi.model import Article, Document

__all__ = ["extract_article", "finalize_article"]

# The extractor of each document kind, imported on first use (HTML parsing pulls in a parser library).
_EXTRACTORS = {
    "text": "baochi.extract.text:extract_text",
    "html": "baochi.extract.html:extract_html",
    "record": "baochi.extract.record:extract_record",
}


@cache
def _extractor(kind: str) -> Callable[[Document], Article]:
    try:
        module, name = _EXTRACTORS[kind].split(":")
    except KeyError:
        raise ExtractionError(f"no extractor for documents of kind {kind!r}") from None
    fn: Callable[[Document], Article] = getattr(importlib.import_module(module), name)
    return fn


def extract_article(doc: Document) -> Article:
    """Make the record of one raw document (dispatching on its kind), with id and hashes filled in."""
    from baochi.ingest.guard import guard_article  # cleaned, bounded, the reader's notes and defaults

    return finalize_article(guard_article(_extractor(doc.kind)(doc), doc), doc)
