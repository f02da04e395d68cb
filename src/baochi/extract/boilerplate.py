"""Site furniture in scraped text (share/comment widgets, save banners, login prompts, related lists).

Rules live in ``data/boilerplate.tsv``; everything removed is returned so the record keeps it.
"""

from __future__ import annotations

import re
from functools import cache

from baochi.extract.rules import data_table

# Widget lines and prompts are short; a long line that merely starts like one is text.
_MAX_PREFIX_LINE = 160
# Related-article headlines are one-line titles.
_MAX_HEADLINE_WORDS = 30


@cache
def _rules() -> tuple[
    frozenset[str], tuple[str, ...], frozenset[str], re.Pattern[str] | None, tuple[str, ...]
]:
    lines: set[str] = set()
    prefixes: list[str] = []
    related: set[str] = set()
    banners: list[str] = []
    ends: list[str] = []
    for row in data_table("boilerplate.tsv"):
        kind, text = row[0], row[1] if len(row) > 1 else ""
        if kind == "line":
            lines.add(text.lower())
        elif kind == "prefix":
            prefixes.append(text.lower())
        elif kind == "related":
            related.add(text.lower())
        elif kind in ("banner", "endbanner"):
            if kind == "endbanner":
                ends.append(text)
            # Words of a banner may be glued together by the scraper ("ở trangTin bài"): allow any spacing.
            words = [re.escape(w) for w in text.split()]
            banners.append(r"\s*".join(words))
    banner_rx = re.compile("|".join(f"(?:{b})" for b in banners), re.IGNORECASE) if banners else None
    return frozenset(lines), tuple(prefixes), frozenset(related), banner_rx, tuple(ends)


def end_banner_at(text: str) -> int | None:
    """Where the first banner that closes an article (``Nguồn: [Link nguồn]``) starts, or None."""
    hits = [i for i in (text.find(b) for b in _rules()[4]) if i >= 0]
    return min(hits) if hits else None


def _key(text: str) -> str:
    return text.lower().strip(" :.!…-–|»>")


def is_boilerplate_line(text: str) -> bool:
    """A whole line that is a widget label or prompt."""
    lines, prefixes = _rules()[:2]
    key = _key(text)
    if key in lines:
        return True
    return len(text) <= _MAX_PREFIX_LINE and text.lower().startswith(prefixes)


def is_related_heading(text: str) -> bool:
    """A heading that opens a list of related-article headlines (``Tin liên quan``)."""
    return _key(text) in _rules()[2]


def is_headline(text: str) -> bool:
    """Short enough to be a related-article headline."""
    return text.count(" ") < _MAX_HEADLINE_WORDS


@cache
def _banner_heads() -> tuple[str, ...]:
    return tuple(
        row[1].split()[0].lower() for row in data_table("boilerplate.tsv") if row[0].endswith("banner")
    )


def remove_banners(text: str) -> tuple[str, list[str]]:
    """The text without banner strings, and the banners removed (in order, one entry per occurrence)."""
    rx = _rules()[3]
    low = text.lower()
    if rx is None or not any(h in low for h in _banner_heads()) or rx.search(text) is None:
        return text, []
    found = [m.group(0) for m in rx.finditer(text)]
    return rx.sub(" ", text), found
