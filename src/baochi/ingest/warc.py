"""WARC and WARC.gz files -> one ``html`` Document per HTML response record.

Records are streamed (one record in memory at a time, at most ``max_document_bytes``). ``source_offset``
is the byte offset of the record in the file (for ``.warc.gz``: of the gzip member holding its header),
so a record can be read again by seeking there. A damaged crawl loses only the damaged record: a
``Content-Length`` that runs past the next record (or the end of the file) is reported and reading
resumes at the next ``WARC/1.`` header; a gzip stream cut short is reported after its last complete
record; a record over the size limit is skipped with a reason.
"""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from baochi.errors import InputError
from baochi.ingest.files import GZIP_MAGIC, reading
from baochi.ingest.options import ReadOptions
from baochi.model import Document

# Payload types worth extracting; everything else in a crawl (images, CSS, JSON APIs) is skipped.
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHUNK = 1 << 20
_HEADER_MAX = 64 * 1024  # a WARC or HTTP header block longer than this is garbage
_START = re.compile(rb"WARC/1\.[0-9]\r?\n")


@dataclass(slots=True)
class _Stream:
    """Decompressed bytes of a (gzip) file with the file offset of the gzip member of each position."""

    fh: BinaryIO
    gz: bool
    buf: bytearray = field(default_factory=bytearray)
    base: int = 0  # stream position of buf[0]
    members: list[tuple[int, int]] = field(default_factory=lambda: [(0, 0)])  # (stream pos, file offset)
    file_pos: int = 0
    eof: bool = False
    cut: bool = False  # the gzip stream ended inside a member
    dec: zlib._Decompress | None = None

    def fill(self) -> bool:
        """Read one more chunk; False at the end of the file."""
        if self.eof:
            return False
        data = self.fh.read(_CHUNK)
        start = self.file_pos
        self.file_pos += len(data)
        if not data:
            self.eof = True
            self.cut = self.gz and self.dec is not None
            return False
        if not self.gz:
            self.buf += data
            return True
        while data:
            if self.dec is None:
                self.dec = zlib.decompressobj(wbits=31)
                member_at = self.file_pos - len(data)
                self.members.append((self.base + len(self.buf), member_at if member_at >= start else start))
            self.buf += self.dec.decompress(data)
            if self.dec.eof:
                data = self.dec.unused_data
                self.dec = None
            else:
                data = b""
        return True

    def ensure(self, end: int) -> bool:
        """Make stream positions up to ``end`` available in buf; False when the file ends first."""
        while self.base + len(self.buf) < end:
            if not self.fill():
                return False
        return True

    def drop(self, upto: int) -> None:
        """Forget bytes before stream position ``upto``."""
        n = upto - self.base
        if n > 0:
            del self.buf[:n]
            self.base = upto
            while len(self.members) > 1 and self.members[1][0] <= upto:
                del self.members[0]  # only members still in buf are asked for

    def find(self, needle: re.Pattern[bytes], start: int) -> int:
        """Stream position of the next match at or after ``start`` (reading on), or -1."""
        while True:
            m = needle.search(self.buf, max(0, start - self.base))
            if m:
                return self.base + m.start()
            keep = self.base + max(0, len(self.buf) - 16)
            self.drop(max(keep, self.base))
            if not self.fill():
                return -1

    def tell(self) -> int:
        """File offset reached by the reader (of the gzip member it is in): the progress bar asks."""
        return self.offset(self.base)

    def offset(self, pos: int) -> int:
        """File offset of the gzip member holding stream position ``pos`` (``pos`` when not gzip)."""
        if not self.gz:
            return pos
        found = 0
        for spos, foff in self.members:
            if spos <= pos:
                found = foff
            else:
                break
        return found


def _headers(block: bytes) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in block.split(b"\r\n")[1:]:
        name, sep, value = line.partition(b":")
        if sep:
            out[name.strip().decode("latin-1").lower()] = value.strip().decode("utf-8", "replace")
    return out


def _http(block: bytes) -> tuple[dict[str, str], bytes]:
    """HTTP headers and body of a response record's block."""
    end = block.find(b"\r\n\r\n", 0, _HEADER_MAX)
    if end < 0:
        return {}, block
    return _headers(block[:end]), block[end + 4 :]


def _charset(content_type: str) -> str | None:
    m = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.IGNORECASE)
    return m.group(1).lower() if m else None


def _fetched(date: str | None) -> str | None:
    if not date:
        return None
    return date.replace("Z", "+00:00") if date.endswith("Z") else date


