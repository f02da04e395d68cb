"""The word lexicon (``data/lexicon.tsv``: word key -> frequency) and the syllables it attests."""

from __future__ import annotations

from functools import cache

from baochi.lang.fold import fold_accents
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


def bare(text: str) -> str:
    """Letters without any mark (``người`` -> ``nguoi``, ``đ`` -> ``d``), as typed without accents."""
    return fold_accents(text)


@cache
def bare_index() -> dict[str, tuple[str, ...]]:
    """Bare form -> the attested syllables that have it (``nguoi`` -> ``người``, ``nguội``, ...)."""
    out: dict[str, list[str]] = {}
    for syl in syllable_frequencies():
        out.setdefault(bare(syl), []).append(syl)
    return {k: tuple(v) for k, v in out.items()}


@cache
def pair_frequencies() -> dict[str, int]:
    """Neighbouring syllable pair (``nhà của``) -> count in the lexicon's corpus (``data/pairs.tsv.gz``)."""
    return {pair: int(n) for pair, n in data_rows("pairs.tsv.gz")}


# Initial consonants of Vietnamese syllables, longest first (gi and qu count as initials).
_ONSETS = ("ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
           "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "")  # fmt: skip
_STOP_FINALS = ("p", "t", "c", "ch")


def _onset_rhyme(base: str) -> tuple[str, str] | None:
    for onset in _ONSETS:
        if base.startswith(onset) and len(base) > len(onset):
            return onset, base[len(onset) :]
    return None


@cache
def attested_rhymes() -> frozenset[str]:
    """Rhymes (syllable minus initial, without tone) of the attested syllables."""
    from baochi.lang.tones import split_tone

    out = set()
    for syl in syllable_frequencies():
        split = _onset_rhyme(split_tone(syl)[0])
        if split:
            out.add(split[1])
    return frozenset(out)


def well_formed(syllable: str) -> bool:
    """True when a lower-case syllable is built like a Vietnamese one: a known initial, an attested
    rhyme, and a tone its final allows (p t c ch take only sắc or nặng), even if unattested itself."""
    from baochi.lang.tones import split_tone

    base, tone = split_tone(syllable)
    split = _onset_rhyme(base)
    if split is None or split[1] not in attested_rhymes():
        return False
    return not (split[1].endswith(_STOP_FINALS) and tone not in ("\u0301", "\u0323"))
