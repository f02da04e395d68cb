"""Language identification: Vietnamese letters decide at once; other text goes to py3langid.

Vietnamese is the only language written with ``ă ơ ư đ`` and stacked tone marks, so a text where they
are frequent is Vietnamese without asking a model (this is also the fallback when py3langid, an
optional dependency, is not installed). Everything else is classified by py3langid, imported here only.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# Letters only Vietnamese uses among Latin scripts (the tone-marked vowels of Latin Extended Additional
# U+1EA0-U+1EF9, plus ă ơ ư đ and their capitals).
_VI_ONLY = re.compile("[\u1ea0-\u1ef9ăĂơƠưƯđĐ]")
_LETTER = re.compile(r"[^\W\d_]")
# Vietnamese news has one such letter per ~5 letters; French/Portuguese text, none. One in 40 letters
# leaves room for short titles and for text with foreign names.
VI_LETTER_SHARE = 0.025
_SAMPLE = 5000


@cache
def _langid() -> Any | None:
    try:
        import py3langid
    except ImportError:
        return None
    return py3langid


def vietnamese_share(text: str) -> float:
    """Share of the letters of ``text`` (first 5,000 characters) that only Vietnamese uses."""
    sample = text[:_SAMPLE]
    letters = len(_LETTER.findall(sample))
    return len(_VI_ONLY.findall(sample)) / letters if letters else 0.0


def identify_language(text: str) -> str | None:
    """ISO 639-1 code of the language of ``text`` (``vi``, ``en``, ...), None for text without letters."""
    if not _LETTER.search(text[:_SAMPLE]):
        return None
    if vietnamese_share(text) >= VI_LETTER_SHARE:
        return "vi"
    model = _langid()
    if model is None:
        return None  # not Vietnamese, and no model to say what it is
    lang, _ = model.classify(text[:_SAMPLE])
    return str(lang)


def backend() -> str:
    """``py3langid`` or ``letters`` (Vietnamese letters only)."""
    return "py3langid" if _langid() is not None else "letters"
