"""Site furniture in scraped text (share/comment widgets, save banners, login prompts, related lists).

Rules live in ``data/boilerplate.tsv``; everything removed is returned so the record keeps it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from baochi.extract.rules import data_table

# Widget lines and prompts are short; a long line that merely starts like one is text.
_MAX_PREFIX_LINE = 160
_WORD_CHAR = re.compile(r"[^\W_]")
# No widget line, prompt or promotion line is longer than this; no related-list heading than that.
MAX_LINE = 240
_MAX_HEADING = 60
# Related-article headlines are one-line titles.
_MAX_HEADLINE_WORDS = 30


@dataclass(frozen=True, slots=True)
class _Rules:
    lines: frozenset[str]
    prefixes: tuple[str, ...]
    related: frozenset[str]
    banner_rx: re.Pattern[str] | None
    ends: tuple[str, ...]
    promos: tuple[str, ...]


@cache
def _rules() -> _Rules:
    by_kind: dict[str, list[str]] = {}
    for row in data_table("boilerplate.tsv"):
        if row[0] != "kind" and len(row) > 1:
            by_kind.setdefault(row[0], []).append(row[1])
    banners = by_kind.get("banner", []) + by_kind.get("endbanner", [])
    # Words of a banner may be glued together by the scraper ("ở trangTin bài"): allow any spacing.
    alts = [r"\s*".join(re.escape(w) for w in b.split()) for b in banners]
    return _Rules(
        lines=frozenset(x.lower() for x in by_kind.get("line", [])),
        prefixes=tuple(x.lower() for x in by_kind.get("prefix", [])),
        related=frozenset(x.lower() for x in by_kind.get("related", [])),
        banner_rx=re.compile("|".join(f"(?:{a})" for a in alts), re.IGNORECASE) if alts else None,
        ends=tuple(by_kind.get("endbanner", [])),
        promos=tuple(x.lower() for x in by_kind.get("sentence", [])),
    )


def end_banner_at(text: str) -> int | None:
    """Where the first banner that closes an article (``Nguồn: [Link nguồn]``) starts, or None."""
    hits = [i for i in (text.find(b) for b in _rules().ends) if i >= 0]
    return min(hits) if hits else None


def _key(low: str) -> str:
    return low.strip(" :.!…-–|»>")


def is_boilerplate_line(text: str, low: str | None = None) -> bool:
    """A whole line that is a widget label or prompt (``low``: the line in lower case, if known)."""
    if len(text) > MAX_LINE:
        return False  # a paragraph: every rule below is about short lines
    rules = _rules()
    low = text.lower() if low is None else low
    if not text[:1].isalnum() and _WORD_CHAR.search(text) is None:
        return True  # separators and arrows (">>>", "***")
    key = _key(low)
    if key in rules.lines:
        return True
    if text.count(" ") < _MAX_HEADLINE_WORDS and is_promotion(text, low):
        return True
    return len(text) <= _MAX_PREFIX_LINE and low.startswith(rules.prefixes)


def is_related_heading(text: str, low: str | None = None) -> bool:
    """A heading that opens a list of related-article headlines (``Tin liên quan``)."""
    if len(text) > _MAX_HEADING:
        return False
    return _key(text.lower() if low is None else low) in _rules().related


def is_headline(text: str) -> bool:
    """Short enough to be a related-article headline."""
    return text.count(" ") < _MAX_HEADLINE_WORDS


@cache
def _banner_heads() -> tuple[str, ...]:
    return tuple(
        row[1].split()[0].lower() for row in data_table("boilerplate.tsv") if row[0].endswith("banner")
    )


def may_hold_banner(low: str) -> bool:
    """False when the text (lower case) holds no banner's first word, so no banner at all."""
    return any(head in low for head in _banner_heads())


def remove_banners(text: str, low: str | None = None) -> tuple[str, list[str]]:
    """The text without banner strings, and the banners removed (in order, one entry per occurrence)."""
    rx = _rules().banner_rx
    low = text.lower() if low is None else low
    if rx is None:
        return text, []
    for head in _banner_heads():  # a substring test first: the regex scan of every line costs
        if head in low:
            break
    else:
        return text, []
    if rx.search(text) is None:
        return text, []
    found = [m.group(0) for m in rx.finditer(text)]
    return rx.sub(" ", text), found


def is_promotion(text: str, low: str | None = None) -> bool:
    """A sentence or line of a promotion (betting tips, prize draws) inserted into the article."""
    low = text.lower() if low is None else low
    return any(phrase in low for phrase in _rules().promos)
