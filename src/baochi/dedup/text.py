"""The text that deduplication compares: sentences of NFC, lower-cased syllables of lead + body.

Titles, captions and bylines are left out: syndicating outlets rewrite titles and captions, and two
different stories can share a byline. Word-segmented input (``thủ_tướng``) is split on ``_`` so that it
compares equal to plain text. Diacritics are kept: folding them merges ``mà/má/mã/mạ/mả`` and the
measurement in docs/dedup.md found no recall gain from it.
"""

from __future__ import annotations

import re

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


def sentence_syllables(text: str, *, fold: bool = False) -> list[list[str]]:
    """The syllables of every non-empty sentence of a text."""
    out = []
    for s in split_sentences(text):
        toks = syllables(s, fold=fold)
        if toks:
            out.append(toks)
    return out
