"""The one credit parser of baochi (scraped text and HTML alike): bylines (``Tin, ảnh: Thu Huyền``,
``Bài: Trần An - Ảnh: Bảo Ngọc``), names alone (``NHẬT XUÂN - NGHI VŨ``, ``Nguyên Minh - 07/03/2026 08:47``),
outlet credits (``Theo VNE``, ``Nguồn: Tuổi Trẻ``, ``VnExpress``), a person credited from an outlet
(``Theo Minh Nguyễn/Vcamp.vn``), teams (``Nhóm PV``) and the aggregator's
``Name - Outlet | 10:45 06/02/2017``. Its vocabulary is data: ``data/byline_roles.tsv`` (role labels),
``data/attribution_cues.txt``, ``data/credit_suffixes.tsv``, ``data/credit_groups.txt``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from baochi.extract.dates import parse_vi_datetime
from baochi.extract.outlets import OutletInfo, registry
from baochi.extract.rules import data_lines, data_table
from baochi.lang.fold import fold_key
from baochi.model import Outlet

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
    r"^(?:theo\s+)?(?P<names>[^()]{2,60}?)\s*\((?P<cue>(?:(?:tổng hợp|lược|dịch)\s+)?(?:theo|nguồn)\s*:?\s*)?"
    r"(?P<outlet>[^()]{2,80})\)\.?$",
    re.IGNORECASE,
)
# "Theo Hà My (Dịch từ SN) (Khám Phá)", "Theo An An - Ảnh: NVCC (Khám phá)": a credit opened by "Theo" and
# closed by the outlet in brackets, whatever stands between.
_CUE_BRACKET = re.compile(r"^(?:theo|nguồn)\s*:?\s+(?P<head>.+?)\s*\((?P<outlet>[^()]{2,40})\)\.?$", re.I)
# A credit cue left alone on its line when the outlet after it was a link ("Theo" / "Korea Boo").
_BARE_CUE = re.compile(r"^[(*\-–•\s]*(?:theo|nguồn)(?:\s+(?:báo|tờ))?\s*:?$", re.IGNORECASE)
# Bullets and dashes opening a foot line ("- Theo VnExpress", "* Nguồn: ...").
_LEAD_MARKS = "-–—*•· "
# Several sources credited at once ("CNN, AFP, BBC", "Dân Việt và Tiền Phong").
_LIST_SPLIT = re.compile(r"\s*[,;]\s*|\s+và\s+")
_HOST = re.compile(r"^(?:[\w-]+\.)+(?:vn|com|net|org|info|tv)$", re.IGNORECASE)
# The longest credit form is the aggregator's "<names> - <outlet> | <time>" (60 + 60 + a timestamp).
_MAX_CREDIT_CHARS = 160
# An outlet credit ("Theo Trí thức trẻ") names an outlet in a few words, without a clause after it.
_MAX_OUTLET_WORDS = 6


# A trailing timestamp after a name ("Nguyên Minh - 07/03/2026 08:47").
_TRAILING_TIME = re.compile(
    r"\s*[-–|,]?\s*(?:\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}|\d{1,2}:\d{2})[\d/.:\s-]*(?:AM|PM|SA|CH)?$"
)
# The initials' dot stays ("H.V."), a sentence full stop goes ("Hà Thu.").
_INITIAL_END = re.compile(r"(?:^|[\s.])\w\.$")
_DOMAIN = re.compile(r"\b[\w-]+\.(?:vn|com|net|org|info|tv)\b", re.IGNORECASE)


@dataclass(slots=True)
class Credit:
    """What one credit line says: authors, roles, outlet credited, time, a team, or nothing."""

    raw: str
    authors: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    attribution: str | None = None
    published_at: str | None = None
    group: bool = False


@cache
def _roles() -> dict[str, list[str]]:
    rows = [r for r in data_table("byline_roles.tsv") if r[0] != "label"]
    return {fold_key(label): cells.split("|") for label, cells in rows}


@cache
def _role_alternatives() -> str:
    """The role labels as one regex alternation, longest first, spaces matching any run of spaces."""
    rows = [r for r in data_table("byline_roles.tsv") if r[0] != "label"]
    labels = sorted((label for label, _ in rows), key=len, reverse=True)
    return "|".join(re.escape(x).replace(r"\ ", r"\s*") for x in labels)


@cache
def _role_rx() -> re.Pattern[str]:
    """A role label and its colon, at the start or after a word boundary (``H.V. Ảnh: Misso``)."""
    return re.compile(rf"(?:^|(?<=[\s.,;–-]))(?P<label>{_role_alternatives()})\s*:\s*", re.IGNORECASE)


@cache
def _role_dash_rx() -> re.Pattern[str]:
    """A role label and a dash opening the line (``Tin - Minh Anh``)."""
    return re.compile(rf"^(?P<label>{_role_alternatives()})\s+-\s+", re.IGNORECASE)


@cache
def _not_names() -> frozenset[str]:
    return frozenset(data_lines("credit_not_names.txt"))


@cache
def _groups() -> frozenset[str]:
    return frozenset(data_lines("credit_groups.txt"))


def is_group(text: str) -> bool:
    """True for team credits (``Nhóm PV``, ``BBT``) that name no person."""
    return " ".join(text.split()).strip(" .").lower() in _groups()


def looks_like_name(text: str, max_words: int = 5) -> bool:
    """True for ``Hồ Hương``, ``NHẬT XUÂN``, ``H.V.``: a few words, each capitalised, no digits."""
    words = text.split()
    if not 1 <= len(words) <= max_words or any(ch.isdigit() for ch in text):
        return False
    return all(_NAME_WORD.match(w) for w in words)


_NAME_WORD = re.compile(r"^(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ'’]*\.?|[A-ZĐ]\.)+$")


def _strip_dot(text: str) -> str:
    if text.endswith(".") and not _INITIAL_END.search(text):
        return text[:-1].rstrip()
    return text


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
    text = _strip_dot(text.strip())
    if not text or len(text) > _MAX_NAME_CHARS or any(c.isdigit() for c in text):
        return None
    names = [_strip_dot(n.strip()) for n in _NAME_SPLIT.split(text) if n.strip()]
    if not names or len(names) > _MAX_NAMES or not all(_is_name(n) for n in names):
        return None
    if any(n.lower() in _not_names() for n in names):
        return None
    return names


def outlet_name(written: str) -> str | None:
    """The outlet credited by ``written``: the registry name for a known abbreviation, else as written."""
    written = written.strip().rstrip(".,").strip()
    if written.lower().startswith("tờ "):  # "theo tờ Le Figaro"
        written = written[3:].strip()
    elif written.startswith("báo "):  # "theo báo Nghệ An": the newspaper's name is "Báo Nghệ An"
        written = "Báo " + written[4:].strip()
    if not written or len(written.split()) > _MAX_OUTLET_WORDS or "," in written:
        return None
    # a host ("autopro.com.vn") or a known name written in lower case ("vne") still names an outlet
    capital = written[0].isupper() or written[0].isdigit()
    if not (capital or _HOST.match(written) or registry().by_name(written)):
        return None
    info = registry().by_name(written)
    if info is not None and fold_key(info.name) != fold_key(written):
        return info.name  # an abbreviation: "VNE" -> "VnExpress"
    return written


def outlet_list(written: str) -> str | None:
    """Several outlets credited together (``CNN, AFP, BBC``), each as ``outlet_name`` reads it, joined by
    ``", "``; None unless there are two or more and each is an outlet name."""
    parts = [p for p in _LIST_SPLIT.split(written.strip().rstrip(".,")) if p.strip()]
    names = [outlet_name(p) for p in parts]
    if len(names) < 2 or not all(names):
        return None
    return ", ".join(n for n in names if n)


def is_bare_cue(text: str) -> bool:
    """True for a credit cue alone on its line (``Theo``, ``Theo báo``, ``Nguồn:``): the outlet follows."""
    return len(text) <= 12 and _BARE_CUE.match(text) is not None


def credited_outlet(attribution: str | None) -> Outlet | None:
    """The outlet an attribution names, for a copy that names no outlet of its own.

    The registry's outlet when it knows the name, an abbreviation or the host (for ``A/B``, ``X (Y)`` and
    ``VOV-Tây Bắc``, the part it knows); else the outlet as credited, a host in lower case and other
    names with each lower-case word capitalised, so that ``Trí thức trẻ`` and ``Trí Thức Trẻ`` give one
    outlet. None for a list of sources (``CNN, AFP``) and for a credit that names a person.
    """
    if not attribution or ", " in attribution:
        return None
    name = attribution.strip()
    known = _known_outlet(name)
    if known is not None:
        return known.as_outlet()
    m = _SUFFIXED.match(name) if name.endswith(")") else None
    if m:  # "Sina (Khám phá)": the outlet in brackets published it
        name = m.group("suffix").strip()
    elif "/" in name:  # "VITIC/Bloomberg", "Duy Phan tổng hợp/Reatimes": the outlet after the slash
        name = name.rsplit("/", 1)[1].strip()
    name = _COMPILED_FROM.sub("", _TRAILING_CUE.sub("", name))
    known = _known_outlet(name)
    if known is not None:
        return known.as_outlet()
    glued = _glued_host(name)
    if glued is not None:  # "Duy Hoàngbaodautu.vn": a writer and the outlet's host, their space lost
        return glued.as_outlet()
    if not name or ":" in name or fold_key(name) in _not_outlets() or _person_name(name):
        return None
    if _HOST.match(name):
        return Outlet(name=name.lower(), domain=name.lower())
    words = [w[:1].upper() + w[1:] if w.islower() else w for w in name.split()]
    return Outlet(name=" ".join(words))


# "Tổng hợp từ Goal", "Theo Dailymail": what was done before the outlet's name.
_COMPILED_FROM = re.compile(r"^(?:(?:tổng hợp|lược dịch|dịch)(?:\s+(?:từ|theo))?|theo|nguồn)\s*:?\s+", re.I)
# A word seen at least this often in the syllable frequency list is Vietnamese (the list holds a few
# English words with single-digit counts: "the", "new", "york").
_VI_SYLLABLE_MIN = 10


@cache
def _not_outlets() -> frozenset[str]:
    return frozenset(fold_key(x) for x in data_lines("attribution_not_outlets.txt"))


def _person_name(name: str) -> bool:
    """True for a credit that reads as a Vietnamese person's name (``Hồ Hương``): two or more capitalised
    Vietnamese syllables; ``The Sun``, ``Korea Boo`` are names of outlets."""
    from baochi.lang.lexicon import syllable_frequencies

    if " " not in name or not split_names(name):
        return False
    freq = syllable_frequencies()
    return all(freq.get(w.lower(), 0) >= _VI_SYLLABLE_MIN for w in name.split())


# "VOV-Trung tâm Tin Theo": a cue of the next credit glued to the end.
_TRAILING_CUE = re.compile(r"\s+(?:theo|nguồn)\s*:?$", re.IGNORECASE)


def _glued_host(name: str) -> OutletInfo | None:
    """The registry's outlet whose host ends ``name`` glued to a word before it, or None."""
    if "." not in name or _HOST.match(name):
        return None
    low = name.lower()
    for i in range(1, len(low) - 3):
        if not low[i].isascii():
            continue
        info = registry().by_domain(low[i:]) if _HOST.match(low[i:]) else None
        if info is not None and low[i:] in {d.lower() for d in info.domains}:
            return info
    return None


