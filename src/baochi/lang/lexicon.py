"""The word lexicon (``data/lexicon.tsv``: word key -> frequency) and the syllables it attests."""

from __future__ import annotations

from functools import cache

from baochi.lang.resources import data_rows


@cache
def word_frequencies() -> dict[str, int]:
    """Word key (``text_key``: lower case, new-style tones, one space between syllables) -> frequency."""
    return {word: int(n) for word, n in data_rows("lexicon.tsv")}


@cache
def syllable_frequencies() -> dict[str, int]:
    """Syllable key -> summed frequency of the words it occurs in (1 at least for attested syllables)."""
    out: dict[str, int] = {}
    for word, n in word_frequencies().items():
        for syl in word.split():
            out[syl] = out.get(syl, 0) + max(n, 1)
    return out


@cache
def max_word_syllables() -> int:
    """The longest word of the lexicon, in syllables (bounds the longest-match segmenter)."""
    return max(w.count(" ") + 1 for w in word_frequencies())


def is_word(key: str) -> bool:
    """True when the key (see ``text_key``) is a lexicon word."""
    return key in word_frequencies()
