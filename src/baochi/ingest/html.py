"""Saved HTML pages (``.html``, ``.htm``, optionally gzipped) -> one ``html`` Document each."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from baochi.errors import InputError
from baochi.ingest.files import TruncatedInput, read_input
from baochi.ingest.options import ReadOptions
from baochi.model import Document

# Kept for readers that ask for the default page limit (baochi.ingest.limits holds the settable one).
MAX_PAGE_BYTES = 64 * 1024 * 1024


def read_html_file(
    path: str, on_error: Callable[[InputError], None], options: ReadOptions
) -> Iterator[Document]:
    """The page of one HTML file as a Document with its raw bytes (charset decided at extraction).

    A gzipped page cut short gives what arrived (``meta["truncated"]``: the record warns of it); a page
    over ``max_document_bytes`` is refused before it is whole in memory."""
    meta: dict[str, object] = {}
    try:
        data = read_input(path, options.bounds.max_document_bytes)
    except TruncatedInput as cut:  # a truncated download: extract what arrived
        data = cut.data
        meta["truncated"] = True
    except InputError as err:
        on_error(err)
        return
    if not data.strip():
        on_error(InputError(path, "empty file"))
        return
    if options.encoding:
        meta["encoding"] = options.encoding
    yield Document(source=path, data=data, kind="html", meta=meta)
