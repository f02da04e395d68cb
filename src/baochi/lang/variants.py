"""Candidate corrections of one syllable: other tones, other vowel marks, Telex leftovers, extra letters."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from baochi.lang.tones import TONES, put_tone, split_tone

# Letters that differ only by a vowel mark or the bar of đ: typing slips and lost marks swap them.
_MARK_GROUPS = ("aăâ", "eê", "oôơ", "uư", "dđ")
_SWAP = {c: g for g in _MARK_GROUPS for c in g}
# Telex: doubled vowels and w give the marked vowels, dd gives đ, s f r x j after the vowels the tones.
_TELEX_PAIRS = (("uow", "ươ"), ("uwow", "ươ"), ("aa", "â"), ("aw", "ă"), ("ee", "ê"), ("oo", "ô"),
                ("ow", "ơ"), ("uw", "ư"), ("dd", "đ"))  # fmt: skip
_TELEX_TONES = {"f": "\u0300", "s": "\u0301", "x": "\u0303", "r": "\u0309", "j": "\u0323"}
_VOWEL = re.compile("[aăâeêioôơuưy]")


def telex_decode(syllable: str) -> str | None:
    """``vieejt`` -> ``việt``: the syllable read as Telex keystrokes, None when it holds none."""
    low = syllable.lower()
    base, tone = split_tone(low)
    out = base
    for seq, rep in _TELEX_PAIRS:
        out = out.replace(seq, rep)
    first_vowel = _VOWEL.search(out)
    if first_vowel:
        # A tone key comes after the first vowel; s/x/r/f/j are never final consonants in Vietnamese.
        head, tail = out[: first_vowel.start() + 1], out[first_vowel.start() + 1 :]
        for key, mark in _TELEX_TONES.items():
            if key in tail:
                tail = tail.replace(key, "", 1)
                tone = tone or mark
                break
        out = head + tail
    if out == base and tone == split_tone(low)[1]:
        return None
    return put_tone(unicodedata.normalize("NFC", out), tone)


@lru_cache(maxsize=65536)
def real_word_variants(syllable: str) -> tuple[str, ...]:
    """Existing-looking neighbours: the same letters with another tone or another vowel mark."""
    base, _ = split_tone(syllable)
    bases = {base}
    for i, c in enumerate(base):
        for other in _SWAP.get(c, ""):
            if other != c:
                bases.add(base[:i] + other + base[i + 1 :])
    out = {put_tone(b, t) for b in bases for t in ("", *TONES)}
    out.discard(syllable)
    return tuple(sorted(out))


@lru_cache(maxsize=65536)
def non_word_variants(syllable: str) -> tuple[str, ...]:
    """Corrections of a syllable that does not exist: mark variants, Telex decoding, a doubled letter."""
    out = set(real_word_variants(syllable))
    telex = telex_decode(syllable)
    if telex:
        out.add(telex)
        out.update(real_word_variants(telex))
    base, tone = split_tone(syllable)
    for i in range(1, len(base)):
        # A doubled letter (``nhhà``); dropping any other letter would "correct" foreign words.
        if base[i] == base[i - 1]:
            out.add(put_tone(base[:i] + base[i + 1 :], tone))
    out.discard(syllable)
    return tuple(sorted(out))
