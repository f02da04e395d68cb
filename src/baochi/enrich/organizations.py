"""Organisations: organs known by name, and names built from a head word (``Sở``, ``UBND``, ``Công ty``).

A head is followed by what its rule allows (data/org_heads.tsv): a sector (``Bộ Công Thương``), a
capitalised name (``Công ty TNHH Hạ Long Biển Ngọc``), a task phrase (``Ban Chỉ đạo phòng, chống dịch
Covid-19 huyện Lý Nhân``), a place only (``Chính phủ Trung Quốc``) or nothing (``Thành ủy``). Then a place
may complete it (``tỉnh Quảng Ninh``, ``TP``, ``Thái Nguyên``); when none is written the organ's level
(``Thành ủy`` -> city) is resolved from the article's places, so ``Thành ủy`` in a Bến Tre story becomes
``Thành ủy thành phố Bến Tre``.
"""

from __future__ import annotations

from functools import cache

from baochi.enrich import places
from baochi.enrich.adminunits import Unit
from baochi.enrich.lexicon import (
    abbreviations,
    family_names,
    is_compound,
    longest,
    org_heads,
    organs,
    person_cues,
    place_types,
    sectors,
    stopwords,
    street_words,
    titles,
    world_places,
)
from baochi.enrich.mentions import FieldText, Mention, is_acronym, is_cap, make

MAX_NAME = 12  # tokens after a head: long committee names are cut rather than run into the sentence
MAX_LOWER = 3  # consecutive lower-case words inside a name ("Cục Văn hóa cơ sở")
# heads whose own name says the level of their committee: the canonical name puts the place after it
MISSIONS = {"Đại sứ quán", "Lãnh sự quán", "Tổng Lãnh sự quán"}  # "… Mỹ ở Campuchia": host country follows
SCHOOLS = {"Trường"}  # a school's name has two words or more ("Trường Lê Quý Đôn", "Trường THPT …")
PARTY_COMMITTEES = {"Tỉnh ủy": "province", "Thành ủy": "city", "Huyện ủy": "district", "Quận ủy": "district"}


def expand(text: str) -> str:
    """An organisation name with its abbreviations written out (``UBND`` -> ``Ủy ban nhân dân``)."""
    table = abbreviations()
    return " ".join(table.get(w, w) for w in text.split(" "))


def _completion(ft: FieldText, k: int) -> tuple[int, Mention | None, str]:
    """A place completing an organisation name at token k: (end, place mention, pending level)."""
    words = ft.words
    if k >= len(words) or ft.gaps[k] != " ":
        return k, None, ""
    typed = places.match_typed(ft, k)
    if typed is not None:
        return typed.j, typed, ""
    n = longest(place_types(), words, k, 2)
    if n:
        level, _ = place_types()[tuple(words[k : k + n])]
        if level in ("province", "city", "district", "commune"):
            loc = make("LOC", ft, k, k + n, words[k], kind=level, pending=level)
            return k + n, loc, level
    if ft.caps[k]:
        bare = places.match_bare(ft, k, min(len(words), k + 8))
        if bare is not None:
            return bare.j, bare, ""
    return k, None, ""


