"""Inputs of unknown type (no known suffix, or ``-`` for standard input): sniff the first bytes.

JSON (``{`` / ``[``), JSON lines (several lines each an object), HTML (``<html``, ``<!doctype``),
WARC (``WARC/1.``), gzip (decompressed, then sniffed again), otherwise scraped text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from baochi.errors import InputError
from baochi.ingest.decode import decode_bytes
from baochi.ingest.files import read_input
from baochi.ingest.options import ReadOptions
from baochi.ingest.records import iter_json_text, iter_jsonl_text
from baochi.ingest.text import text_document
from baochi.model import Document

_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
# How far into the input the HTML / JSON-lines signs are looked for.
_SNIFF = 2048


def sniff_kind(data: bytes) -> str:
    """``json``, ``jsonl``, ``html``, ``warc`` or ``text`` for the (decompressed) bytes of an input."""
    head = data[:_SNIFF].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"WARC/1."):
        return "warc"
    if _HTML.match(head):
        return "html"
    if head[:1] in (b"{", b"["):
        lines = [x.strip() for x in data[: _SNIFF * 8].split(b"\n") if x.strip()]
        # A pretty-printed object has "key": lines after its opening brace; JSONL has one object a line.
        if head[:1] == b"{" and len(lines) > 1 and lines[0].endswith(b"}") and lines[1].startswith(b"{"):
            return "jsonl"
        return "json"
    return "text"


def read_unknown_file(
    path: str, on_error: Callable[[InputError], None], options: ReadOptions
) -> Iterator[Document]:
    """Documents of a file whose type is only known from its content."""
    try:
        data = read_input(path)
    except InputError as err:
        on_error(err)
        return
    kind = sniff_kind(data)
    if kind == "warc":
        from baochi.ingest.dispatch import READERS, _reader

        if path == "-":
            on_error(InputError(path, "WARC on standard input is not supported: save it to a file"))
            return
        yield from _reader(READERS[".warc"])(path, on_error, options)
        return
    try:
        if kind == "html":
            if not data.strip():
                raise InputError(path, "empty file")
            yield Document(source=path, data=data, kind="html")
        elif kind in ("json", "jsonl"):
            text = decode_bytes(data, options.encoding, source=path)[0]
            iterate = iter_jsonl_text if kind == "jsonl" else iter_json_text
            yield from iterate(path, text, on_error, options)
        else:
            yield text_document(path, data, options)
    except InputError as err:
        on_error(err)
