"""Sources -> Iterator[Document]: text files, JSON/JSONL records, HTML, WARC, Parquet, archives.

``iter_documents`` expands paths (files, folders, globs, ``-`` for standard input) and hands each file
to the reader of its type. A bad input is reported to ``on_error`` (one InputError each) and the run
goes on; nothing here decides what a document *means* -- that is ``baochi.extract``'s job.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

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


def _ignore(err: InputError) -> None:
    pass


def _inside(path: str, roots: tuple[str, ...]) -> bool:
    return any(path == r or path.startswith(r.rstrip(os.sep) + os.sep) for r in roots)


@dataclass(slots=True)
class _Walk:
    """One folder walk: never loops, never opens FIFOs/devices/sockets, reports what it skips."""

    on_error: ErrorHandler
    follow: bool
    roots: tuple[str, ...]
    skip_folder_docs: bool = True
    max_depth: int | None = None
    seen: set[tuple[int, int]] = field(default_factory=set)

    def files(self, folder: str, depth: int = 0) -> Iterator[str]:
        """Regular files under ``folder``: sorted, its own files before its subfolders' (like os.walk)."""
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in self.seen:
                return  # a loop of symbolic links: this folder was walked already
            self.seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            self.on_error(InputError(folder, f"cannot read folder: {(exc.strerror or str(exc)).lower()}"))
            return
        subfolders: list[str] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            kind = self._kind(entry)
            if kind == "folder":
                subfolders.append(entry.path)
            elif kind == "file" and not (self.skip_folder_docs and _is_folder_doc(entry.name)):
                yield entry.path
        if self.max_depth is None or depth < self.max_depth:
            for sub in subfolders:
                yield from self.files(sub, depth + 1)

    def _kind(self, entry: os.DirEntry[str]) -> str | None:
        """``file``, ``folder`` or None (skipped; reported unless a folder link not to follow)."""
        try:
            link = entry.is_symlink()
            if link:
                target = os.path.realpath(entry.path)
                if not self.follow and not _inside(target, self.roots):
                    self.on_error(
                        InputError(
                            entry.path, "symbolic link out of the inputs, not followed (--follow-symlinks)"
                        )
                    )
                    return None
            mode = entry.stat(follow_symlinks=True).st_mode
        except OSError as exc:
            self.on_error(InputError(entry.path, f"cannot read: {(exc.strerror or str(exc)).lower()}"))
            return None
        if stat.S_ISDIR(mode):
            # linked folders are walked only when asked (os.walk's default), and then never twice
            return "folder" if not link or self.follow else None
        if stat.S_ISREG(mode):
            return "file"
        what = "a FIFO" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
        self.on_error(InputError(entry.path, f"not a regular file ({what}), skipped"))
        return None


_MAGIC = re.compile(r"[*?[]")


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """A glob pattern as a regex over paths: ``*`` and ``?`` stay within a name, ``**/`` spans folders."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append(r"(?:[^/]*/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(r".*")
            i += 2
        elif pattern[i] == "*":
            out.append(r"[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append(r"[^/]")
            i += 1
        elif pattern[i] == "[" and (end := pattern.find("]", i + 2)) > 0:
            body = pattern[i + 1 : end].replace("\\", "\\\\")
            out.append("[^" + body[1:] + "]" if body.startswith("!") else "[" + body + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def _glob(pattern: str, on_error: ErrorHandler, follow: bool) -> list[str]:
    """Files matching a glob, found by one bounded folder walk (glob.glob loops on symbolic links)."""
    parts = pattern.split(os.sep)
    fixed = next(i for i, part in enumerate(parts) if _MAGIC.search(part))
    base = os.sep.join(parts[:fixed]) or ("." if not pattern.startswith(os.sep) else os.sep)
    if not os.path.isdir(base):
        return []
    rest = parts[fixed:]
    depth = None if any("**" in p for p in rest) else len(rest) - 1
    relative = base == "." and not parts[:fixed]  # paths as glob.glob gives them, without "./"
    rx = _glob_regex("./" + pattern if relative else pattern)

    def report(err: InputError) -> None:  # only what the pattern asked for, and unreadable folders
        if rx.match(err.source) or err.reason.startswith("cannot read folder"):
            on_error(InputError(err.source[2:], err.reason) if relative else err)

    walk = _Walk(report, follow, (os.path.realpath(base),), skip_folder_docs=False, max_depth=depth)
    return [p[2:] if relative else p for p in walk.files(base) if rx.match(p)]


def expand_paths(
    paths: Iterable[str], on_error: ErrorHandler = _ignore, *, follow_symlinks: bool = False
) -> Iterator[str]:
    """Files named, found under folders (sorted; hidden files and README/LICENSE skipped) or matched by
    globs; ``-`` kept. Walks never loop and never hand over FIFOs, devices or sockets; symbolic links
    pointing out of the folder walked are not followed unless ``follow_symlinks``; what is skipped goes
    to ``on_error``."""
    for p in paths:
        if p == "-":
            yield p
        elif os.path.isdir(p):
            yield from _Walk(on_error, follow_symlinks, (os.path.realpath(p),)).files(p)
        elif os.path.lexists(p) or not _MAGIC.search(p):
            yield p  # a file named explicitly, or missing (reported by the reader)
        else:
            matches = _glob(p, on_error, follow_symlinks)
            if not matches:
                yield p  # reported as missing by the reader
            yield from matches


def iter_documents(
    paths: Iterable[str], on_error: ErrorHandler = _raise, options: ReadOptions | None = None
) -> Iterator[Document]:
    """Every document of every input, in order; bad inputs go to ``on_error``."""
    from baochi.ingest.dispatch import read_path

    options = options or ReadOptions()
    for path in expand_paths(paths, on_error, follow_symlinks=options.follow_symlinks):
        if path != "-" and not os.path.lexists(path):
            on_error(InputError(path, "no such file or directory"))
            continue
        yield from read_path(path, on_error, options)