def _name_end(ft: FieldText, k: int, lower_start: bool) -> int:
    """End of the name after a head: capitalised words, short lower-case stretches, ``và`` + capital."""
    words = ft.words
    j, lower, last_good, caps = k, 0, k, 0
    while j < len(words) and j - k < MAX_NAME:
        if j > k and ft.gaps[j] != " " and not (lower_start and ft.gaps[j] == ", " and lower):
            break
        w = words[j]
        if longest(place_types(), words, j, 2) and j > k:
            break
        if is_cap(w) or w[0].isdigit():
            if j > k and places.match_bare(ft, j, min(len(words), j + 8)) is not None:
                break
            caps += 1
            # a name after a two-word organisation name, or after a one-word name that is no acronym, is a
            # person's (its holder), not part of it ("Tổng cục Thuế Nguyễn Đại Trí", "Tập đoàn Vingroup
            # Phạm Nhật Vượng"; "Công ty TNHH Hạ Long …" goes on)
            if (j - k >= 2 or (j - k == 1 and not is_acronym(words[k]))) and _person_ahead(ft, j):
                break
            lower = 0
            last_good = j + 1
        elif (
            (w in stopwords() or w == "và")
            and not (w == "và" and j + 1 < len(words) and ft.caps[j + 1])
            and not (j > k and is_compound(words[j - 1], w))  # "truyền thông": a word, not the function word
        ):
            break
        else:
            if j == k and not lower_start:
                return k
            if j > k and is_compound(words[j - 1], w):
                pass  # the second syllable of a word ("Quốc gia", "Cảnh sát", "Công cộng")
            elif caps >= 2 and not lower_start:
                break  # lower-case words describe a name only after its first word ("Cục Văn hóa cơ sở")
            else:
                lower += 1
                if lower > MAX_LOWER and not lower_start:
                    break
            last_good = j + 1
        j += 1
    return last_good


def name_end(ft: FieldText, k: int) -> int:
    """End of a capitalised name starting at token k (k when none), as after an organisation's head."""
    return max(_name_end(ft, k, False), _defined_end(ft, k))


# words that end a sentence's subject rather than continue a name, even before "(ACRONYM)"
_CLAUSE = "bị cho của khi là nhưng sẽ thì tại từ và về với để đang đã được đến ở"
CLAUSE_WORDS = frozenset(_CLAUSE.split(" "))


def _defined_end(ft: FieldText, k: int) -> int:
    """End of a long name defined by the acronym in brackets after it (``Ban quản lý dự án các công
    trình điện miền Trung (CPMB)``): the writer marks where the name stops (k when there is none)."""
    words = ft.words
    for p in range(k + 1, min(len(words), k + MAX_NAME + 1)):
        gap = ft.gaps[p]
        if gap == " (":
            close = ft.gaps[p + 1] if p + 1 <= len(words) else ""
            if is_acronym(words[p]) and close.startswith(")"):
                return p
            return k
        if gap != " " or words[p] in CLAUSE_WORDS or (p > k + 1 and longest(org_heads(), words, p, 4)):
            return k
    return k


@cache
def _lower_heads() -> frozenset[str]:
    return frozenset(k[0] for k, h in org_heads().items() if h.rule == "place" and not is_cap(k[0]))


@cache
def _org_firsts() -> frozenset[str]:
    """Words an organisation name can start with (a head's or a known organ's first word)."""
    return org_heads().firsts | organs().firsts


def _person_ahead(ft: FieldText, j: int) -> bool:
    """Whether a Vietnamese full name starts at token j (``Tổng cục Chính trị Nguyễn Chí Thanh``)."""
    words = ft.words
    if words[j] not in family_names() or j + 2 > len(words):
        return False
    if not all(is_cap(w) and ft.gaps[k] == " " for k, w in enumerate(words[j + 1 : j + 3], j + 1)):
        return False
    # the name runs to the end of the capitalised run, two to four syllables ("Trường THPT Chu Văn An
    # Nguyễn Văn Bình": from "Văn" five words follow, so the school's name goes on to "An")
    end = j + 1
    while end < len(words) and ft.caps[end] and ft.gaps[end] == " " and end - j < 5:
        end += 1
    return end - j <= 4