def _known_outlet(name: str) -> OutletInfo | None:
    """The registry's outlet for a name, an abbreviation, a host, or either side of ``A/B``, ``X (Y)``,
    ``VOV-Tây Bắc``."""
    reg = registry()
    info = reg.by_name(name) or (reg.by_domain(name) if _HOST.match(name) else None)
    if info is not None:
        return info
    for part in re.split(r"\s*[/()]\s*|-", name):
        part = part.strip()
        if part and part != name:
            info = reg.by_name(part) or (reg.by_domain(part) if _HOST.match(part) else None)
            if info is not None:
                return info
    return None


@cache
def _suffixes() -> dict[str, str]:
    return {row[0]: row[1] for row in data_table("credit_suffixes.tsv") if row[0] != "suffix"}


def parse_credit(text: str, *, last: bool) -> Credit | None:
    """Read one foot line as a credit; ``last`` allows a bare name (only the final line may be one)."""
    if len(text) > _MAX_CREDIT_CHARS:
        return None  # a paragraph: every form below is a short line
    raw = text
    text = text.strip().rstrip("-–").strip()
    if text[:1] in _LEAD_MARKS and text.lstrip(_LEAD_MARKS)[:5].lower() in ("theo ", "nguồn"):
        text = text.lstrip(_LEAD_MARKS)  # "- Theo VnExpress", "* Nguồn: ..."
    while text.startswith("((") and text.endswith("))"):
        text = text[1:-1]
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
    if is_group(text):  # "Nhóm PV": a team, no person
        return Credit(raw=raw, roles=["text"], group=True)
    if text[:5].lower() == "theo " and "/" in text:  # "Theo Minh Nguyễn/Vcamp.vn": a person, an outlet
        person, _, source = text[5:].partition("/")
        names = split_names(person)
        if names and source.strip():
            return Credit(raw=raw, authors=names, roles=["text"], attribution=source.strip())
    labelled = _labelled(text, raw)
    if labelled is not None:
        return labelled
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
    if m:  # "Lê Kiên (Theo Android Authority)", "Theo Lê Phương (Khám phá)", "An (Tổng hợp theo báo A, B)"
        names = split_names(m.group("names"))
        written = m.group("outlet")
        outlet = outlet_name(written) or (outlet_list(written) if m.group("cue") else None)
        if names and outlet:
            return Credit(raw=raw, authors=names, roles=["text"], attribution=outlet)
    m = _CUE_BRACKET.match(text) if text.endswith((")", ").")) else None
    if m and m.group("outlet").strip().lower() not in _suffixes():
        outlet = outlet_name(m.group("outlet"))
        if outlet:  # "Theo Hà My (Dịch từ SN) (Khám Phá)": the writer first, then what they did
            names = split_names(re.split(r"\s[-–]\s|\s*[(,]", m.group("head"), maxsplit=1)[0])
            return Credit(raw=raw, authors=names or [], roles=["text"] if names else [], attribution=outlet)
    m = _attr_rx().match(text)
    if m:
        outlet = outlet_name(m.group("outlet")) or outlet_list(m.group("outlet"))
        if outlet:
            return Credit(raw=raw, attribution=outlet)
    info = registry().by_name(text.rstrip("."))
    if info is not None:
        return Credit(raw=raw, attribution=outlet_name(text) or info.name)
    if last:
        names = split_names(_TRAILING_TIME.sub("", text)) if any(c.isdigit() for c in text) else None
        names = names or split_names(text)
        # A name alone is two syllables or more ("Khánh An") or initials ("N.T"): a single capitalised
        # word on the last line is as often an agency or a signature abbreviation ("Bloomberg", "St").
        if names and all(
            " " in n or (_INITIALS.match(n) and "." in n) or _INITIAL_NAME.match(n) for n in names
        ):
            return Credit(raw=raw, authors=names, roles=["text"])
    return None


