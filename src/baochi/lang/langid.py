"""Language identification: Vietnamese letters decide at once; other text goes to py3langid.

Vietnamese is the only language written with ``ă ơ ư đ`` and stacked tone marks, so a text where they
are frequent is Vietnamese without asking a model (also the fallback when py3langid, an optional
dependency, is not installed). Everything else is classified by py3langid, imported here only.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

# Letters only Vietnamese uses among Latin scripts (the tone-marked vowels of Latin Extended Additional
# U+1EA0-U+1EF9, plus ă ơ ư đ and their capitals).
_VI_ONLY = re.compile("[\u1ea0-\u1ef9ăĂơƠưƯđĐ]")
_LETTER = re.compile(r"[^\W\d_]")
_LETTERS_RUN = re.compile(r"[^\W\d_]+")
# Vietnamese news has one such letter per ~5 letters (300 baomoi articles: min 0.090, median 0.19);
# French/Portuguese text has none, but English text full of Vietnamese names reaches ~0.08. Above
# VI_LETTER_SHARE_SURE the text is Vietnamese without asking the model; between the two the model
# decides, or, without it, the lower bound (room for short titles and text with foreign names).
VI_LETTER_SHARE_SURE = 0.085
VI_LETTER_SHARE = 0.025
_SAMPLE = 5000
# Above VI_LETTER_SHARE_SURE of the characters (with a margin for rounding), a fortiori of the letters.
_SURE_OF_CHARACTERS = VI_LETTER_SHARE_SURE + 0.005


# Languages met in Vietnamese news sources: the model's 97 include many that short foreign passages
# are mistaken for (Nigerian Pidgin, Ewe); restricting it to these avoids that.
LANGUAGES = (
    "vi",
    "en",
    "fr",
    "de",
    "es",
    "pt",
    "it",
    "nl",
    "ru",
    "zh",
    "ja",
    "ko",
    "th",
    "lo",
    "km",
    "id",
    "ms",
)


@cache
def _langid() -> Any | None:
    try:
        import py3langid
    except ImportError:
        return None
    py3langid.set_languages(list(LANGUAGES))
    return py3langid


def vietnamese_share(text: str) -> float:
    """Share of the letters of ``text`` (first 5,000 characters) that only Vietnamese uses."""
    sample = text[:_SAMPLE]
    letters = len(_LETTER.findall(sample))
    return len(_VI_ONLY.findall(sample)) / letters if letters else 0.0


def identify_language(text: str) -> str | None:
    """ISO 639-1 code of the language of ``text`` (``vi``, ``en``, ...), None for text without letters."""
    sample = text[:_SAMPLE]
    if not _LETTER.search(sample):
        return None
    # Letters are at most all the characters: Vietnamese letters making a clear share of the characters
    # settle it without counting the letters (most Vietnamese text: one character in six or seven).
    if len(_VI_ONLY.findall(sample)) > _SURE_OF_CHARACTERS * len(sample):
        return "vi"
    share = vietnamese_share(text)
    if share >= VI_LETTER_SHARE_SURE:
        return "vi"
    model = _langid()
    if share >= VI_LETTER_SHARE:
        # Some Vietnamese letters: Vietnamese if its unmarked words are Vietnamese syllables too (cho,
        # trong, con), else another language quoting Vietnamese names (the model, whose character
        # n-grams see the names, would say "vi": its best other language is taken).
        if plain_syllable_share(text) >= PLAIN_SYLLABLE_SHARE:
            return "vi"
        if model is None:
            return None
        return next((str(lang) for lang, _ in model.rank(text[:_SAMPLE]) if lang != "vi"), None)
    if model is None:
        return None  # no Vietnamese letters and no model to say what it is
    lang, _ = model.classify(text[:_SAMPLE])
    return str(lang)


# Unmarked words of Vietnamese text are mostly syllables (median 0.91 on baomoi); English words are not
# (0.41 in an English paragraph full of Vietnamese names).
PLAIN_SYLLABLE_SHARE = 0.6


def plain_syllable_share(text: str) -> float:
    """Share of the unmarked (ASCII) words of ``text`` that are Vietnamese syllables."""
    from baochi.lang.lexicon import syllable_frequencies

    known = syllable_frequencies()
    plain = [w.lower() for w in _LETTERS_RUN.findall(text[:_SAMPLE]) if w.isascii()]
    return sum(1 for w in plain if w in known) / len(plain) if plain else 1.0


def backend() -> str:
    """``py3langid`` or ``letters`` (Vietnamese letters only)."""
    return "py3langid" if _langid() is not None else "letters"
