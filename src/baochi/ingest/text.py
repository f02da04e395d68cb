"""Scraped plain-text documents: one Document(kind="text") per file, bytes kept unchanged."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from baochi.errors import InputError
from baochi.ingest.decode import decode_bytes
from baochi.ingest.files import read_input
from baochi.ingest.options import ReadOptions
from baochi.model import Document


def text_document(path: str, data: bytes, options: ReadOptions) -> Document:
    """Check that ``data`` is text (decodable, not empty) and wrap it; raises InputError."""
    if not data.strip():
        raise InputError(path, "empty file")
    text, encoding = decode_bytes(data, options.encoding, source=path)
    if not text.strip():
        raise InputError(path, "empty file")
    return Document(source=path, data=data, kind="text", meta={"encoding": encoding})


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