def read_warc_file(
    path: str, on_error: Callable[[InputError], None], options: ReadOptions
) -> Iterator[Document]:
    """Every HTML response record of a WARC file, with URL, fetch date and HTTP charset."""
    limit = options.bounds.max_document_bytes
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as err:
        on_error(InputError(path, f"cannot read WARC: {(err.strerror or str(err)).lower()}"))
        return
    with fh:
        gz = fh.read(2) == GZIP_MAGIC
        fh.seek(0)
        stream = _Stream(fh, gz)
        try:
            with reading(path, stream):
                yield from _records(path, stream, limit, on_error, options)
        except zlib.error as err:
            on_error(InputError(path, f"corrupt gzip data: {err}"))


def _records(
    path: str, s: _Stream, limit: int, on_error: Callable[[InputError], None], options: ReadOptions
) -> Iterator[Document]:
    pos = 0
    resynced = False  # after a damaged record: the bytes up to the next header were reported with it
    while True:
        start = s.find(_START, pos)
        if start < 0:
            break
        if start > pos and not resynced and bytes(s.buf[pos - s.base : start - s.base]).strip():
            on_error(InputError(f"{path}@{s.offset(pos)}", "bytes between records skipped"))
        resynced = False
        where = f"{path}@{s.offset(start)}"
        s.ensure(start + _HEADER_MAX)
        end = s.buf.find(b"\r\n\r\n", start - s.base, start - s.base + _HEADER_MAX)
        if end < 0:
            on_error(InputError(where, "record header without an end"))
            pos, resynced = start + 1, True
            continue
        head = _headers(bytes(s.buf[start - s.base : end]))
        body_at = s.base + end + 4
        try:
            length = int(head.get("content-length", ""))
        except ValueError:
            on_error(InputError(where, "record without a valid Content-Length"))
            pos, resynced = start + 1, True
            continue
        block_end = body_at + length
        if length > limit:
            resync = _skip(s, start, block_end)
            if resync is None:
                on_error(InputError(where, f"record larger than the limit of {limit} bytes, skipped"))
                pos = block_end
                continue
            on_error(InputError(where, f"Content-Length {length} runs past the record: skipped, reading on"))
            if resync < 0:
                break
            pos, resynced = resync, True
            continue
        complete = s.ensure(block_end + 4 + 8)
        tail = bytes(s.buf[block_end - s.base : block_end - s.base + 12])
        if not complete and s.base + len(s.buf) < block_end:
            why = "gzip data cut short" if s.cut else "file ends"
            on_error(InputError(where, f"record cut short ({why} inside it): skipped"))
            pos, resynced = body_at, True
            continue
        rest = tail.lstrip(b"\r\n")
        if rest and not _START.match(rest + b"\n" * 2):
            on_error(InputError(where, "Content-Length does not match the record: skipped, reading on"))
            pos, resynced = body_at, True
            continue
        block = bytes(s.buf[body_at - s.base : block_end - s.base])
        pos = block_end
        s.drop(block_end)
        doc = _document(path, s.offset(start), head, block, options)
        if doc is not None:
            yield doc
    if s.cut:
        on_error(InputError(path, "gzip data cut short: kept the complete records"))


def _skip(s: _Stream, start: int, end: int) -> int | None:
    """Pass over a record too large to hold, from stream position ``start`` to ``end``.

    None when done; else the position to resynchronise at, because the record's length runs past the
    end of the file or past its own gzip member (a false Content-Length); -1 when nothing is left.
    """
    if not s.gz:
        size = os.fstat(s.fh.fileno()).st_size
        if end > size:
            return start + 1
        s.fh.seek(end)
        s.buf.clear()
        s.base = s.file_pos = end
        return None
    while s.base + len(s.buf) < end:
        later = [spos for spos, _ in s.members if start < spos < end]
        if later:  # a new gzip member began inside the record: the record was not that long
            s.drop(later[0])
            return later[0]
        s.drop(s.base + len(s.buf))
        if not s.fill():
            return -1
    s.drop(end)
    return None


def _document(
    path: str, offset: int, head: dict[str, str], block: bytes, options: ReadOptions
) -> Document | None:
    if head.get("warc-type", "").lower() != "response":
        return None
    http, data = _http(block) if block.startswith(b"HTTP/") else ({}, block)
    ctype = http.get("content-type", "")
    if ctype and not ctype.lower().startswith(_HTML_TYPES):
        return None
    if not data.strip():
        return None
    meta: dict[str, object] = {}
    if head.get("warc-record-id"):
        meta["warc_record_id"] = head["warc-record-id"]
    if ctype and (charset := _charset(ctype)):
        meta["http_charset"] = charset
    if ctype:
        meta["content_type"] = ctype
    if options.encoding:
        meta["encoding"] = options.encoding
    return Document(
        source=path,
        source_offset=offset,
        data=data,
        kind="html",
        url=head.get("warc-target-uri") or None,
        fetched_at=_fetched(head.get("warc-date")),
        meta=meta,
    )
