"""Inputs of unknown type (no known suffix, or ``-`` for standard input): sniff the first bytes.

JSON (``{`` / ``[``), JSON lines (several lines each an object), HTML (``<html``, ``<!doctype``),
WARC (``WARC/1.``), gzip (decompressed, then sniffed again), otherwise scraped text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator

from baochi.errors import InputError
from baochi.ingest.decode import decode_bytes
from baochi.ingest.files import TruncatedInput, iter_lines, open_input, prefixed, read_head, read_stream
from baochi.ingest.options import ReadOptions
from baochi.ingest.records import iter_json_text, iter_jsonl_lines, iter_jsonl_text
from baochi.ingest.text import text_document
from baochi.model import Document

_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
# How far into the input the HTML / JSON-lines signs are looked for.
_SNIFF = 2048
# Bytes read to decide the kind of a file before the rest is streamed.
_HEAD = _SNIFF * 8


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


def stdin_source(data: bytes) -> str:
    """The source name of a document read from standard input: ``stdin@`` and 16 hex digits of its
    SHA-256, so that documents piped in one after the other each keep their own record, and piping the
    same bytes again finds them unchanged."""
    return f"stdin@{hashlib.sha256(data).hexdigest()[:16]}"


def read_unknown_file(
    path: str, on_error: Callable[[InputError], None], options: ReadOptions
) -> Iterator[Document]:
    """Documents of a file whose type is only known from its content (``-``: standard input, read whole
    up to ``max_json_bytes``; JSON lines in a file are streamed)."""
    bounds = options.bounds
    truncated = False
    try:
        with open_input(path) as stream:
            data = b""
            if path == "-":
                limit = bounds.max_json_bytes
            else:
                head = read_head(stream, _HEAD, path)
                if sniff_kind(head) == "jsonl":
                    lines = iter_lines(prefixed(head, stream), bounds.max_document_bytes, path, on_error)
                    yield from iter_jsonl_lines(path, lines, on_error, options)
                    return
                stream = prefixed(head, stream)
                limit = bounds.max_json_bytes if sniff_kind(head) == "json" else bounds.max_document_bytes
            data = read_stream(stream, limit, path)
    except TruncatedInput as cut:  # a gzip stream cut short: what arrived is read (a JSON text cut
        data, truncated = cut.data, True  # short fails to parse; a page or text warns of the cut)
    except InputError as err:
        on_error(err)
        return
    source = stdin_source(data) if path == "-" else path
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
                raise InputError(source, "empty file")
            meta: dict[str, object] = {"truncated": True} if truncated else {}
            yield Document(source=source, data=data, kind="html", meta=meta)
        elif kind in ("json", "jsonl"):
            text = decode_bytes(data, options.encoding, source=source)[0]
            iterate = iter_jsonl_text if kind == "jsonl" else iter_json_text
            yield from iterate(source, text, on_error, options)
        else:
            doc = text_document(source, data, options)
            if truncated:
                doc.meta["truncated"] = True
            yield doc
    except InputError as err:
        on_error(err)