def _labelled(text: str, raw: str) -> Credit | None:
    """A byline of role labels and names (``Tin, ảnh: X``, ``Bài: X - Ảnh: Y``, ``H.V. Ảnh: Misso``): every
    part names people; photo, video and graphics credits give roles but no authors."""
    matches = list(_role_rx().finditer(text))
    if not matches:
        m = _role_dash_rx().match(text)
        if m is None:
            return None
        matches = [m]
    segments: list[tuple[str | None, str]] = []
    head = text[: matches[0].start()].strip(" -–,")
    if head:
        segments.append((None, head))
    for k, m in enumerate(matches):
        end = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        segments.append((m.group("label"), text[m.end() : end].strip(" -–,")))
    out = Credit(raw=raw)
    others: list[str] = []
    for label, value in segments:
        names = split_names(value)
        if not names:
            return None
        roles = _roles()[fold_key(" ".join(label.split()))] if label else ["text"]
        out.roles += [r for r in roles if r not in out.roles]
        target = out.authors if "text" in roles or "translation" in roles else others
        target += [n for n in names if n not in target]
    # a line crediting only a photographer (``Ảnh: Hoàng Hà``) names them; the reader decides
    out.authors = out.authors or others
    return out


def writes(credit: Credit) -> bool:
    """True when the credit names who wrote (not only a photo, video or graphics credit)."""
    return not credit.roles or bool({"text", "translation", "compilation"} & set(credit.roles))


