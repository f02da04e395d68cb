"""The enrichment step (``Article -> Article``): entities, positions and events of one record.

Order: organisations (with the places inside their names), places written with their type word, then
capitalised runs (persons and places named alone); then the article's place context resolves units that
share a name and completes organs written without their place (``Thành ủy``, ``Sở Y tế``, ``Công an tỉnh``).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from baochi.enrich import adminunits as au
from baochi.enrich import events as ev
from baochi.enrich import organizations as orgs_mod
from baochi.enrich import places
from baochi.enrich.lexicon import key_of, place_types, world_places
from baochi.enrich.linking import entity_id, person_anchor
from baochi.enrich.mentions import FieldText, Mention, article_fields
from baochi.enrich.persons import find_name_tails, find_persons, link_shorts, merge_partial_names
from baochi.enrich.positions import find_posts, position_record
from baochi.model import Article, Event, Position


def _mark(taken: list[bool], m: Mention) -> None:
    for k in range(m.i, m.j):
        taken[k] = True


def _field_mentions(ft: FieldText) -> tuple[list[Mention], list[Mention], list[tuple[Mention, Mention]]]:
    """Mentions of one field, its short cued names, and (organisation, place inside it) pairs."""
    orgs, inner = orgs_mod.find_organizations(ft)
    taken = [False] * len(ft.words)
    pairs: list[tuple[Mention, Mention]] = []
    for o in orgs:
        _mark(taken, o)
        for loc in inner:
            if o.i <= loc.i and loc.j <= o.j:
                pairs.append((o, loc))
    typed: list[Mention] = []
    type_firsts, region_firsts = place_types().firsts, world_places().firsts
    caps = ft.caps
    i = 0
    # only a type word or a lower-case region word starts a place here (most fields hold few of them)
    hits = ft.present(_typed_firsts())
    for k in ft.positions(hits):
        w = ft.words[k]
        if k < i or taken[k] or (w not in type_firsts and caps[k]):
            continue
        m = places.match_typed(ft, k) if w in type_firsts else None
        if m is None and w in region_firsts and not caps[k]:
            m = places.match_region(ft, k)  # "miền Trung", "châu Âu"
        if m is not None:
            typed.append(m)
            _mark(taken, m)
            i = m.j
    persons, bare, shorts = find_persons(ft, taken)
    return [*orgs, *inner, *typed, *bare, *persons], shorts, pairs


@cache
def _typed_firsts() -> frozenset[str]:
    return place_types().firsts | world_places().firsts


def _province_of(m: Mention) -> str | None:
    if m.type == "LOC" and m.kind == "country":
        return m.canonical if m.canonical != "Hoa Kỳ" else m.text
    if m.units:
        return places.province_display(m.units[0])
    if m.province:
        unit = au.units_by_name()["province"].get(key_of(m.province))
        return places.province_display(unit[0]) if unit else m.province
    if m.country:
        return m.country
    return None


def analyse(article: Article) -> tuple[list[Mention], list[dict[str, Any]], list[dict[str, Any]]]:
    """Mentions, positions and events of an article."""
    fields = article_fields(article)
    mentions: list[Mention] = []
    shorts: list[Mention] = []
    pairs: list[tuple[Mention, Mention]] = []
    for ft in fields:
        ms, sh, pr = _field_mentions(ft)
        mentions += ms
        shorts += sh
        pairs += pr
    locs = [m for m in mentions if m.type == "LOC" and not m.pending]
    ctx = places.build_context(locs)
    districts = _bare_districts(fields, mentions, ctx)
    mentions += districts
    locs += districts
    for m in locs:
        places.resolve(m, ctx)
    inner_of = {id(o): loc for o, loc in pairs}
    for m in mentions:
        if m.type == "ORG":
            place = inner_of.get(id(m))
            orgs_mod.complete(m, ctx, place)
            if place is not None and not place.pending and place.units:
                m.province = place.units[0].province
    kept_orgs = {
        id(o)
        for o in orgs_mod.resolve_bare(
            [m for m in mentions if m.type == "ORG"], ctx, {ft.name: ft for ft in fields}
        )
    }
    mentions = [m for m in mentions if m.type != "ORG" or id(m) in kept_orgs]
    # anaphoric level words ("Đảng bộ tỉnh"): a place only once the article says which
    kept: list[Mention] = []
    for m in mentions:
        if m.type == "LOC" and m.pending:
            if not m.units:
                continue
            m.pending = ""
            places.resolve(m, ctx)
        kept.append(m)
    mentions = _drop_person_places(kept)
    for m in mentions:
        if _unit_named(m, ctx):
            places.resolve(m, ctx)
    persons = [m for m in mentions if m.type == "PER"]
    merge_partial_names(persons)
    mentions += link_shorts(shorts, persons)
    mentions += find_name_tails(fields, mentions)
    date = (article.published_at or "")[:10] or None
    by_field = {ft.name: ft for ft in fields}
    of_field = _by_field(mentions)
    found_posts = []
    named: list[Mention] = []  # persons named so far, in reading order: whom a pronoun may stand for
    for ft in fields:
        here = of_field.get(ft.name, [])
        found_posts += find_posts(ft, here, named)
        named += sorted((m for m in here if m.type == "PER"), key=lambda m: m.j)
    anchors = person_anchor(found_posts, ctx)
    for m in mentions:
        m.id = entity_id(m, anchors)
    positions = _positions(found_posts, date, orgs_mod.committee_of(ctx))
    events = ev.dedupe([e for ft in fields for e in ev.find_events(ft, of_field.get(ft.name, []))])
    ev.finish(events, fields, mentions, date)
    order = {name: n for n, name in enumerate(by_field)}
    mentions.sort(key=lambda m: (order[m.field], m.start, -m.end))
    return mentions, positions, events


def _bare_districts(
    fields: list[FieldText], mentions: list[Mention], ctx: places.PlaceContext
) -> list[Mention]:
    """Districts named alone (``Pleiku``, ``Từ Sơn``) in the article's provinces, where nothing else is."""
    out: list[Mention] = []
    if not ctx.provinces:
        return out  # no province of the article: no district may be named alone
    of_field = _by_field(mentions)
    provinces = set(ctx.provinces)
    firsts = au.units_by_name()["district"].firsts
    for ft in fields:
        hits = ft.present(firsts)  # only a district's first word can start one
        if not hits:
            continue
        taken = [False] * len(ft.words)
        for m in of_field.get(ft.name, []):
            for k in range(m.i, m.j):
                taken[k] = True
        resume = 0
        for i in ft.positions(hits):
            if i < resume or taken[i] or not ft.caps[i]:
                continue
            end = i
            while end < len(ft.words) and not taken[end] and ft.caps[end] and end - i < 4:
                end += 1
            for stop in range(end, i, -1):
                found = places.match_bare_district(ft, i, stop, provinces)
                if found is not None:
                    out.append(found)
                    resume = found.j
                    break
    return out


