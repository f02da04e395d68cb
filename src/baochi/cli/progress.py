"""Progress on a terminal: a bar over the bytes of the inputs with a total and an ETA, the documents
and records counted beside it. Shown only when standard error is a terminal (and not --no-progress).

Inside one big input (a JSONL dump, a CSV, a WARC crawl, a Parquet file) the bar moves record by record:
the readers tell how far they have read (``baochi.ingest.files.read_position``)."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any


def input_files(paths: list[str]) -> tuple[list[str], int]:
    """The input files of ``paths`` (folders walked, globs expanded) and their total size in bytes."""
    from baochi.ingest import expand_paths

    files = list(expand_paths(paths))
    total = 0
    for f in files:
        with contextlib.suppress(OSError):
            total += os.path.getsize(f) if f != "-" else 0
    return files, total


def bar(*, total: int | None, desc: str, quiet: bool, unit: str = " doc") -> Any:
    """A tqdm bar on standard error, off when asked or when standard error is not a terminal."""
    from tqdm import tqdm

    scale = unit == "B"
    return tqdm(
        total=total,
        desc=desc,
        unit=unit,
        unit_scale=scale,
        unit_divisor=1024 if scale else 1000,
        file=sys.stderr,
        disable=True if quiet else None,
        leave=False,
        dynamic_ncols=True,
    )


def _size(path: str) -> int:
    try:
        return os.path.getsize(path) if path != "-" else 0
    except OSError:
        return 0


class InputBar:
    """A bar over the bytes of the input files: a file counts whole once the next one is asked for (by
    then every document of it was read), and ``advance`` adds how far the file being read has gone."""

    def __init__(self, progress: Any, files: list[str]) -> None:
        self.progress = progress
        self.files = files
        self._done = 0  # bytes of the files read to their end
        self._current: tuple[str, int] | None = None  # the file being read and its size

    def paths(self) -> Iterator[str]:
        """The files, in order, moving the bar as each is read."""
        for f in self.files:
            size = _size(f)
            self._current = (f, size)
            yield f
            self._current = None
            self._done += size
            self._goto(self._done)

    def advance(self) -> None:
        """Move the bar to the position reached in the file being read (called once per record)."""
        if self._current is None:
            return
        from baochi.ingest.files import read_position

        path, size = self._current
        position = read_position(path)
        if position is not None:
            self._goto(self._done + min(position, size))

    def _goto(self, n: int) -> None:
        if n > self.progress.n:
            self.progress.update(n - self.progress.n)

    def set_postfix(self, values: dict[str, int], refresh: bool = False) -> None:
        """The counts shown beside the bar."""
        self.progress.set_postfix(values, refresh=refresh)

    def close(self) -> None:
        """Remove the bar from the terminal."""
        self.progress.close()