def credited_person(credit: Credit) -> str | None:
    """The person behind an outlet credit written like a name and unknown as an outlet (``Theo Hồ
    Hương``, ``Theo Lê Ánh``): the registry does not know it, it is no domain, and it is a full name."""
    name = credit.attribution
    if not name or credit.authors or registry().by_name(name) is not None or _DOMAIN.search(name):
        return None
    names = split_names(name)
    return name if names and len(names) == 1 and " " in name else None


def _names_in(text: str) -> list[str]:
    """The parts of a credit line that are names (``NHẬT XUÂN và 1 tác giả khác`` -> ``NHẬT XUÂN``)."""
    parts = [_strip_dot(n.strip()) for n in _NAME_SPLIT.split(_strip_dot(text.strip())) if n.strip()]
    return [n for n in parts if _is_name(n) and n.lower() not in _not_names()][:_MAX_NAMES]


def read_credit(text: str) -> Credit:
    """What a line already placed as a credit says (an HTML byline element, a signature closing the
    story): the parse of ``parse_credit`` (an empty credit when it reads none), with an outlet credit
    written like a person's name read as that person."""
    credit = parse_credit(text, last=True)
    if credit is None:
        # placed as a credit, a single word is a name too (a pen name; the reader weighs it)
        names = _names_in(_TRAILING_TIME.sub("", text)) if len(text) <= _MAX_CREDIT_CHARS else []
        credit = Credit(raw=text, authors=names, roles=["text"] if names else [])
    person = credited_person(credit)
    if person:
        return Credit(raw=credit.raw, authors=[person], roles=["text"])
    return credit
