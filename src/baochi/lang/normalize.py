"""Text normalisation: NFC, whitespace, punctuation spacing, and matching keys with one tone placement.

Idempotent; ``normalize_text`` never changes the letters themselves (tone placement is only applied to
keys, see ``text_key``); legacy encodings and mojibake are repaired in ``baochi.lang.legacy``.
"""

from __future__ import annotations

import re
import unicodedata

from baochi.lang.tones import ToneStyle, place_tones

# Every Unicode space (no-break, thin, ideographic...) and zero-width joiners/BOMs that crawlers leave.
_SPACES = re.compile(r"[^\S\n]+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_ODD_SPACES = re.compile(r"[^\S\n]{2,}|[^\S\n ]")
_LINE_EDGE_SPACE = re.compile(r" ?\n ?")


def nfc(text: str) -> str:
    """Unicode NFC (composed) form."""
    return unicodedata.normalize("NFC", text)


def normalize_space(text: str) -> str:
    """One ASCII space for every run of horizontal whitespace, invisible characters removed, trimmed."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def normalize_text(text: str) -> str:
    """NFC, then whitespace clean-up inside each line (newlines kept); idempotent."""
    # Invisible characters go before NFC, so a mark they separated from its letter composes with it.
    text = nfc(_INVISIBLE.sub("", text))
    # One pass over the whole text (faster than line by line): only runs that are not already a single
    # ASCII space are rewritten, then the spaces left at line ends go.
    text = _ODD_SPACES.sub(" ", text)
    text = _LINE_EDGE_SPACE.sub("\n", text)
    return text.strip(" ").strip("\n").strip(" ")


def text_key(text: str, style: ToneStyle = "new") -> str:
    """A matching key: NFC, lower-case, tones on the canonical vowel, whitespace collapsed.

    ``Thủy lợi``, ``thuỷ lợi`` and ``THUỶ LỢI`` share one key, so search, deduplication and entity
    matching see one word; stored text keeps the letters it was written with.
    """
    return nfc(place_tones(nfc(normalize_space(nfc(text)).lower()), style))


# Spaces before closing punctuation and after opening brackets are typing slips of scraped text;
# a space is put after , ; : only when a letter follows directly (never inside numbers like 3,5 or 14:06).
_SPACE_BEFORE = re.compile(r"[^\S\n]+([,;:.!?)\]}”»%])(?=\s|$|[^\w])")
_SPACE_AFTER_OPEN = re.compile(r"([(\[{“«])[^\S\n]+")
_MISSING_SPACE = re.compile(r"([,;])(?=[^\W\d_])")
_REPEATED = re.compile(r"([,;:!?])\1+")


def clean_punctuation(text: str) -> str:
    """Spaces around punctuation as Vietnamese typography wants them (idempotent; numbers untouched)."""
    text = _MISSING_SPACE.sub(r"\1 ", text)
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _SPACE_AFTER_OPEN.sub(r"\1", text)
    return _REPEATED.sub(r"\1", text)
