"""The text that deduplication compares: sentences of NFC, lower-cased syllables of lead + body.

Titles, captions and bylines are left out: syndicating outlets rewrite titles and captions, and two
different stories can share a byline. Word-segmented input (``thủ_tướng``) is split on ``_`` so that it
compares equal to plain text. Diacritics are kept: folding them merges ``mà/má/mã/mạ/mả`` and the
measurement in docs/dedup.md found no recall gain from it.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Sequence
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


class Sentences(list[list[str]]):
    """The lower-cased syllables of every sentence of a text, as ``sentence_syllables`` gives them, and
    the text's proper names (``names``, read from its original case on first use).

    A list, so everything that aligns sentences takes it as it is; the verifier also reads ``names`` (a
    plain list of sentences has none). The names are computed only for the texts of verified pairs.
    """

    __slots__ = ("_names", "_text")

    def __init__(self, sentences: Iterable[list[str]] = (), text: str = "") -> None:
        super().__init__(sentences)
        self._text = text
        self._names: frozenset[str] | None = None

    @property
    def names(self) -> frozenset[str]:
        """The proper names of the text (``proper_names``)."""
        if self._names is None:
            self._names = proper_names(self._text)
            self._text = ""  # no longer needed
        return self._names

    def __reduce__(self) -> tuple[object, ...]:
        # pickled with its names (workers of a distributed engine get the same verdicts)
        return (_rebuild, (list(self), self.names))


def _rebuild(sentences: list[list[str]], names: frozenset[str]) -> Sentences:
    out = Sentences(sentences)
    out._names = names
    return out


def names_of(sentences: Sequence[Sequence[str]]) -> frozenset[str]:
    """The proper names that come with some sentences (none for a plain list)."""
    return sentences.names if isinstance(sentences, Sentences) else frozenset()


def proper_names(text: str) -> frozenset[str]:
    """Proper names of a text: runs of two or more capitalised syllables within a sentence, lower-cased.

    ``thượng tá Phan Văn Chung, Trưởng Công an huyện Phú Giáo`` gives ``phan văn chung trưởng công`` and
    ``phú giáo``. Punctuation does not end a run: a copy keeps ``Name, Title`` runs as they were written,
    an independent rewrite rarely writes the same one (bench/dedup_cv.py, 4 fold assignments: names cut
    at punctuation 0.830, not cut 0.841, none 0.824). A run that opens the sentence keeps its first word
    (``Theo Bộ Y``): deciding whether a first word is a name needs a lexicon. Single syllables are left
    out: most are ordinary words written with a capital, and a one-syllable name is rarely specific.
    """
    out = set()
    cut = _cut().sub("\\1\n", nfc(text)).replace("_", " ")
    # punctuation is dropped, not a break: ``Phan Văn Chung, Trưởng Công an`` gives one run
    for line in _NOT_SYLLABLE.sub(" ", cut).split("\n"):
        run: list[str] = []
        for tok in [*line.split(), ""]:
            if tok[:1].isupper():
                run.append(tok)
                continue
            if len(run) >= 2:
                out.add(" ".join(run).lower())
            run = []
    return frozenset(out)


def sentence_syllables(text: str, *, fold: bool = False) -> Sentences:
    """The syllables of every non-empty sentence of a text (``syllables`` of ``split_sentences``), with
    the text's proper names (``Sentences.names``)."""
    # One pass of each regex over the whole text, then C-level splits: per-sentence regex calls were
    # half of the dedup time (bench/dedup.py). tests/test_dedup.py checks it against the two functions.
    low = _cut().sub("\\1\n", nfc(text)).lower().replace("_", " ")
    if fold:
        low = fold_key(low)
    out = Sentences(text=text)
    for line in _NOT_SYLLABLE.sub(" ", low).split("\n"):
        toks = line.split()
        if toks:
            out.append(toks)
    return out
