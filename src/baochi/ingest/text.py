"""Scraped plain-text documents: one Document(kind="text") per file, bytes kept unchanged."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from baochi.errors import InputError
from baochi.ingest.decode import decode_bytes
from baochi.ingest.files import read_input
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
    return Document(source=path, data=data, kind="text", meta={"encoding": encoding})


def document_text(doc: Document) -> str:
    """The decoded text of a text document (re-using the reader's decoding of the same bytes)."""
    data, text = _last
    if doc.data is data:
        return text
    return decode_bytes(doc.data, doc.meta.get("encoding"), source=doc.source)[0]


def read_text_file(
    path: str, on_error: Callable[[InputError], None], options: ReadOptions
) -> Iterator[Document]:
    """The one document of a scraped text file (``.txt``, ``.txt.gz``); bad input goes to on_error."""
    try:
        data = read_input(path)
        doc = text_document(path, data, options)
    except InputError as err:
        on_error(err)
        return
    yield doc