def _head_mention(ft: FieldText, i: int) -> tuple[Mention, Mention | None] | None:
    """The organisation starting with a head word at token i, and the place inside it."""
    words = ft.words
    n = longest(org_heads(), words, i, 6)
    if not n or not ft.joined(i, i + n):
        return None
    head = org_heads()[tuple(words[i : i + n])]
    k = i + n
    rule = head.rule
    if rule == "field":
        m = longest(sectors(), words, k, 8) if k < len(words) and ft.gaps[k] == " " else 0
        k += m
        if not m:
            rule = "name"  # a foreign ministry: "Bộ Vận tải và Công trình Công cộng Campuchia"
    if rule in ("name", "task"):
        if k >= len(words) or ft.gaps[k] != " ":
            return None
        first_is_place = bool(longest(place_types(), words, k, 2))
        end = k if first_is_place else _name_end(ft, k, rule == "task")
        end = max(end, _defined_end(ft, k))
        if end == k and not first_is_place:
            return None
        if head.text in SCHOOLS and end - k == 1 and not is_acronym(words[k]) and not first_is_place:
            return None  # "Trường Chinh", "Trường Sa": a school's name is longer or an acronym (THPT)
        k = end
    committee = _committee_at(ft, k) if head.rule == "bare" else ""
    if committee:
        k += len(committee.split(" "))  # "Ban Thường vụ Tỉnh ủy": the committee whose body it is
    end, place, pending = _completion(ft, k)
    if committee and place is None and not pending:
        pending = PARTY_COMMITTEES[committee]
    if head.text in MISSIONS and place is not None and end + 1 < len(words) and words[end] in ("ở", "tại"):
        there = places.match_bare(ft, end + 1, min(len(words), end + 6))
        if there is not None and ft.gaps[end] == " " and ft.gaps[end + 1] == " ":
            end = there.j
    if head.rule == "place" and place is None and head.text not in MISSIONS:
        return None
    if head.rule == "task" and place is None and not ft.caps[k - 1]:
        return None
    if place is None and not pending and head.rule != "place":
        pending = head.level
    kind = head.type
    if place is not None and (place.kind == "country" or place.country) and place.canonical != "Việt Nam":
        kind = "foreign"
    org = make("ORG", ft, i, end, expand(ft.span(i, k)), kind=kind, pending=pending)
    org.person = head.text  # remembers the head for canonical names (see complete)
    if place is not None and not place.pending:
        org.canonical = f"{org.canonical} {place.canonical}"
        if (head.text in PARTY_COMMITTEES or committee) and place.kind == "province" and place.units:
            # a province's party committee is named with the province's short name, as when the article
            # leaves the place to the context ("Tỉnh ủy Bến Tre", "Thành ủy Hồ Chí Minh")
            org.canonical = f"{expand(ft.span(i, k))} {place.units[0].short}"
    return org, place


def in_name(ft: FieldText, i: int) -> bool:
    """A one-word head that goes on a name after a family name or a person cue is part of a person's name
    (``Bí thư Tỉnh ủy Lê Trường Lưu``, ``đồng chí Trường Chinh``), not a school or an association."""
    words = ft.words
    if i == 0 or i + 1 >= len(words) or ft.gaps[i] != " " or ft.gaps[i + 1] != " " or not ft.caps[i + 1]:
        return False
    if is_acronym(words[i + 1]):
        return False  # "Cty MHBS": an organisation's acronym, not a given name
    if longest(org_heads(), words, i, 4) != 1:
        return False
    prev = words[i - 1]
    if prev in family_names():
        return i < 2 or not ft.caps[i - 2]  # "tỉnh Hà Giang Công an …": the place's name ends there
    if (prev,) in person_cues() or (i >= 2 and (words[i - 2], prev) in person_cues()):
        return True
    # "Tổng Bí thư Trường Chinh và …": a two-word name right after a title (a school's head is a Hiệu
    # trưởng, and school names run longer)
    if org_heads()[(words[i],)].rule != "name":
        return False
    nxt = words[i + 2] if i + 2 < len(words) and ft.gaps[i + 2] == " " else ""
    short = not nxt or (
        not is_cap(nxt) and not is_compound(words[i + 1], nxt) and not longest(place_types(), words, i + 2, 2)
    )
    for n in range(1, 5):
        key = tuple(words[i - n : i]) if i >= n else ()
        if key in titles() and "trưởng" not in key and short:
            return True
    return False


def _committee_at(ft: FieldText, k: int) -> str:
    """The party committee named at token k (``Tỉnh ủy``, ``Thành ủy`` …), or ""."""
    if k >= len(ft.words) or ft.gaps[k] != " ":
        return ""
    n = longest(org_heads(), ft.words, k, 2)
    text = " ".join(ft.words[k : k + n]) if n else ""
    return text if text in PARTY_COMMITTEES else ""


