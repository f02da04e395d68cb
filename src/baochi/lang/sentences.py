"""Sentence splitting that knows Vietnamese abbreviations, initials, numbers, quotes and ellipses.

A sentence ends at ``.``, ``!``, ``?`` or an ellipsis (with any closing quotes or brackets after it)
followed by white space and a sentence start (capital letter, digit, opening quote or bracket, dash), and
at every line break. A period after a dotted abbreviation (``TP.``, ``PGS.TS.``, ``Th.S.``) or a single
capital initial (``Nguyễn V. A.``) ends nothing; numbers (``1.000``, ``3,5``) have no space after their
period, so they are never candidates.
"""

from __future__ import annotations

import re

from baochi.lang.abbreviations import dotted_forms

_END = re.compile(r"(?:\.{2,}|…|[.!?])+[\"”’»)\]]*(?=\s)")
_STARTER = re.compile(r"\s+([\"“‘«(\[\-–—•]|[^\W_])")
_TOKEN_BEFORE = re.compile(r"(\S+)$")


def _is_abbreviation(token: str) -> bool:
    """True when ``token`` (the text before a final period, without it) is an abbreviation or initial."""
    token = token.lstrip('("“‘«[')
    if not token:
        return False
    forms = dotted_forms()
    if token in forms:
        return True
    # A single capital letter is an initial in a name (Nguyễn V. A.), never a sentence of its own.
    if len(token) == 1 and token.isupper():
        return True
    # Chains of abbreviations (PGS.TS, ThS.BS) or of initials (N.T.H.N): every part must be one.
    parts = [p for p in token.split(".") if p]
    return len(parts) > 1 and all(p in forms or (len(p) == 1 and p.isupper()) for p in parts)


def _split_line(line: str, offset: int, out: list[tuple[int, int]]) -> None:
    start = 0
    for m in _END.finditer(line):
        punct = m.group()
        nxt = _STARTER.match(line, m.end())
        if not nxt:
            continue
        first = nxt.group(1)
        if first.isalpha() and not first.isupper():
            continue
        if punct == "." or punct.rstrip('"”’»)]') == ".":
            before = _TOKEN_BEFORE.search(line, 0, m.start())
            if before and _is_abbreviation(before.group(1)):
                continue
            # "1. Nội dung…" at the head of a line numbers a list item: no sentence of its own.
            if before and before.group(1).isdigit() and not line[: before.start()].strip():
                continue
        _emit(line, start, m.end(), offset, out)
        start = m.end()
    _emit(line, start, len(line), offset, out)


def _emit(line: str, start: int, end: int, offset: int, out: list[tuple[int, int]]) -> None:
    chunk = line[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    if start > 0 and out and not any(c.isalnum() for c in stripped):
        # A lone closing quote or mark after a space ('… tiếp tục. "') belongs to the sentence before.
        out[-1] = (out[-1][0], offset + start + lead + len(stripped))
        return
    out.append((offset + start + lead, offset + start + lead + len(stripped)))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as (start, end) character offsets, white space trimmed; lines split."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        _split_line(line, pos, out)
        pos += len(line) + 1
    return out


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` as strings."""
    return [text[s:e] for s, e in split_sentences(text)]
