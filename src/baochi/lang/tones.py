"""Tone marks of Vietnamese syllables: where a tone goes (old ``hòa`` or new ``hoà`` style), variants.

A syllable is split into its letters without tone (``hoa``) and its tone (one of five combining marks);
the tone is then put back on the vowel the chosen style names. Only open syllables ending in ``oa``,
``oe``, ``uy`` differ between the styles; every other placement is fixed by the spelling rules.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

ToneStyle = Literal["old", "new"]

# The five tone marks as combining characters (huyền, sắc, ngã, hỏi, nặng).
TONES = ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
_TONE_SET = frozenset(TONES)
VOWELS = frozenset("aăâeêioôơuưyAĂÂEÊIOÔƠUƯY")
# Vowels carrying a shape mark take the tone whenever one is present (ươ: on ơ, the second one).
_MARKED = frozenset("ăâêôơưĂÂÊÔƠƯ")
_NEW_STYLE_PAIRS = frozenset({"oa", "oe", "uy"})
WORD = re.compile(r"[^\W\d_]+")


def split_tone(syllable: str) -> tuple[str, str]:
    """The syllable without its tone (NFC) and the tone mark ('' when level tone)."""
    tone = ""
    letters = []
    for ch in unicodedata.normalize("NFD", syllable):
        if ch in _TONE_SET:
            tone = ch
        else:
            letters.append(ch)
    return unicodedata.normalize("NFC", "".join(letters)), tone


def _nucleus(base: str) -> list[int]:
    """Indexes of the vowels of the nucleus (``qu`` and ``gi`` + vowel count as consonants)."""
    low = base.lower()
    idx = [i for i, c in enumerate(base) if c in VOWELS]
    if not idx:
        return idx
    if low[:2] in ("qu", "gi") and len(idx) > 1 and idx[0] == 1:
        idx = idx[1:]
    # Only the first run of vowels is the nucleus (loanwords such as "album" have two runs).
    run = [idx[0]]
    for i in idx[1:]:
        if i != run[-1] + 1:
            break
        run.append(i)
    return run


def tone_position(base: str, style: ToneStyle = "new") -> int | None:
    """Index in ``base`` (toneless, NFC) of the vowel that takes the tone; None without a vowel."""
    nuc = _nucleus(base)
    if not nuc:
        return None
    if len(nuc) == 1:
        return nuc[0]
    marked = [i for i in nuc if base[i] in _MARKED]
    if marked:
        return marked[-1]
    closed = nuc[-1] + 1 < len(base)
    if closed:
        return nuc[-1]
    if len(nuc) >= 3:
        return nuc[1]
    pair = base[nuc[0]].lower() + base[nuc[1]].lower()
    if style == "new" and pair in _NEW_STYLE_PAIRS:
        return nuc[1]
    return nuc[0]


def put_tone(base: str, tone: str, style: ToneStyle = "new") -> str:
    """``base`` with ``tone`` on the vowel the style names (NFC)."""
    if not tone:
        return base
    pos = tone_position(base, style)
    if pos is None:
        return base
    return unicodedata.normalize("NFC", base[: pos + 1] + tone + base[pos + 1 :])


@lru_cache(maxsize=65536)
def place_tone(syllable: str, style: ToneStyle = "new") -> str:
    """One syllable with its tone on the canonical vowel (``hòa`` -> ``hoà`` in the new style)."""
    decomposed = unicodedata.normalize("NFD", syllable)
    if sum(1 for c in decomposed if c in _TONE_SET) != 1:
        return syllable  # level tone, or several tones: not a syllable whose tone we can place
    base, tone = split_tone(syllable)
    if tone_position(base, style) is None:
        return syllable
    return put_tone(base, tone, style)


# Characters whose presence means a word may need its tone moved: any letter with a tone mark.
_TONED = re.compile(
    "["
    + "".join(
        sorted(
            {
                c
                for c in map(chr, range(0xC0, 0x1EFA))
                if any(t in unicodedata.normalize("NFD", c) for t in TONES)
            }
        )
    )
    + "]"
)


def place_tones(text: str, style: ToneStyle = "new") -> str:
    """Every syllable of ``text`` with its tone on the canonical vowel; other characters unchanged."""
    if not _TONED.search(text):
        return text
    return WORD.sub(lambda m: place_tone(m.group(), style), text)


def tone_variants(syllable: str, style: ToneStyle = "new") -> list[str]:
    """The syllable under each of the six tones (itself included), tone placed in the given style."""
    base, _ = split_tone(syllable)
    return [put_tone(base, t, style) for t in ("", *TONES)]
