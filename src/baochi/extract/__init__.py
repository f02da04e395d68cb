"""Document -> Article: scraped text, HTML and corpus records, metadata, dates, outlet profiles."""

from __future__ import annotations

from collections.abc import Callable

from baochi.errors import ExtractionError
from baochi.extract.finalize import finalize_article
from baochi.model import Article, Document

__all__ = ["extract_article", "finalize_article"]


def _extractor(kind: str) -> Callable[[Document], Article]:
    """The extractor of a document kind, imported on first use (HTML parsing pulls in a parser library)."""
    if kind == "text":
        from baochi.extract.text import extract_text

        return extract_text
    if kind == "html":
        from baochi.extract.html import extract_html

        return extract_html
    if kind == "record":
        from baochi.extract.record import extract_record

        return extract_record
    raise ExtractionError(f"no extractor for documents of kind {kind!r}")


def extract_article(doc: Document) -> Article:
    """Make the record of one raw document (dispatching on its kind), with id and hashes filled in."""
    from baochi.extract.guard import guard_article  # cleaned, bounded, the reader's notes and defaults

    return finalize_article(guard_article(_extractor(doc.kind)(doc), doc), doc)
