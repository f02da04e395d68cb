"""Saved HTML pages (``.html``, ``.htm``, optionally gzipped) -> one ``html`` Document each."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator

from baochi.errors import InputError
from baochi.ingest.options import ReadOptions
from baochi.model import Document

# Bigger pages are not news articles (an archive dump, a binary); refuse them rather than fill memory.
MAX_PAGE_BYTES = 64 * 1024 * 1024


def _gunzip(blob: bytes) -> tuple[bytes, bool]:
    """Decompress gzip bytes; (what could be decompressed, whether the stream was complete)."""
    dec = zlib.decompressobj(wbits=31)
    out = dec.decompress(blob, MAX_PAGE_BYTES + 1)
    return out, dec.eof


def read_html_file(
    path: str, on_error: Callable[[InputError], None], options: ReadOptions
) -> Iterator[Document]:
    """The page of one HTML file as a Document with its raw bytes (charset decided at extraction)."""
    meta: dict[str, object] = {}
    try:
        with open(path, "rb") as fh:
            head = fh.read(2)
            fh.seek(0)
            if head == b"\x1f\x8b":
                data, complete = _gunzip(fh.read(MAX_PAGE_BYTES + 1))
                if not complete:  # a truncated download: extract what arrived
                    meta["truncated"] = True
            else:
                data = fh.read(MAX_PAGE_BYTES + 1)
    except (OSError, zlib.error) as err:
        on_error(InputError(path, f"cannot read: {err}"))
        return
    if len(data) > MAX_PAGE_BYTES:
        on_error(InputError(path, f"page larger than {MAX_PAGE_BYTES} bytes"))
        return
    if not data.strip():
        on_error(InputError(path, "empty file"))
        return
    if options.encoding:
        meta["encoding"] = options.encoding
    yield Document(source=path, data=data, kind="html", meta=meta)
