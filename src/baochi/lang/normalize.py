"""Text normalisation: NFC and whitespace. Idempotent; the letters themselves are never changed here."""

from __future__ import annotations

import re
import unicodedata

# Every Unicode space (no-break, thin, ideographic...) and zero-width joiners/BOMs that crawlers leave.
_SPACES = re.compile(r"[^\S\n]+")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def nfc(text: str) -> str:
    """Unicode NFC (composed) form."""
    return unicodedata.normalize("NFC", text)


def normalize_space(text: str) -> str:
    """One ASCII space for every run of horizontal whitespace, invisible characters removed, trimmed."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", text)).strip()


def normalize_text(text: str) -> str:
    """NFC, then whitespace clean-up inside each line (newlines kept); idempotent."""
    # Invisible characters go before NFC, so a mark they separated from its letter composes with it.
    lines = (normalize_space(line) for line in nfc(_INVISIBLE.sub("", text)).split("\n"))
    return "\n".join(lines).strip("\n")
