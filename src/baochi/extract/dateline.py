"""Datelines at the head of a lead: ``BDK.VN - ``, ``(Dân trí) - ``, ``(TNO)``, ``HÀ NỘI (TTXVN) -``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from baochi.extract.outlets import OutletInfo, registry
from baochi.extract.rules import data_lines
from baochi.model import Dateline

_DASH = r"\s*[-–—:]\s*"
# An outlet code written in capitals: BDK.VN, TTO, VOV.VN, NLĐO, PLO (letters, digits and dots).
_CODE = re.compile(r"^(?P<prefix>[A-ZĐ][A-ZĐ0-9]*(?:\.[A-ZĐ0-9]+)*)\s*[-–—]\s+(?=\S)")
# A parenthesised credit, optionally after a place written in capitals: "(Dân trí) - ", "HÀ NỘI (TTXVN) - ".
_PAREN = re.compile(
    rf"^(?:(?P<place>[A-ZÀ-ỸĐ][A-ZÀ-ỸĐ.\s]{{1,40}}?)\s*,?\s*(?P<date>\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?)?\s*)?"
    rf"\((?P<prefix>[^()\n]{{2,30}})\)(?P<sep>{_DASH}|\s+)(?=\S)"
)
# A place written in capitals before the dash (Vietnamese letters or several words: not an outlet code).
_PLACE = re.compile(r"^(?P<place>[^\W\d_][^\W\d_.]*(?:[ .][^\W\d_]+){0,3})\s*[-–—]\s+(?=\S)")
# Capitalised codes this long are words of a shouted headline, not outlet codes.
_MAX_CODE = 10


@dataclass(slots=True)
class FoundDateline:
    """A dateline at the head of a paragraph and the paragraph without it (prefix "" for a place alone)."""

    prefix: str
    place: str | None
    rest: str
    outlet: OutletInfo | None


@cache
def _prefixes_by_initial() -> dict[str, tuple[str, ...]]:
    """Registry prefixes grouped by first character, longest first (a lead is tested against few)."""
    out: dict[str, list[str]] = {}
    for prefix in registry().prefixes():
        out.setdefault(prefix[:1], []).append(prefix)
    return {k: tuple(v) for k, v in out.items()}


def find_dateline(text: str) -> FoundDateline | None:
    """The dateline opening ``text`` (known registry prefixes first, then the generic forms), or None."""
    reg = registry()
    for prefix in _prefixes_by_initial().get(text[:1], ()):
        if text.startswith(prefix):
            m = re.match(_DASH + r"|\s+", text[len(prefix) :])
            if m and (prefix.endswith(")") or m.group(0).strip()):
                return FoundDateline(prefix, None, text[len(prefix) + m.end() :], reg.by_prefix(prefix))
    m = _PAREN.match(text)
    if m:
        prefix = f"({m.group('prefix').strip()})"
        place = m.group("place").strip() if m.group("place") else None
        info = reg.by_prefix(prefix) or reg.by_name(m.group("prefix"))
        if info is None and not _looks_like_credit(m.group("prefix")):
            return None
        if place is not None and not m.group("sep").strip():
            return None  # "MSN (Messi - Suarez - Neymar) của ...": an expansion, not "HÀ NỘI (TTXVN) - "
        return FoundDateline(prefix, place, text[m.end() :], info)
    m = _PLACE.match(text)
    if m and m.group("place").isupper() and (" " in m.group("place") or not m.group("place").isascii()):
        # "ĐÀ NẴNG - ", "HÀ NỘI - ": a place in capitals, no outlet code.
        return FoundDateline("", m.group("place"), text[m.end() :], None)
    m = _CODE.match(text)
    if m and m.group("prefix") in data_lines("place_codes.txt"):
        return FoundDateline("", m.group("prefix"), text[m.end() :], None)
    if m and len(m.group("prefix")) <= _MAX_CODE:
        prefix = m.group("prefix")
        return FoundDateline(prefix, None, text[m.end() :], reg.by_prefix(prefix) or reg.by_name(prefix))
    return None


def _looks_like_credit(inner: str) -> bool:
    # "(VnMedia)", "(Baonghean)", "(PLVN)": one or two capitalised words naming a source, not a remark.
    words = inner.split()
    return 1 <= len(words) <= 3 and all(w[0].isupper() for w in words)


def split_dateline(
    lead: str, day: str | None = None
) -> tuple[Dateline, str | None, OutletInfo | None] | None:
    """The dateline opening a lead as the record's ``Dateline`` (``day`` its date), the lead without it
    and the outlet it names; None when the lead opens with none (or with nothing after it)."""
    found = find_dateline(lead)
    if found is None:
        return None
    rest = found.rest.strip() or None
    return Dateline(prefix=found.prefix or None, place=found.place, date=day), rest, found.outlet