@cache
def _street_lasts() -> frozenset[str]:
    return frozenset(key[-1] for key in street_words() if key)


def _street_before(ft: FieldText, i: int) -> bool:
    """Whether a street word stands right before token i (``đường Trường Chinh``, ``ngã tư Sở``)."""
    if i == 0 or ft.words[i - 1].lower() not in _street_lasts():
        return False  # no street word ends right before (most words)
    for n in (1, 2):
        if (
            i >= n
            and ft.joined(i - n, i + 1)
            and tuple(w.lower() for w in ft.words[i - n : i]) in street_words()
        ):
            return True
    return False


def _inside_place(ft: FieldText, i: int) -> bool:
    """Whether token i lies inside a place named without a type word that starts before it."""
    firsts = places.bare_firsts()
    for k in range(max(0, i - 3), i):
        if ft.words[k] not in firsts:
            continue  # no place starts here (most words)
        place = places.match_bare(ft, k, min(len(ft.words), k + 6))
        if place is not None and place.j > i:
            return True
    return False


def _place_over(ft: FieldText, i: int, end: int) -> bool:
    """Whether a place named without a type word at token i runs past token end - 1 (the head)."""
    place = places.match_bare(ft, i, min(len(ft.words), i + 6))
    return place is not None and place.j > end


def find_organizations(ft: FieldText) -> tuple[list[Mention], list[Mention]]:
    """Organisations of a field and the places written inside their names."""
    orgs: list[Mention] = []
    locs: list[Mention] = []
    words = ft.words
    lower_heads = _lower_heads()
    starters = _org_firsts()
    caps = ft.caps
    # only words an organisation can start with are looked at (in order; a found name is skipped over)
    hits = ft.present(starters) | ft.present(lower_heads)
    candidates = [k for k in ft.positions(hits) if words[k] in (starters if caps[k] else lower_heads)]
    i = 0
    for k in candidates:
        if k < i:
            continue
        i = k
        if not caps[i]:
            # lower-case heads name an organ only with a country after them ("chính phủ Mỹ")
            low = _head_mention(ft, i)
            if low is not None:
                orgs.append(low[0])
                if low[1] is not None:
                    locs.append(low[1])
                i = low[0].j
            continue
        if in_name(ft, i) or _inside_place(ft, i) or _street_before(ft, i):
            continue  # "Tây Ban Nha": the head "Ban" inside a country's name; "đường Trường Chinh"
        found = _head_mention(ft, i)
        n = longest(organs(), words, i, 8)
        if n and not ft.joined(i, i + n):
            n = 0
        head_end = i + len(found[0].person.split(" ")) if found is not None else i
        if not n and found is not None and _place_over(ft, i, head_end):
            continue  # "Đài Loan": a place's name that starts like an organisation ("Đài" + a name)
        if n and (found is None or n >= found[0].j - i):
            _, canon, kind = organs()[tuple(words[i : i + n])]
            org = make("ORG", ft, i, i + n, canon, kind=kind)
            orgs.append(org)
            i += n
            continue
        if found is not None:
            org, place = found
            orgs.append(org)
            if place is not None:
                locs.append(place)
            i = org.j
    _acronym_aliases(ft, orgs)
    return orgs, locs


def _acronym_aliases(ft: FieldText, orgs: list[Mention]) -> None:
    """``Tập đoàn Kiến Công Thượng Hải (SCG)``: the acronym in brackets names the same organisation."""
    begun = {o.i for o in orgs}
    for org in list(orgs):
        k = org.j
        if k in begun:
            continue  # "Kiểm toán Nhà nước (KTNN)": the acronym is already an organ of its own
        bracketed = k < len(ft.words) and ft.gaps[k].strip() == "(" and is_acronym(ft.words[k])
        if bracketed and (k + 1 == len(ft.words) or ft.gaps[k + 1].startswith(")")):
            alias = make("ORG", ft, k, k + 1, org.canonical, kind=org.kind, pending=org.pending)
            alias.person = org.person
            orgs.append(alias)


