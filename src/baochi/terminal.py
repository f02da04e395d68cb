"""Safe terminal output: no printed field can move the cursor, clear the screen or retitle the window.

Titles, URLs, authors, bodies and file names come from the inputs; an escape sequence in one of them
(``\\x1b]0;...\\x07``, ``\\x1b[2J``) would be obeyed by the terminal if printed raw. ``escape_controls``
shows every control character as an escape (C0 as ``\\x1b``; DEL, C1, lone surrogates, line/paragraph
separators and bidirectional overrides as ``\\u009b``, which keeps JSON output valid JSON). ``safe_output``
routes everything the CLI prints through it, so every print site is covered, including ones added later.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

# C0 controls but tab and newline; DEL and C1; lone surrogates (non-UTF-8 bytes of file names); line and
# paragraph separators; bidirectional embeddings, overrides and isolates (they reorder what follows).
# A carriage return right before a newline (CSV's line end) moves nothing: it stays.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)"
)


def _escape(m: re.Match[str]) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x7F else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """``text`` with every control character written as an escape (tab, newline and CR LF kept)."""
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


class SafeStream(io.TextIOBase):
    """A text stream that escapes control characters before they reach ``target``.

    A write that starts with a carriage return (how progress bars redraw their line) keeps its carriage
    returns; anywhere else they are escaped too.
    """

    def __init__(self, target: TextIO) -> None:
        super().__init__()
        self.target = target

    def write(self, text: str) -> int:
        if text.startswith("\r"):
            safe = "\r".join(escape_controls(part) for part in text.split("\r"))
        else:
            safe = escape_controls(text)
        self.target.write(safe)
        return len(text)

    def flush(self) -> None:
        self.target.flush()

    def isatty(self) -> bool:
        return self.target.isatty()

    def fileno(self) -> int:
        return self.target.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.target, "encoding", None) or "utf-8"

    @property
    def buffer(self) -> object:
        """The binary stream under the target (for code that writes bytes on purpose)."""
        return self.target.buffer


@contextmanager
def safe_output() -> Iterator[None]:
    """Route ``sys.stdout`` and ``sys.stderr`` through SafeStream for the duration."""
    out, err = sys.stdout, sys.stderr
    sys.stdout = SafeStream(out)
    sys.stderr = SafeStream(err)
    try:
        yield
    finally:
        try:
            sys.stdout.flush()
        finally:
            sys.stdout, sys.stderr = out, err
