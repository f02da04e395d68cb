"""Loading the language data files shipped in ``baochi/lang/data`` (UTF-8, ``#`` header lines, TSV)."""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources


def data_text(name: str) -> str:
    """The text of one data file (``.gz`` files are decompressed)."""
    raw = resources.files("baochi.lang").joinpath("data", name).read_bytes()
    if name.endswith(".gz"):
        raw = gzip.decompress(raw)
    return raw.decode("utf-8")


@cache
def data_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The tab-separated rows of one data file, header comments and blank lines skipped (cached)."""
    rows = []
    for line in data_text(name).splitlines():
        if line and not line.startswith("#"):
            rows.append(tuple(line.split("\t")))
    return tuple(rows)
