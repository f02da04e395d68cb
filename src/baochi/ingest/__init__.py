"""Sources -> Iterator[Document]: text files, JSON/JSONL records, HTML, WARC, Parquet, archives.

``iter_documents`` expands paths (files, folders, globs, ``-`` for standard input) and hands each file
to the reader of its type. A bad input is reported to ``on_error`` (one InputError each) and the run
goes on; nothing here decides what a document *means* -- that is ``baochi.extract``'s job.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Iterator

from baochi.errors import InputError
from baochi.ingest.options import ReadOptions
from baochi.model import Document

ErrorHandler = Callable[[InputError], None]

# Files that describe a corpus folder rather than belong to it (README.md, LICENSE, ...): skipped when a
# folder is walked, read when named explicitly.
_FOLDER_DOCS = ("readme", "license", "licence", "copying", "notice", "changelog", "authors")


def _is_folder_doc(name: str) -> bool:
    stem = name.lower().split(".", 1)[0]
    return stem in _FOLDER_DOCS


def _raise(err: InputError) -> None:
    raise err


def expand_paths(paths: Iterable[str]) -> Iterator[str]:
    """Files named, found under folders (sorted; hidden files and README/LICENSE skipped) or matched by
    globs; ``-`` kept."""
    for p in paths:
        if p == "-":
            yield p
        elif os.path.isdir(p):
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(names):
                    if not name.startswith(".") and not _is_folder_doc(name):
                        yield os.path.join(root, name)
        elif os.path.exists(p):
            yield p
        else:
            matches = sorted(glob.glob(p, recursive=True))
            if not matches:
                yield p  # reported as missing by the reader
            yield from (m for m in matches if os.path.isfile(m))


def iter_documents(
    paths: Iterable[str], on_error: ErrorHandler = _raise, options: ReadOptions | None = None
) -> Iterator[Document]:
    """Every document of every input, in order; bad inputs go to ``on_error``."""
    from baochi.ingest.dispatch import read_path

    for path in expand_paths(paths):
        if path != "-" and not os.path.exists(path):
            on_error(InputError(path, "no such file or directory"))
            continue
        yield from read_path(path, on_error, options)
