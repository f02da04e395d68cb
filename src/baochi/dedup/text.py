"""The text that deduplication compares: sentences of NFC, lower-cased syllables of lead + body.

Titles, captions and bylines are left out: syndicating outlets rewrite titles and captions, and two
different stories can share a byline. Word-segmented input (``thủ_tướng``) is split on ``_`` so that it
compares equal to plain text. Diacritics are kept: folding them merges ``mà/má/mã/mạ/mả`` and the
measurement in docs/dedup.md found no recall gain from it.
"""

from __future__ import annotations

import re
import sys
from functools import cache

from baochi.lang.fold import fold_key
from baochi.lang.normalize import nfc
from baochi.model import Article

# A sentence may end at . ! ? … (and closing quotes) followed by space; the cut is kept only when the
# next piece does not start with a lower-case letter ("TP. Hồ Chí Minh" is still cut: that only costs a
# short sentence piece, which the alignment joins back with its neighbour).
_SENTENCE_END = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"”’)]))\s+")
_SYLLABLE = re.compile(r"[^\W_]+")


def article_text(article: Article) -> str:
    """Lead and body of a record, as deduplication sees them."""
    return article.main_text


def split_sentences(text: str) -> list[str]:
    """Sentences of a text: every line, cut again after sentence-final punctuation."""
    out: list[str] = []
    line_started = False
    for line in nfc(text).split("\n"):
        pieces = [p for p in _SENTENCE_END.split(line.strip()) if p]
        for piece in pieces:
            if out and line_started and piece[0].islower():
                out[-1] = f"{out[-1]} {piece}"
            else:
                out.append(piece)
            line_started = True
        line_started = False
    return out


def syllables(sentence: str, *, fold: bool = False) -> list[str]:
    """Lower-cased syllables (``\\w`` runs, ``_`` splits) of one sentence; accents folded on request."""
    low = sentence.lower()
    if fold:
        low = fold_key(low)
    return _SYLLABLE.findall(low)


@cache
def _cut() -> re.Pattern[str]:
    # The cuts of split_sentences as one pattern over the whole text: the spaces after sentence-final
    # punctuation (possessive, so they cannot give one back to dodge the look-ahead) unless a lower-case
    # letter follows. Python's re has no \p{Ll}: the class is built from str.islower once. The
    # punctuation is matched, not looked behind: a look-behind at every position tripled the time.
    lower = "".join(re.escape(chr(c)) for c in range(sys.maxunicode + 1) if chr(c).islower())
    return re.compile(rf"([.!?…][\"”’)]?)[^\S\n]++(?![{lower}])")


# punctuation and symbols (spaces are left to str.split: matching every space doubled the time; ``_`` is
# replaced before: a class is faster than ``|_``)
_NOT_SYLLABLE = re.compile(r"[^\w\s]+")


# the same for the UTF-8 path: everything but syllable characters, spaces and newlines (bytes.split only
# knows ASCII whitespace, so the other spaces are turned into plain ones here)
_NOT_SYLLABLE_OR_SPACE = re.compile(r"[^\w \n]+")


def sentence_syllable_bytes(text: str) -> list[list[bytes]]:
    """``sentence_syllables`` as UTF-8 bytes: cheaper to make than str, for hashing (the batch)."""
    low = _cut().sub("\\1\n", nfc(text)).lower().replace("_", " ")
    out = []
    for line in _NOT_SYLLABLE_OR_SPACE.sub(" ", low).encode("utf-8").split(b"\n"):
        toks = line.split()
        if toks:
            out.append(toks)
    return out


def sentence_syllables(text: str, *, fold: bool = False) -> list[list[str]]:
    """The syllables of every non-empty sentence of a text (``syllables`` of ``split_sentences``)."""
    # One pass of each regex over the whole text, then C-level splits: per-sentence regex calls were
    # half of the dedup time (bench/dedup.py). tests/test_dedup.py checks it against the two functions.
    low = _cut().sub("\\1\n", nfc(text)).lower().replace("_", " ")
    if fold:
        low = fold_key(low)
    out = []
    for line in _NOT_SYLLABLE.sub(" ", low).split("\n"):
        toks = line.split()
        if toks:
            out.append(toks)
    return out