def _unit_named(m: Mention, ctx: places.PlaceContext) -> bool:
    """Turn a two-word 'person' named without a title or honorific into the place it is when a district or
    commune of the article's provinces bears that name (``Hà Đông``, ``Yên Nghĩa``, ``Kim Mã`` in a Hà Nội
    story); whether it did."""
    if m.type != "PER" or m.cued or m.text.count(" ") != 1 or not ctx.provinces:
        return False
    for level in ("district", "commune"):
        units = [u for u in au.units_by_name()[level].get(key_of(m.text), []) if u.province in ctx.provinces]
        if units:
            m.type, m.kind, m.units, m.canonical = "LOC", level, units, units[0].name
            return True
    return False


def _by_field(mentions: list[Mention]) -> dict[str, list[Mention]]:
    """Mentions grouped by field name, each group in the order of ``mentions``."""
    out: dict[str, list[Mention]] = {}
    for m in mentions:
        out.setdefault(m.field, []).append(m)
    return out


def _drop_person_places(mentions: list[Mention]) -> list[Mention]:
    """A 'person' whose text is elsewhere written as a typed place (``xã Mai Phụ``) is that place."""
    typed_names = {m.text.split(" ", 1)[-1] for m in mentions if m.type == "LOC" and " " in m.text}
    return [m for m in mentions if not (m.type == "PER" and m.text in typed_names)]


def _positions(
    found: list[tuple[Mention, Any]], date: str | None, committee: str = ""
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    titles = {(p.canonical, post.title) for p, post in found}
    # an organ written out ("Chủ tịch UBND TP") drops a colloquial form of the post ("Chủ tịch Hà Nội")
    written = {
        (p.canonical, post.organization.canonical) for p, post in found if post.organization is not None
    }
    for person, post in found:
        key = (person.canonical, post.title)
        # a bare repeat ("Thứ trưởng") of a title also written in full ("Thứ trưởng Bộ Công Thương")
        fuller = any(n == person.canonical and t.startswith(post.title + " ") for n, t in titles)
        colloquial = post.organization is None and (person.canonical, post.unit) in written
        if key in seen or fuller or colloquial:
            continue
        seen.add(key)
        out.append(position_record(person, post, date, _province_of, committee))
    return out


def enrich_article(article: Article) -> Article:
    """Fill ``entities``, ``positions`` and ``events`` of a record."""
    mentions, positions, events = analyse(article)
    article.entities = [m.entity() for m in mentions]
    article.positions = [Position.from_dict(p) for p in positions]
    article.events = [Event.from_dict(e) for e in events]
    return article
