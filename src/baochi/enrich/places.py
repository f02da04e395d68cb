"""Places: countries, world places, and Vietnamese provinces, districts and communes with their codes.

A unit is found by its type word and name (``huyện Văn Yên``, ``TP. Bến Tre``, ``Quận 1``), or by its name
alone for provinces, countries and world places; a district named alone counts only when its province is
a place of the article (``Pleiku`` in a Gia Lai story). Names shared by several units are resolved to the
one in the article's provinces.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

from baochi.enrich import adminunits as au
from baochi.enrich.lexicon import (
    Key,
    Table,
    countries,
    family_names,
    is_compound,
    key_of,
    longest,
    not_bare_places,
    not_place_phrases,
    place_types,
    province_aliases,
    world_places,
)
from baochi.enrich.mentions import FieldText, Mention, make

MAX_NAME = 5  # tokens of a unit name ("Bà Rịa - Vũng Tàu" is 4)


def cap_run(ft: FieldText, k: int, limit: int = MAX_NAME) -> int:
    """Index after the run of capitalised tokens from k joined by single spaces (at most ``limit``)."""
    j = k
    while j < len(ft.words) and j - k < limit and ft.caps[j] and (j == k or ft.gaps[j] == " "):
        j += 1
    return j


def _unit_match(level: str, type_word: str, words: list[str], k: int, end: int) -> tuple[int, list[au.Unit]]:
    """Longest unit name of a level at words[k:end]: (length, candidate units)."""
    tables = au.units_by_name()
    for n in range(end - k, 0, -1):
        key = tuple(words[k : k + n])
        if level in ("province", "city"):
            alias = province_aliases().get(key)
            provs = tables["province"].get(key_of(alias) if alias else key, [])
            if level == "city":
                # "TP. Bến Tre" is the city in Bến Tre province; "TP Hà Nội" is the province-level city
                cities = [u for u in tables["district"].get(key, []) if u.type_word == "thành phố"]
                central = [u for u in provs if u.type_word == "thành phố"]
                if central or (provs and not cities):
                    return n, central or provs
                if cities:
                    return n, cities
            elif provs:
                return n, provs
        elif level in ("district", "commune"):
            units = tables[level].get(key, [])
            same_type = [u for u in units if u.type_word == type_word]
            if same_type or units:
                return n, same_type or units
    return 0, []


def match_typed(ft: FieldText, i: int) -> Mention | None:
    """A place written with its type word at token i (``tỉnh Yên Bái``, ``xã Đông Cuông``, ``Quận 1``)."""
    words = ft.words
    n = longest(place_types(), words, i, 3)
    if not n:
        return None
    if not ft.joined(i, i + n):
        return None
    level, type_word = place_types()[tuple(words[i : i + n])]
    k = i + n
    if k >= len(words) or ft.gaps[k] not in (" ", ". ", "."):
        return None
    if ft.gaps[k] != " " and words[k - 1] not in ("TP", "Tp"):
        return None
    if words[k].isdigit() and level in ("district", "commune"):
        # numbered units are named with their type word in the table: "Quận 1", "Phường 8"
        units = au.units_by_name()[level].get(key_of(f"{type_word.capitalize()} {words[k]}"), [])
        return make("LOC", ft, i, k + 1, f"{type_word} {words[k]}", kind=level, units=units)
    if not ft.caps[k]:
        return None
    end = cap_run(ft, k)
    if level in ("province", "city", "district", "commune"):
        m, units = _unit_match(level, type_word, words, k, end)
        if m:
            unit_level = units[0].level
            canon = f"{units[0].type_word} {units[0].short}"
            return make("LOC", ft, i, k + m, canon, kind=unit_level, units=units)
        if level == "city":
            wp = longest(world_places(), words, k, end - k)
            if wp:
                canon, _, country = world_places()[tuple(words[k : k + wp])]
                return make("LOC", ft, i, k + wp, canon, kind="city", country=country)
    # an unknown or foreign unit: the capitalised run, cut before a country ("tỉnh Nineveh, Iraq"); a
    # longer run holds more than the name ("tỉnh Nineveh Nouralddeen Qablan"): its first word only
    admin_level = level in ("province", "city", "district", "commune")
    if admin_level and words[k] in family_names() and end - k >= 2:
        return None  # "UBND TP Nguyễn Đức Chung": a person's name, not an unknown city
    stop = k
    while stop < end and not longest(countries(), words, stop, end - stop):
        stop += 1
    if stop == k:
        return None
    if admin_level and stop - k > 2:
        stop = k + 1
    name = ft.span(k, stop)
    kind = level if level in ("province", "district", "commune", "village") else "other"
    if level == "city":
        kind = "city"
    return make("LOC", ft, i, stop, f"{type_word} {name}", kind=kind)


def match_bare(ft: FieldText, i: int, end: int) -> Mention | None:
    """A place named without a type word at token i (province, country, world place), within [i, end)."""
    words = ft.words
    if i >= len(words) or words[i] not in bare_firsts():
        return None
    limit = end - i
    best: Mention | None = None
    n, n2, n3, n4 = _bare_lengths(words, i, limit)
    if n and ft.joined(i, i + n):
        short = province_aliases()[tuple(words[i : i + n])]
        units = au.units_by_name()["province"].get(key_of(short), [])
        best = make("LOC", ft, i, i + n, f"{units[0].name}" if units else short, kind="province", units=units)
    longer = n2 and (best is None or n2 > best.j - best.i) and ft.joined(i, i + n2)
    if longer and ft.span(i, i + n2) not in not_bare_places():
        units = au.units_by_name()["province"][tuple(words[i : i + n2])]
        best = make("LOC", ft, i, i + n2, units[0].name, kind="province", units=units)
    if n3 and (best is None or n3 > best.j - best.i) and ft.joined(i, i + n3):
        best = make("LOC", ft, i, i + n3, countries()[tuple(words[i : i + n3])], kind="country")
    if n4 and (best is None or n4 > best.j - best.i) and ft.joined(i, i + n4):
        canon, level, country = world_places()[tuple(words[i : i + n4])]
        best = make("LOC", ft, i, i + n4, canon, kind=level, country=country)
    if best is not None and best.j == i + 1 and _not_place_after(ft, i):
        return None
    return best


def _bare_lengths(words: list[str], i: int, limit: int) -> tuple[int, int, int, int]:
    """The longest entry at ``words[i]`` of the province aliases, provinces, countries and world places
    (as ``longest`` of each, within ``limit`` tokens), found in one walk forward."""
    index = _bare_index()
    lengths = [0, 0, 0, 0]
    for n in range(1, min(limit, len(words) - i, _bare_size()) + 1):
        entry = index.get(tuple(words[i : i + n]))
        if entry is None:
            break  # no key of any gazetteer begins so
        keys, prefixes = entry
        for t in range(4):
            if keys >> t & 1:
                lengths[t] = n  # (a key's shorter beginnings are all its table's prefixes: the walk got here)
        if not prefixes:
            break
    return lengths[0], lengths[1], lengths[2], lengths[3]


@cache
def _bare_index() -> dict[Key, tuple[int, int]]:
    """Every key and proper prefix of the four gazetteers -> (bit t set: a key of table t, bit t set: a
    proper prefix of a key of table t)."""
    index: dict[Key, tuple[int, int]] = {}
    for t, table in enumerate(_bare_tables()):
        for key in table:
            keys, prefixes = index.get(key, (0, 0))
            index[key] = (keys | 1 << t, prefixes)
        for key in table.prefixes:
            keys, prefixes = index.get(key, (0, 0))
            index[key] = (keys, prefixes | 1 << t)
    return index


@cache
def _bare_tables() -> tuple[Table[Any], ...]:
    return (province_aliases(), au.units_by_name()["province"], countries(), world_places())


@cache
def _bare_size() -> int:
    return max(t.size for t in _bare_tables())


def _not_place_after(ft: FieldText, i: int) -> bool:
    """Whether a one-word place name at token i starts a longer phrase instead: a word of the lexicon with
    the lower-case syllable after it (``Pháp luật``, ``Ý kiến``, ``Anh hùng``) or a phrase of
    data/not_place_phrases.txt (``Đức Mẹ``, ``Đức Giáo hoàng``)."""
    k = i + 1
    if k >= len(ft.words) or ft.gaps[k] != " ":
        return False
    if longest(not_place_phrases(), ft.words, i, 3):
        return True
    return not ft.caps[k] and is_compound(ft.words[i], ft.words[k])


@cache
def bare_firsts() -> frozenset[str]:
    """Words a place named alone can start with."""
    return frozenset().union(*(t.firsts for t in _bare_tables()))


def match_region(ft: FieldText, i: int) -> Mention | None:
    """A region written with a lower-case first word (``miền Trung``, ``châu Âu``) at token i."""
    n = longest(world_places(), ft.words, i, 4)
    if not n or not ft.joined(i, i + n):
        return None
    canon, level, country = world_places()[tuple(ft.words[i : i + n])]
    return make("LOC", ft, i, i + n, canon, kind=level, country=country)


def match_bare_district(ft: FieldText, i: int, end: int, provinces: set[str]) -> Mention | None:
    """A district or city named alone whose province is one of the article's provinces."""
    units = au.units_by_name()["district"].get(tuple(ft.words[i:end]), [])
    units = [u for u in units if u.province in provinces]
    if not units:
        return None
    return make("LOC", ft, i, end, units[0].name, kind="district", units=units)


