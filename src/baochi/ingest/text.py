"""Scraped plain-text documents: one Document(kind="text") per file, bytes kept unchanged."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from baochi.errors import InputError
from baochi.ingest.decode import REPAIRED_UTF8, decode_bytes, replaced_bytes
from baochi.ingest.files import TruncatedInput, read_input
from baochi.ingest.limits import cut_lines, default_limits
from baochi.ingest.options import ReadOptions
from baochi.model import Document

# The last text decoded here, as (bytes, text): the extractor asks for the text of the document just read,
# and decoding it twice would cost a tenth of the extraction. Bytes are immutable, so an identity match
# is a safe cache hit; a miss just decodes.
_last: tuple[bytes, str] = (b"", "")


def text_document(path: str, data: bytes, options: ReadOptions) -> Document:
    """Check that ``data`` is text (decodable, not empty) and wrap it; raises InputError."""
    global _last
    if not data.strip():
        raise InputError(path, "empty file")
    text, encoding = decode_bytes(data, options.encoding, source=path)
    if not text.strip():
        raise InputError(path, "empty file")
    _last = (data, text)
    meta: dict[str, object] = {"encoding": encoding}
    if encoding == REPAIRED_UTF8:
        meta["replaced_bytes"] = replaced_bytes(data, data.decode("utf-8", errors="replace"))
    return Document(source=path, data=data, kind="text", meta=meta)


def document_text(doc: Document) -> str:
    """The decoded text of a text document (re-using the reader's decoding of the same bytes), cut to
    ``max_text_lines`` lines (``meta["cut_lines"]`` then says so: the record warns of it)."""
    data, text = _last
    if doc.data is not data:
        text = decode_bytes(doc.data, doc.meta.get("encoding"), source=doc.source)[0]
    limit = default_limits().max_text_lines
    text, cut = cut_lines(text, limit)
    if cut:
        doc.meta["cut_lines"] = limit
    return text


def read_text_file(
    path: str, on_error: Callable[[InputError], None], options: ReadOptions
) -> Iterator[Document]:
    """The one document of a scraped text file (``.txt``, ``.txt.gz``); bad input goes to on_error.

    A ``.txt.gz`` cut short gives the text that arrived (``meta["truncated"]``: the record warns of it)."""
    truncated = False
    try:
        try:
            data = read_input(path, options.bounds.max_document_bytes)
        except TruncatedInput as cut:  # what arrived is extracted; the record says it was cut
            data, truncated = cut.data, True
        doc = text_document(path, data, options)
    except InputError as err:
        on_error(err)
        return
    if truncated:
        doc.meta["truncated"] = True
    yield doc