def complete(org: Mention, ctx: places.PlaceContext, place: Mention | None) -> None:
    """Finish an organisation's canonical name with the place its text leaves to the article."""
    if not org.pending:
        return
    unit = _unit_for(org.pending, ctx)
    if unit is None:
        return
    head = org.person
    if head in PARTY_COMMITTEES or " ".join(org.canonical.split(" ")[-2:]) in PARTY_COMMITTEES:
        where = unit.short if unit.level == "province" else unit.name
        org.canonical = f"{org.canonical if head not in PARTY_COMMITTEES else head} {where}"
    elif org.pending == "committee":
        org.canonical = f"{org.canonical} {committee_of(ctx)}"
    else:
        org.canonical = f"{org.canonical} {unit.name}"
    org.province = unit.province
    if place is not None and place.pending:
        place.units = [unit]


def _unit_for(level: str, ctx: places.PlaceContext) -> Unit | None:
    if level == "province":
        return ctx.province
    if level in ("city", "district"):
        if ctx.local is not None and (level == "district" or ctx.local.type_word == "thành phố"):
            return ctx.local
        if level == "city" and ctx.province is not None and ctx.province.type_word == "thành phố":
            return ctx.province
        return None
    if level in ("local", "committee"):
        return ctx.local or ctx.province
    return None


def committee_of(ctx: places.PlaceContext) -> str:
    """The party committee of the article's most local unit: ``Thành ủy thành phố Bến Tre``."""
    unit = ctx.local or ctx.province
    if unit is None:
        return ""
    if unit.level == "province":
        return f"{'Thành ủy' if unit.type_word == 'thành phố' else 'Tỉnh ủy'} {unit.short}"
    word = {"thành phố": "Thành ủy", "quận": "Quận ủy", "thị xã": "Thị ủy"}.get(unit.type_word, "Huyện ủy")
    return f"{word} {unit.name}"


def is_world(canonical: str) -> bool:
    """Whether a place canonical name is a world place (not Vietnamese)."""
    return any(v[0] == canonical for v in world_places().values())


# organs found at every level whose level only their place says (``Công an``, ``UBND`` written alone)
LEVELLESS = frozenset(
    {"Công an", "HĐND", "Hội đồng nhân dân", "UBND", "Ủy ban nhân dân", "TAND", "Tòa án nhân dân", "VKSND"}
    | {"Viện kiểm sát nhân dân"}
)


def _every_level(ft: FieldText | None, m: Mention) -> bool:
    """Whether the organ is said of every level (``HĐND các cấp``)."""
    return ft is not None and ft.words[m.j : m.j + 2] == ["các", "cấp"] and ft.joined(m.j - 1, m.j + 2)


def resolve_bare(
    orgs: list[Mention], ctx: places.PlaceContext, fields: dict[str, FieldText] | None = None
) -> list[Mention]:
    """Organs written alone without their level (``Công an``, ``Ủy ban nhân dân``): the same organ named
    with its place in the article (``Công an huyện Đông Triều`` … ``Công an đã …``), else the organ of the
    story's most local unit; with neither, which organ is meant is unknown and the mention is dropped.
    An organ said of every level (``HĐND các cấp``) stays as written. Returns the organisations kept."""
    kept: list[Mention] = []
    for m in orgs:
        head = m.person
        bare = m.type == "ORG" and head in LEVELLESS and m.canonical == expand(head)
        if not bare or _every_level((fields or {}).get(m.field), m):
            kept.append(m)
            continue
        fuller: dict[str, int] = {}
        for o in orgs:
            if o.person == head and o.canonical.startswith(m.canonical + " "):
                fuller[o.canonical] = fuller.get(o.canonical, 0) + 1
        unit = _unit_for("local", ctx)
        if fuller:
            m.canonical = max(fuller, key=lambda c: fuller[c])  # the most named; the first on a tie
            m.province = next(o.province for o in orgs if o.canonical == m.canonical)
        elif unit is not None:
            m.canonical, m.province = f"{m.canonical} {unit.name}", unit.province
        else:
            continue
        kept.append(m)
    return kept
