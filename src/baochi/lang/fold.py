"""Accent folding the way Vietnamese readers type without diacritics: ``Đà Nẵng`` -> ``Da Nang``.

Folding maps one character to one character, so offsets in folded text are offsets in the original
(search highlights map back). SQLite's own diacritic removal neither folds ``đ`` to ``d`` nor handles
letters with two marks (``ộ``, ``ẫ``), hence this table.
"""

from __future__ import annotations

import unicodedata
from functools import cache

# Letters whose base is not found by Unicode decomposition.
_EXTRA = {"đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L"}


@cache
def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    ranges = [(0x00C0, 0x0250), (0x1E00, 0x1F00)]
    for lo, hi in ranges:
        for cp in range(lo, hi):
            ch = chr(cp)
            base = unicodedata.normalize("NFD", ch)[0]
            if base != ch and len(base) == 1 and base.isascii():
                table[cp] = base
    for k, v in _EXTRA.items():
        table[ord(k)] = v
    return table


def fold_accents(text: str) -> str:
    """Remove Vietnamese (and other Latin) diacritics, ``đ`` -> ``d``; keeps case and length."""
    return text.translate(_fold_table())


def fold_key(text: str) -> str:
    """Folded and lower-cased, still one character per character (for search and matching keys)."""
    folded = fold_accents(text)
    low = folded.lower()
    if len(low) == len(folded):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)
