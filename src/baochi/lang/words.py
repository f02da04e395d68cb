"""Word segmentation and part-of-speech tags: underthesea when installed, else longest matching.

underthesea (Apache-2.0; CRF models shipped in its wheel, no torch, no download) is imported here and
nowhere else, on first use. Without it, ``segment`` joins syllables by longest match against the
lexicon (and runs of capitalised syllables into names); ``backend()`` says which one is in use.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from baochi.lang.lexicon import max_word_syllables, word_frequencies
from baochi.lang.tones import place_tone

Span = tuple[int, int]
_TOKEN = re.compile(r"[^\W_]+(?:[.,][^\W_]+)*|\S")
_LETTERS = re.compile(r"^[^\W\d_]+$")


@cache
def _underthesea() -> Any | None:
    try:
        import underthesea
    except ImportError:
        return None
    return underthesea


def backend() -> str:
    """``underthesea`` or ``lexicon`` (the longest-matching fallback)."""
    return "underthesea" if _underthesea() is not None else "lexicon"


def _align(text: str, tokens: list[str], offset: int = 0) -> list[Span]:
    """Character spans of ``tokens`` in ``text``: consumes as many non-space characters as each has."""
    spans: list[Span] = []
    pos = 0
    n = len(text)
    for token in tokens:
        need = sum(1 for c in token if not c.isspace())
        while pos < n and text[pos].isspace():
            pos += 1
        start = pos
        while need and pos < n:
            if not text[pos].isspace():
                need -= 1
            pos += 1
        if pos > start:
            spans.append((offset + start, offset + pos))
    return spans


def _lines(text: str) -> list[tuple[int, str]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return out


def _key(syllable: str) -> str:
    return place_tone(syllable.lower())


def segment_lexicon(text: str) -> list[Span]:
    """Longest-matching segmentation against the lexicon; capitalised syllable runs form one name."""
    words = word_frequencies()
    longest = min(max_word_syllables(), 6)
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    spans: list[Span] = []
    i = 0
    while i < len(toks):
        start, end, tok = toks[i]
        if not _LETTERS.match(tok):
            spans.append((start, end))
            i += 1
            continue
        best = 1
        key = _key(tok)
        j = i + 1
        while j < len(toks) and j - i < longest and _LETTERS.match(toks[j][2]):
            # Words never run across a line break or punctuation.
            if "\n" in text[toks[j - 1][1] : toks[j][0]]:
                break
            key += " " + _key(toks[j][2])
            j += 1
            if key in words:
                best = j - i
        if best == 1 and tok[0].isupper():
            # Names (Nguyễn Văn Tuấn, Bến Tre) are rarely in the lexicon: keep a capitalised run together.
            j = i + 1
            while j < len(toks) and toks[j][2][0].isupper() and _LETTERS.match(toks[j][2]):
                if text[toks[j - 1][1] : toks[j][0]] != " ":
                    break
                j += 1
            best = j - i
        spans.append((start, toks[i + best - 1][1]))
        i += best
    return spans


def segment(text: str) -> list[Span]:
    """Word spans (start, end) of ``text``; multi-syllable words span their spaces (``Bí thư``)."""
    uts = _underthesea()
    if uts is None:
        return segment_lexicon(text)
    spans: list[Span] = []
    for offset, line in _lines(text):
        spans.extend(_align(line, uts.word_tokenize(line, use_token_normalize=False), offset))
    return spans


def words(text: str) -> list[str]:
    """The words of ``text`` as strings."""
    return [text[s:e] for s, e in segment(text)]


def pos_tag(text: str) -> list[tuple[int, int, str]]:
    """(start, end, tag) for every word; VLSP tags (N, Np, V, A, ...) from underthesea, else ``X``."""
    uts = _underthesea()
    if uts is None:
        return [(s, e, "X") for s, e in segment_lexicon(text)]
    out: list[tuple[int, int, str]] = []
    for offset, line in _lines(text):
        tagged = uts.pos_tag(line)
        spans = _align(line, [w for w, _ in tagged], offset)
        out.extend((s, e, tag) for (s, e), (_, tag) in zip(spans, tagged, strict=False))
    return out
