"""Extraction quality metrics, as defined in ``../shared/data/README.md`` (shared by tests and bench/).

Every function compares a system record (``Article.to_dict()`` form) with a gold record (the gold JSON
files of ``text/gold-set`` and ``html/gold``) and returns a number in [0, 1] or a bool.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from difflib import SequenceMatcher
from typing import Any

_WORD = re.compile(r"\w+")
_WS = re.compile(r"\s+")
# Fuzzy matches (lead, captions) accept small differences such as a credit or punctuation.
SIMILAR = 0.9
# Only boilerplate strings this long count as leaks: short ones ("Ảnh", "Video") occur in real text.
LEAK_MIN_CHARS = 15


def norm(text: str | None) -> str:
    """NFC with every whitespace run turned into one space, trimmed."""
    return _WS.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def tokens(text: str) -> list[str]:
    """Word tokens (``\\w+``) of NFC, lower-cased text."""
    return _WORD.findall(unicodedata.normalize("NFC", text).lower())


def f1(precision: float, recall: float) -> float:
    """Harmonic mean; 0 when both are 0."""
    return 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


def bag_of_words_f1(system: str, gold: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of the word multisets; two empty texts agree fully."""
    s, g = Counter(tokens(system)), Counter(tokens(gold))
    if not s and not g:
        return 1.0, 1.0, 1.0
    common = sum((s & g).values())
    p = common / sum(s.values()) if s else 0.0
    r = common / sum(g.values()) if g else 0.0
    return p, r, f1(p, r)


def paragraph_f1(system: Sequence[str], gold: Sequence[str]) -> float:
    """Share of gold paragraphs found exactly in the system body and vice versa, as F1."""
    s = [norm(x) for x in system if norm(x)]
    g = [norm(x) for x in gold if norm(x)]
    if not s and not g:
        return 1.0
    if not s or not g:
        return 0.0
    sset, gset = set(s), set(g)
    return f1(sum(x in gset for x in s) / len(s), sum(x in sset for x in g) / len(g))


def text_similarity(a: str | None, b: str | None) -> float:
    """Similarity ratio of two normalised texts (both empty: 1)."""
    x, y = norm(a), norm(b)
    if not x and not y:
        return 1.0
    return SequenceMatcher(None, x, y, autojunk=False).ratio()


def body_as_text_score(system: Sequence[str], gold: Sequence[str]) -> float:
    """For bodies whose paragraph breaks are unreliable: word-sequence similarity of the joined bodies."""
    s, g = tokens(" ".join(system)), tokens(" ".join(gold))
    if not s and not g:
        return 1.0
    return SequenceMatcher(None, s, g, autojunk=False).ratio()


def fuzzy_f1(system: Sequence[str], gold: Sequence[str], threshold: float = SIMILAR) -> float:
    """F1 of two lists matched one-to-one by similarity >= threshold (greedy, in order)."""
    s = [norm(x) for x in system if norm(x)]
    g = [norm(x) for x in gold if norm(x)]
    if not s and not g:
        return 1.0
    if not s or not g:
        return 0.0
    used: set[int] = set()
    hits = 0
    for x in s:
        for j, y in enumerate(g):
            if j not in used and text_similarity(x, y) >= threshold:
                used.add(j)
                hits += 1
                break
    return f1(hits / len(s), hits / len(g))


def _instant(value: str) -> datetime | date | None:
    try:
        if len(value) <= 10:
            return date.fromisoformat(value)
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def date_match(system: str | None, gold: str | None) -> bool:
    """Equal to the minute (same instant when both carry an offset); same day when gold has a date only."""
    if not gold or not system:
        return not gold and not system
    g, s = _instant(gold), _instant(system)
    if g is None or s is None:
        return False
    if not isinstance(g, datetime):
        return (s.date() if isinstance(s, datetime) else s) == g
    if not isinstance(s, datetime):
        return False
    if (g.tzinfo is None) != (s.tzinfo is None):
        return False
    return abs((g - s).total_seconds()) < 60


def authors_match(system: Iterable[str], gold: Iterable[str]) -> bool:
    """Equal as sets of names (case-insensitive, whitespace-normalised)."""
    return {norm(x).lower() for x in system} == {norm(x).lower() for x in gold}


def leaks(system: Mapping[str, Any], gold: Mapping[str, Any]) -> list[str]:
    """The gold boilerplate / must-not-contain strings (15+ chars) found in the system's lead or body."""
    text = norm(" \n ".join([system.get("lead") or "", *system.get("body", [])]))
    found = []
    for key in ("boilerplate", "must_not_contain"):
        for item in gold.get(key) or []:
            item = norm(item)
            if len(item) >= LEAK_MIN_CHARS and item in text and item not in found:
                found.append(item)
    return found


def score_record(system: Mapping[str, Any], gold: Mapping[str, Any]) -> dict[str, float]:
    """Every metric of one document (1.0 / 0.0 for the yes/no ones)."""
    main_sys = "\n".join([system.get("lead") or "", *system.get("body", [])])
    main_gold = "\n".join([gold.get("lead") or "", *gold.get("body", [])])
    if gold.get("paragraphs_reliable", True):
        para = paragraph_f1(system.get("body", []), gold.get("body", []))
    else:
        para = body_as_text_score(system.get("body", []), gold.get("body", []))
    return {
        "title": float(norm(system.get("title")) == norm(gold.get("title"))),
        "main_text_f1": bag_of_words_f1(main_sys, main_gold)[2],
        "paragraph_f1": para,
        "lead": float(text_similarity(system.get("lead"), gold.get("lead")) >= SIMILAR),
        "captions_f1": fuzzy_f1(system.get("captions", []), gold.get("captions", [])),
        "authors": float(authors_match(system.get("authors", []), gold.get("authors", []))),
        "date": float(date_match(system.get("published_at"), gold.get("published_at"))),
        "leak": float(bool(leaks(system, gold))),
    }


def mean_scores(rows: Sequence[Mapping[str, float]]) -> dict[str, float]:
    """Mean of each metric over documents (``leak`` stays a count of leaking documents)."""
    if not rows:
        return {}
    out = {k: sum(r[k] for r in rows) / len(rows) for k in rows[0]}
    out["leak"] = sum(r["leak"] for r in rows)
    return out