@dataclass(slots=True)
class PlaceContext:
    """The places an article is about: its main province and its most specific local unit."""

    province: au.Unit | None = None
    local: au.Unit | None = None
    provinces: frozenset[str] = frozenset()


def build_context(places: list[Mention]) -> PlaceContext:
    """The article's main province (most named, the title counting double) and first local unit."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for n, m in enumerate(places):
        for prov in dict.fromkeys(u.province for u in m.units):  # in unit order: ties never hang on hashing
            counts[prov] += 2 if m.field == "title" else 1
            first.setdefault(prov, n)
    if not counts:
        return PlaceContext()
    top = max(counts, key=lambda p: (counts[p], -first[p]))
    province = au.units_by_name()["province"].get(key_of(top), [None])[0]
    local = None
    for m in places:
        units = [u for u in m.units if u.province == top and u.level == "district"]
        if units:
            local = units[0]
            break
    return PlaceContext(province, local, frozenset(counts))


def resolve(m: Mention, ctx: PlaceContext) -> None:
    """Pick the unit of a place among its candidates and attach its codes before and after 2025."""
    if not m.units:
        return
    inside = [u for u in m.units if ctx.province is not None and u.province == ctx.province.province]
    near = [u for u in m.units if u.province in ctx.provinces]
    unit = (inside or near or m.units)[0]
    m.units = [unit]
    m.province = unit.province
    m.admin = _fresh(au.describe(unit))  # a copy: the cached description must never be changed
    if unit.level != "province" or unit.type_word == "thành phố":
        m.canonical = unit.name
    else:
        m.canonical = f"tỉnh {unit.short}"


def _fresh(value: Any) -> Any:
    """A deep copy of JSON-like data (dicts, lists, scalars), several times cheaper than ``copy.deepcopy``."""
    if isinstance(value, dict):
        return {k: _fresh(v) if isinstance(v, (dict, list)) else v for k, v in value.items()}
    if isinstance(value, list):
        return [_fresh(v) if isinstance(v, (dict, list)) else v for v in value]
    return value


def unit_name(unit: au.Unit) -> str:
    """How a canonical name writes a unit: ``tỉnh Hà Nam``, ``thành phố Hà Nội``, ``huyện Lý Nhân``."""
    return unit.name


def province_display(unit: au.Unit) -> str:
    """The province name of positions' ``place``: the short name (``Bến Tre``, ``Hà Nội``)."""
    return "Thừa Thiên Huế" if unit.short == "Huế" and unit.level == "province" else unit.short
