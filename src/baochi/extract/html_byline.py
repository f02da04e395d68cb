"""Credit lines -> authors, attribution and roles.

``Tin, ảnh: Minh Anh`` -> author; ``Ảnh: X`` alone is a photo credit (not an author); ``Theo Infonet`` or
``Theo Minh Nguyễn/Vcamp.vn`` -> republished from an outlet (attribution); ``Nhóm PV`` is a team, not a
person; ``Hà Thu (tổng hợp)`` -> ``Hà Thu``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from baochi.extract.outlets import registry

_WS = re.compile(r"\s+")
_PAREN = re.compile(r"\s*\(([^()]*)\)\s*")
_SPLIT = re.compile(r"\s+[-–—&]\s+|\s*[,;]\s*|\s+và\s+|\s+and\s+", re.IGNORECASE)
_DATEISH = re.compile(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}.*$|\d{1,2}:\d{2}.*$")
_DOMAINISH = re.compile(r"\b[\w-]+\.(?:vn|com|net|org|info|tv)\b", re.IGNORECASE)
_NAME_WORD = re.compile(r"^(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ'’]*\.?|[A-ZĐ]\.)+$")


@dataclass(slots=True)
class Credit:
    """What one credit line says."""

    authors: list[str] = field(default_factory=list)
    attribution: str | None = None
    roles: list[str] = field(default_factory=list)
    group: bool = False


@cache
def _words() -> dict[str, list[str]]:
    raw: dict[str, list[str]] = json.loads(
        files("baochi.extract").joinpath("byline_words.json").read_text("utf-8")
    )
    return raw


@cache
def _not_names() -> frozenset[str]:
    return frozenset(_words()["not_names"])


def _strip_dot(text: str) -> str:
    # keep the dot of initials ("H.V."), drop a sentence full stop ("Hà Thu.")
    if text.endswith(".") and not re.search(r"(?:^|[\s.])\w\.$", text):
        return text[:-1].rstrip()
    return text


@cache
def _role_rx() -> re.Pattern[str]:
    labels = sorted(_words()["text_labels"] + _words()["photo_labels"], key=len, reverse=True)
    return re.compile(r"(?:^|(?<=[\s.,;-]))(" + "|".join(map(re.escape, labels)) + r")\s*:\s*", re.IGNORECASE)


def looks_like_name(text: str, max_words: int = 5) -> bool:
    """True for ``Hồ Hương``, ``NHẬT XUÂN``, ``H.V.``: 1-5 words, each capitalised, no digits."""
    words = text.split()
    if not 1 <= len(words) <= max_words or any(ch.isdigit() for ch in text):
        return False
    return all(_NAME_WORD.match(w) for w in words)


def is_group(name: str) -> bool:
    """True for team credits (``Nhóm PV``) that name no person."""
    return _WS.sub(" ", name).strip().lower() in _words()["groups"]


def _outletish(text: str) -> bool:
    if _DOMAINISH.search(text) or registry().by_name(text) is not None:
        return True
    # Person names capitalise every word; outlet names ("Đại Đoàn kết", "Nhịp sống thị trường") do not.
    return not looks_like_name(text) or len(text.split()) == 1


def parse_credit(line: str) -> Credit:
    """Parse one credit line (a byline at the top or bottom of an article)."""
    out = Credit()
    text = _strip_dot(_WS.sub(" ", line).strip())
    text = _DATEISH.sub("", text).strip(" -–|,")
    for m in _PAREN.finditer(text):
        inner = m.group(1).strip()
        low = inner.lower()
        if low.startswith("theo "):
            out.attribution = inner[5:].strip()
    text = _PAREN.sub(" ", text).strip()
    low = text.lower()
    for label in ("nguồn:", "nguồn :", "source:"):  # "Nguồn: Reuters" names where the story comes from
        if low.startswith(label):
            out.attribution = text[len(label) :].strip() or None
            return out
    theo = low.startswith("theo ")
    if theo:
        text = text[5:].strip()
        if "/" in text:
            person, _, source = text.partition("/")
            out.attribution = source.strip()
            text = person.strip()
        elif _outletish(text):
            out.attribution = text
            return out
    # role labels: keep the text/report credits, drop photo/video-only credits
    parts = _role_rx().split(text)
    segments: list[tuple[str, str]] = []
    if len(parts) > 1:
        head = parts[0].strip(" -–,")
        if head:
            segments.append(("", head))
        for i in range(1, len(parts) - 1, 2):
            segments.append((parts[i].lower(), parts[i + 1].strip(" -–,.")))
    else:
        segments.append(("", text))
    photo = {x.lower() for x in _words()["photo_labels"]}
    for label, value in segments:
        if label in photo:
            out.roles.append("photo")
            continue
        out.roles.append("text")
        for name in _SPLIT.split(value):
            name = _strip_dot(name.strip(" -–").strip())
            if not name:
                continue
            if is_group(name):
                out.group = True
                continue
            if looks_like_name(name) and name not in out.authors and name.lower() not in _not_names():
                out.authors.append(name)
    return out
