"""Argument types and checks shared by the commands: every mistake a one-line error before any work."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from baochi.pipeline import Step
from baochi.store import DEFAULT_DB


class UsageError(Exception):
    """A command line that cannot be run as given (exit status 2, one line, no traceback)."""


def err(message: str) -> None:
    """Print one error line."""
    print(f"baochi: {message}", file=sys.stderr)


def add_db(p: argparse.ArgumentParser) -> None:
    """``--db``; its default is set once by the top-level parser, so it may come before or after the
    command."""
    p.add_argument(
        "--db", default=argparse.SUPPRESS, metavar="FILE", help=f"database file (default ./{DEFAULT_DB})"
    )


def positive(value: str) -> int:
    """An integer of 1 or more (``--limit``, ``--top``)."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {n}")
    if n > 1_000_000_000:
        raise argparse.ArgumentTypeError(f"expected at most 1000000000, got {n}")
    return n


def encoding(value: str) -> str:
    """``--encoding``: a legacy Vietnamese encoding baochi decodes itself (TCVN3, VNI, VIQR, any case) or a
    character set Python knows; anything else is a usage error, not one failure per input."""
    from baochi.ingest.options import LEGACY_ENCODINGS, ReadOptions

    if value.lower() in LEGACY_ENCODINGS:  # the names ingest.decode.decode_bytes takes
        return value.lower()
    try:
        ReadOptions.given(encoding=value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return value


def field_role(value: str) -> tuple[str, str]:
    """``ROLE=NAME`` of ``--field``, the role one the record reader knows."""
    from baochi.extract.record import default_fields

    role, sep, name = value.partition("=")
    role, name = role.strip().lower(), name.strip()
    if not sep or not role or not name:
        raise argparse.ArgumentTypeError(f"expected ROLE=NAME (e.g. text=maintext), got {value!r}")
    roles = sorted(default_fields())
    if role not in roles:
        raise argparse.ArgumentTypeError(f"unknown role {role!r} in {value!r}; roles: {', '.join(roles)}")
    return role, name


def steps(value: str) -> tuple[Step, ...]:
    """``--steps``: all, none, or a comma list of lang, enrich."""
    from baochi.api import step_list

    try:
        return step_list(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def check_inputs(paths: list[str]) -> None:
    """Fail before any work when no input named exists (a typo must not create an empty store)."""
    import glob

    from baochi.ingest import expand_paths

    def found(p: str) -> bool:
        if p == "-":
            return True
        if os.path.isdir(p):  # a folder with at least one input file in it
            return next(iter(expand_paths([p])), None) is not None
        return os.path.exists(p) or (glob.has_magic(p) and bool(glob.glob(p, recursive=True)))

    if not any(found(p) for p in paths):
        named = ", ".join(paths[:3]) + (" ..." if len(paths) > 3 else "")
        what = "no input files in" if all(os.path.isdir(p) for p in paths) else "no such file or directory:"
        raise UsageError(f"{what} {named}")


def check_output(path: str, inputs: list[str] | None = None) -> None:
    """Fail before any work when ``path`` cannot be written (missing folder, a folder, no permission) or
    is one of the ``inputs`` (opening it for writing would empty it before it is read)."""
    if path == "-":
        return
    if inputs and os.path.isfile(path):
        from baochi.ingest import expand_paths

        for f in expand_paths(inputs):
            if f != "-" and os.path.exists(f) and os.path.samefile(f, path):
                raise UsageError(f"{path}: is also an input (it would be overwritten before it is read)")
    if os.path.isdir(path):
        raise UsageError(f"{path}: is a directory (give a file name)")
    parent = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(parent):
        raise UsageError(f"{path}: no such directory {parent}")
    if not os.access(parent, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        raise UsageError(f"{path}: permission denied")


@contextmanager
def output(path: str) -> Iterator[TextIO]:
    """Standard output for ``-``, else the file, opened for writing (errors as UsageError)."""
    if path == "-":
        yield sys.stdout
        return
    check_output(path)
    try:
        fh = open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed below, after the caller's work
    except OSError as exc:
        raise UsageError(f"{path}: {exc.strerror or exc}") from None
    with fh:
        yield fh
