"""Raw bytes of one input: a file, ``-`` (standard input), gzip-compressed or not."""

from __future__ import annotations

import gzip
import sys
import zlib

from baochi.errors import InputError

GZIP_MAGIC = b"\x1f\x8b"


def read_input(path: str) -> bytes:
    """All bytes of ``path`` (``-`` = stdin), decompressed when they are gzip. Raises InputError."""
    try:
        if path == "-":
            data = sys.stdin.buffer.read()
        else:
            with open(path, "rb") as f:
                data = f.read()
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None
    if data.startswith(GZIP_MAGIC):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise InputError(path, f"corrupt gzip data: {exc}") from None
    return data
