"""Raw bytes of one input: a file, ``-`` (standard input), gzip-compressed or not, always bounded.

Inputs are streamed: a gzip stream is decompressed chunk by chunk and reading stops one byte past the
limit, so a decompression bomb or ``/dev/zero`` costs at most the limit in memory. A gzip stream cut
short (an interrupted download) gives what was complete before the cut, reported as ``TruncatedInput``.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import sys
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import BinaryIO, Protocol

from baochi.errors import InputError

GZIP_MAGIC = b"\x1f\x8b"
# The files being read now, by path (the readers run in one process): how far reading has gone in one
# big file (a JSONL dump, a WARC crawl, a CSV) shows in the progress bar record by record.
_READING: dict[str, Tells] = {}
# Bytes read per call: small enough that a limit is never overshot by much.
_CHUNK = 1 << 20


class TruncatedInput(InputError):
    """A compressed input cut short: ``data`` holds what was decompressed before the cut."""

    def __init__(self, source: str, reason: str, data: bytes) -> None:
        super().__init__(source, reason)
        self.data = data


class _Prefixed(io.RawIOBase):
    """A stream that gives back ``head`` (bytes already read to sniff) before the rest of ``raw``."""

    def __init__(self, head: bytes, raw: BinaryIO) -> None:
        self._head = head
        self._raw = raw

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        view = memoryview(buffer).cast("B")
        if self._head:
            n = min(len(view), len(self._head))
            view[:n] = self._head[:n]
            self._head = self._head[n:]
            return n
        data = self._raw.read(len(view))
        view[: len(data)] = data
        return len(data)


class _Consumed:
    """How far the reader of a file got: what was read from the file less what still waits unread in
    the buffer (a buffer of ``_CHUNK`` bytes would move the position a megabyte at a time)."""

    def __init__(self, raw: BinaryIO, buffered: BinaryIO) -> None:
        self._raw = raw
        self._buffered = buffered

    def tell(self) -> int:
        """Bytes of the file the reader took."""
        waiting = self._buffered.peek(0) if isinstance(self._buffered, io.BufferedReader) else b""
        return max(0, self._raw.tell() - len(waiting))


def prefixed(head: bytes, stream: BinaryIO) -> BinaryIO:
    """A buffered stream reading ``head`` and then the rest of ``stream``."""
    return io.BufferedReader(_Prefixed(head, stream), _CHUNK)


def _kind_of(mode: int) -> str | None:
    """A name for what a non-regular, non-FIFO file is (None for files and FIFOs)."""
    if stat.S_ISDIR(mode):
        return "is a directory"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "not a regular file (a device)"
    if stat.S_ISSOCK(mode):
        return "not a regular file (a socket)"
    return None


def _error(path: str, exc: BaseException) -> InputError:
    if isinstance(exc, OSError) and not isinstance(exc, gzip.BadGzipFile) and exc.strerror:
        return InputError(path, exc.strerror.lower())
    return InputError(path, f"corrupt gzip data: {exc}")


class Tells(Protocol):
    """What tells how far reading has gone: an open file, or a reader's own estimate."""

    def tell(self) -> int:
        """Bytes of the file read so far."""
        ...


@contextmanager
def reading(path: str, raw: Tells) -> Iterator[None]:
    """Make ``raw`` (the file as opened, before any decompression) the one ``read_position`` asks."""
    _READING[path] = raw
    try:
        yield
    finally:
        if _READING.get(path) is raw:
            del _READING[path]


def read_position(path: str) -> int | None:
    """Bytes of the file at ``path`` read so far while a reader has it open (compressed bytes for a
    compressed file), else None."""
    raw = _READING.get(path)
    if raw is None:
        return None
    try:
        return raw.tell()
    except (OSError, ValueError):  # a pipe cannot tell; a closed file
        return None


@contextmanager
def open_input(path: str) -> Iterator[BinaryIO]:
    """The (decompressed) byte stream of an input; raises InputError for devices, sockets, folders.

    A FIFO named explicitly is read (``<(zcat x)``); folder walks never hand one over.
    """
    try:
        if path == "-":
            raw: BinaryIO = sys.stdin.buffer
            close = False
        else:
            why = _kind_of(os.stat(path).st_mode)
            if why:
                raise InputError(path, why)
            raw = open(path, "rb")  # noqa: SIM115 - closed below
            close = True
    except OSError as exc:
        raise _error(path, exc) from None
    try:
        head = raw.read(2)
        buffered = stream = prefixed(head, raw)
        if head == GZIP_MAGIC:
            stream = gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[assignment]
        with reading(path, _Consumed(raw, buffered)):
            yield stream
    except OSError as exc:
        raise _error(path, exc) from None
    finally:
        if close:
            raw.close()


def read_head(stream: BinaryIO, size: int, source: str) -> bytes:
    """The first ``size`` bytes of a stream (fewer when it is shorter); TruncatedInput on a cut."""
    return _read(stream, size, source)


def _read(stream: BinaryIO, limit: int, source: str) -> bytes:
    parts: list[bytes] = []
    size = 0
    try:
        while size < limit:
            # read1: one decompression step per call, so a cut loses nothing that was decompressed
            chunk = stream.read1(min(_CHUNK, limit - size))  # type: ignore[attr-defined]
            if not chunk:
                break
            parts.append(chunk)
            size += len(chunk)
    except EOFError:
        raise TruncatedInput(
            source, f"gzip data cut short: kept the {size} bytes before the cut", b"".join(parts)
        ) from None
    except (OSError, zlib.error) as exc:
        raise _error(source, exc) from None
    return b"".join(parts)


def read_stream(stream: BinaryIO, limit: int, source: str) -> bytes:
    """At most ``limit`` bytes of a stream; raises InputError past the limit, TruncatedInput on a cut."""
    data = _read(stream, limit + 1, source)
    if len(data) > limit:
        raise InputError(source, f"larger than the limit of {limit} bytes")
    return data


def read_input(path: str, limit: int | None = None) -> bytes:
    """All bytes of ``path`` (``-`` = stdin), decompressed when gzip, at most ``limit`` of them.

    Raises InputError (TruncatedInput with the salvaged bytes for a gzip stream cut short).
    """
    if limit is None:
        from baochi.ingest.limits import default_limits

        limit = default_limits().max_document_bytes
    with open_input(path) as stream:
        return read_stream(stream, limit, path)


def iter_lines(
    stream: BinaryIO, limit: int, source: str, on_error: Callable[[InputError], None]
) -> Iterator[tuple[int, bytes]]:
    """(line number from 1, line) of a stream; a line over ``limit`` bytes is reported and skipped, a
    gzip cut is reported after the last complete line."""
    number = 0
    try:
        while True:
            line = stream.readline(limit + 1)
            if not line:
                return
            number += 1
            if len(line) > limit and not line.endswith(b"\n"):
                on_error(InputError(f"{source}:{number}", f"line longer than the limit of {limit} bytes"))
                while line and not line.endswith(b"\n"):  # skip the rest of the line, a chunk at a time
                    line = stream.readline(_CHUNK)
                continue
            yield number, line
    except EOFError:
        on_error(InputError(source, f"gzip data cut short after line {number}: kept the complete lines"))
    except (OSError, zlib.error) as exc:
        on_error(_error(f"{source}:{number + 1}", exc))
