"""Progress on a terminal: a bar over the bytes of the inputs with a total and an ETA, the documents
and records counted beside it. Shown only when standard error is a terminal (and not --no-progress)."""

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


def ticking(files: list[str], progress: Any) -> Iterator[str]:
    """The files, advancing ``progress`` by each one's size once the next one is asked for (by then
    every document of the previous one was read)."""
    previous = 0
    for f in files:
        progress.update(previous)
        yield f
        try:
            previous = os.path.getsize(f) if f != "-" else 0
        except OSError:
            previous = 0
    progress.update(previous)
