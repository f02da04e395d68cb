"""Credit lines at the foot of an article: bylines (``Tin, ảnh: Thu Huyền``), names alone, outlet credits
(``Theo VNE``, ``Nguồn: Tuổi Trẻ``, ``VnExpress``) and the aggregator's ``Name - Outlet | 10:45 06/02/2017``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from baochi.extract.dates import parse_vi_datetime
from baochi.extract.outlets import registry
from baochi.extract.rules import data_lines, data_table
from baochi.lang.fold import fold_key

# A person credit is short: a few names joined by "-", ",", "và".
_MAX_NAME_CHARS = 60
_MAX_NAME_TOKENS = 4
_MAX_NAMES = 4
_NAME_SPLIT = re.compile(r"\s*(?:,|;|&|/|\s-\s|\s–\s|\svà\s)\s*")
_INITIALS = re.compile(r"^(?:[A-ZĐ]\.)+[A-ZĐ]?\.?$|^[A-ZĐ]{1,4}$")
_SOURCE_DATE = re.compile(r"^(?P<names>[^|]{2,60}?)\s+[-–]\s+(?P<outlet>[^|]{2,60}?)\s*\|\s*(?P<when>.+)$")
_SUFFIXED = re.compile(r"^(?P<names>[^()]{2,60}?)\s*\((?P<suffix>[^()]{1,20})\)$")
_NAME_SLASH_OUTLET = re.compile(r"^(?P<names>[^/]{2,40}?)\s*/\s*(?P<outlet>[^/]{2,40})$")
# "T.Lê", "D.Ngân": an initial and a given name.
_INITIAL_NAME = re.compile(r"^[A-ZĐ]\.\s?[A-ZÀ-ỸĐ][a-zà-ỹđ]+$")
_NAME_SOURCE = re.compile(
    r"^(?:theo\s+)?(?P<names>[^()]{2,60}?)\s*\((?:(?:theo|nguồn)\s*:?\s*)?(?P<outlet>[^()]{2,40})\)\.?$",
    re.IGNORECASE,
)
# The longest credit form is the aggregator's "<names> - <outlet> | <time>" (60 + 60 + a timestamp).
_MAX_CREDIT_CHARS = 160
# An outlet credit ("Theo Trí thức trẻ") names an outlet in a few words, without a clause after it.
_MAX_OUTLET_WORDS = 6


@dataclass(slots=True)
class Credit:
    """What one foot line says: authors, roles, outlet credited, time, or nothing."""

    raw: str
    authors: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    attribution: str | None = None
    published_at: str | None = None


@cache
def _role_rx() -> tuple[re.Pattern[str], dict[str, list[str]]]:
    rows = [r for r in data_table("byline_roles.tsv") if r[0] != "label"]
    roles = {fold_key(label): cells.split("|") for label, cells in rows}
    labels = sorted((label for label, _ in rows), key=len, reverse=True)
    alt = "|".join(re.escape(x).replace(r"\ ", r"\s*") for x in labels)
    return re.compile(rf"^(?P<label>{alt})\s*(?::|\s-\s)\s*(?P<names>.+)$", re.IGNORECASE), roles


@cache
def _attr_rx() -> re.Pattern[str]:
    cues = "|".join(re.escape(c) for c in data_lines("attribution_cues.txt"))
    return re.compile(rf"^(?:{cues})\s*:?\s+(?P<outlet>.+?)\s*\.?$", re.IGNORECASE)


def _is_name(token_group: str) -> bool:
    tokens = token_group.split()
    if not 1 <= len(tokens) <= _MAX_NAME_TOKENS:
        return False
    if len(tokens) >= 2 and all(t.isalpha() and t.isupper() for t in tokens):
        return True  # "NGÔ CHUYÊN": a name set in capitals
    for tok in tokens:
        if _INITIALS.match(tok) or _INITIAL_NAME.match(tok):
            continue
        if not (tok[0].isupper() and tok[1:].replace(".", "").isalpha() and not tok[1:].isupper()):
            return False
    return True


def split_names(text: str) -> list[str] | None:
    """The person names of a credit (``Thu Huyền - Minh Anh``), or None when it is not only names."""
    text = text.strip().rstrip(".")
    if not text or len(text) > _MAX_NAME_CHARS or any(c.isdigit() for c in text):
        return None
    names = [n.strip() for n in _NAME_SPLIT.split(text) if n.strip()]
    if not names or len(names) > _MAX_NAMES or not all(_is_name(n) for n in names):
        return None
    return names


def outlet_name(written: str) -> str | None:
    """The outlet credited by ``written``: the registry name for a known abbreviation, else as written."""
    written = written.strip().rstrip(".").strip()
    if not written or len(written.split()) > _MAX_OUTLET_WORDS or "," in written:
        return None
    if not (written[0].isupper() or written[0].isdigit()):
        return None
    info = registry().by_name(written)
    if info is not None and fold_key(info.name) != fold_key(written):
        return info.name  # an abbreviation: "VNE" -> "VnExpress"
    return written


@cache
def _suffixes() -> dict[str, str]:
    return {row[0]: row[1] for row in data_table("credit_suffixes.tsv") if row[0] != "suffix"}


def parse_credit(text: str, *, last: bool) -> Credit | None:
    """Read one foot line as a credit; ``last`` allows a bare name (only the final line may be one)."""
    if len(text) > _MAX_CREDIT_CHARS:
        return None  # a paragraph: every form below is a short line
    raw = text
    text = text.strip().rstrip("-–").strip()
    role = _suffixes().get(text.strip("().").lower())
    if role:  # "(Tổng hợp)", "(T/h)" alone
        return Credit(raw=raw, roles=[role])
    m = _SUFFIXED.match(text) if text.endswith(")") else None
    if m and m.group("suffix").lower() in _suffixes():
        names = split_names(m.group("names"))
        if names:  # "Tuệ Minh (lược dịch)"
            return Credit(raw=raw, authors=names, roles=[_suffixes()[m.group("suffix").lower()]])
    if text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        inner = parse_credit(text[1:-1], last=False)  # "(Theo Reuters)", "(TTXVN)"
        if inner is not None and inner.attribution and not inner.authors:
            return Credit(raw=raw, attribution=inner.attribution)
    m = _NAME_SLASH_OUTLET.match(text) if "/" in text else None
    if m:  # "Bích Lan/VOV.VN", "TTXVN/Tin Tức"
        # "An Kiên/VOV-Tây Bắc": an outlet's regional office is written after a hyphen.
        second = registry().by_name(m.group("outlet")) or registry().by_name(m.group("outlet").split("-")[0])
        first = registry().by_name(m.group("names"))
        names = split_names(m.group("names"))
        if first is not None:
            return Credit(raw=raw, attribution=outlet_name(m.group("names")) or first.name)
        if second is not None and names:
            return Credit(raw=raw, authors=names, roles=["text"], attribution=outlet_name(m.group("outlet")))
    m = _role_rx()[0].match(text)
    if m:
        names = split_names(m.group("names"))
        if names:
            roles = _role_rx()[1][fold_key(re.sub(r"\s+", " ", m.group("label")).strip())]
            return Credit(raw=raw, authors=names, roles=list(roles))
    m = _SOURCE_DATE.match(text) if "|" in text else None
    if m:
        when = parse_vi_datetime(m.group("when"))
        names = split_names(m.group("names"))
        if when and names:
            return Credit(
                raw=raw,
                authors=names,
                roles=["text"],
                attribution=m.group("outlet").strip(),
                published_at=when,
            )
    m = _NAME_SOURCE.match(text) if "(" in text else None
    if m:  # "Lê Kiên (Theo Android Authority)", "Theo Lê Phương (Khám phá)"
        names = split_names(m.group("names"))
        outlet = outlet_name(m.group("outlet"))
        if names and outlet:
            return Credit(raw=raw, authors=names, roles=["text"], attribution=outlet)
    m = _attr_rx().match(text)
    if m:
        outlet = outlet_name(m.group("outlet"))
        if outlet:
            return Credit(raw=raw, attribution=outlet)
    info = registry().by_name(text.rstrip("."))
    if info is not None:
        return Credit(raw=raw, attribution=outlet_name(text) or info.name)
    if last:
        names = split_names(text)
        # A name alone is two syllables or more ("Khánh An") or initials ("N.T"): a single capitalised
        # word on the last line is as often an agency or a signature abbreviation ("Bloomberg", "St").
        if names and all(
            " " in n or (_INITIALS.match(n) and "." in n) or _INITIAL_NAME.match(n) for n in names
        ):
            return Credit(raw=raw, authors=names, roles=["text"])
    return None
