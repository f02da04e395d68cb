"""One post of one person, however the articles write it: variants of a title merged into a timeline item.

Stories write the same post many ways (``Chủ tịch UBND TP Hà Nội``, ``Chủ tịch UBND TP.Hà Nội``, ``Chủ tịch
UBND thành phố Hà Nội``, ``Chủ tịch Hà Nội``), cut it short (``Chủ tịch UBND TP``, ``Chủ tịch``) or mistype
its organ (``Chủ tịch UBDN TP Hà Nội``). Posts are grouped by their *base title* (the title proper:
``Chủ tịch``, ``Phó Chủ tịch``, ``Tổng thống``, case folded) and the canonical organisation (or, without one,
the place). A group whose organisation is missing or unresolved — none, or an acronym the abbreviation data
does not know (``UBDN``, ``HN``, ``UBNDTP``) — is attached to the person's most stated group of the same base
title whose written title holds the variant's letters in order (a typo or abbreviation of the same words) or
that names nothing more specific. A deputy (``Phó Chủ tịch``) is never merged into the principal post.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher
from typing import Any

from baochi.enrich.lexicon import abbreviations, countries, key_of, longest, titles
from baochi.enrich.mentions import is_acronym

FORMER = ("nguyên", "cựu")
TYPO_RATIO = 0.85  # letters of a mistyped title against the full one ("UBDN" for "UBND" in 18 letters: 0.94)


def base_title(title: str) -> str:
    """The title proper of a written post, case folded: ``Chủ tịch UBND TP Hà Nội`` -> ``chủ tịch``."""
    words = list(key_of(title))
    lead = []
    while words and words[0].lower() in FORMER:
        lead.append(words.pop(0).lower())
    n = longest(titles(), words, 0, 6)
    return " ".join([*lead, *(w.lower() for w in words[: max(n, 1)])])


def _letters(text: str) -> str:
    """Letters and digits of a text without marks, lower case (``UBND TP.Hà Nội`` -> ``ubndtphanoi``)."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[^0-9a-z]", "", "".join(c for c in folded if not unicodedata.combining(c)).lower())


def _in_order(short: str, long: str) -> bool:
    """Whether the letters of ``short`` occur in ``long`` in the same order (``ubdn`` in ``ubndtphanoi``)."""
    it = iter(long)
    return all(c in it for c in short)


def _unresolved(org: str | None) -> bool:
    """No organisation, or one named by an acronym the abbreviation data does not know (a typo, a short
    form: ``UBDN TP Hà Nội``, ``HN``, ``UBNDTP``, ``TP``)."""
    if not org:
        return True
    words = org.split(" ")
    known = abbreviations()
    return any(is_acronym(w) and w not in known for w in words) or (len(words) == 1 and w_short(words[0]))


def w_short(word: str) -> bool:
    """A one-word organisation that is only a level word or an acronym (``TP``, ``UBND``): no organ named."""
    return is_acronym(word) or word in ("TP", "Tp")


def merge_posts(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Merge the timeline items of one person (``title``, ``organization``, ``place``, ``first``, ``last``,
    ``articles``, ``count``) whose titles are variants of one post; each merged item keeps its most written
    title and lists the others under ``variants``."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for item in items:
        org = item.get("organization")
        where = org if org and not _unresolved(org) else ""
        if not where and not org and item.get("place"):
            where = f"@{_country(item['place'])}"  # no organisation: the place tells posts apart
        groups.setdefault((base_title(item["title"]), where), []).append(item)
    full = {k: v for k, v in groups.items() if k[1]}
    merged: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for key, members in full.items():
        # an organisation named short of another of the same title ("Ủy ban nhân dân" beside "Ủy ban nhân
        # dân thành phố Hà Nội") is that one
        longer = [(_size(v), k) for k, v in full.items() if k[0] == key[0] and k[1].startswith(key[1] + " ")]
        merged.setdefault(max(longer)[1] if longer else key, []).extend(members)
    placed = set(full)
    full = {k: v for k, v in full.items() if k in merged}
    for key, members in groups.items():
        if key in placed:
            continue
        target = _target(key, members, full)
        merged.setdefault(target or key, []).extend(members)
    return [_combine(members) for members in merged.values()]


def _country(place: str) -> str:
    """A place as its canonical country when it is one (``Mỹ`` -> ``Hoa Kỳ``), else as written."""
    return countries().get(key_of(place), place)


def _size(members: list[dict[str, Any]]) -> int:
    return sum(m.get("count", 1) for m in members)


def _target(
    key: tuple[str, str], members: list[dict[str, Any]], full: dict[tuple[str, str], list[dict[str, Any]]]
) -> tuple[str, str] | None:
    """The full post a variant group belongs to (the most stated one that fits), or None."""
    base = key[0]
    fits = []
    for fkey, fmembers in full.items():
        if fkey[0] != base:
            continue
        long = _letters(_top_title(fmembers))
        ok = all(
            not m.get("organization")  # the title alone, or with a place the full post also names
            or _in_order(_letters(m["title"]), long)  # a short form: "Chủ tịch UBND TP", "Chủ tịch HN"
            or SequenceMatcher(None, _letters(m["title"]), long).ratio() >= TYPO_RATIO  # "UBDN"
            for m in members
        )
        if ok:
            fits.append((_size(fmembers), fkey))
    return max(fits)[1] if fits else None


def _top_title(members: list[dict[str, Any]]) -> str:
    """The most written title of a group (the longest on a tie)."""
    counts: dict[str, int] = {}
    for m in members:
        counts[m["title"]] = counts.get(m["title"], 0) + m.get("count", 1)
    return max(counts, key=lambda t: (counts[t], len(t), t))


def _combine(members: list[dict[str, Any]]) -> dict[str, Any]:
    """One timeline item from a group of variants."""
    top = _top_title(members)
    main = next(m for m in members if m["title"] == top)
    firsts = [m["first"] for m in members if m.get("first")]
    lasts = [m["last"] for m in members if m.get("last")]
    orgs = [m for m in members if m.get("organization") and not _unresolved(m["organization"])]
    articles: list[str] = []
    for m in members:
        articles += [a for a in m.get("articles", []) if a not in articles]
    return {
        **main,
        "title": top,
        "organization": (main if main in orgs or not orgs else orgs[0]).get("organization"),
        "place": main.get("place") or next((m["place"] for m in members if m.get("place")), None),
        "first": min(firsts) if firsts else None,
        "last": max(lasts) if lasts else None,
        "articles": articles,
        "variants": sorted({m["title"] for m in members} - {top}),
        "count": _size(members),
    }
