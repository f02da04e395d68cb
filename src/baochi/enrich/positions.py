"""Posts: the titles, ranks and degrees written next to a person's name, one record per title.

Titles come before the name (``Bí thư Thành ủy Nguyễn Văn Tuấn``, ``Thượng tướng GS.TS Tô Lâm``) or after
it behind a comma, dash or bracket (``ông Lê Hồng Thắng, Giám đốc Cảng vụ …``). One person holding several
posts gets one record each (``Ủy viên Bộ Chính trị, Bộ trưởng Bộ Công an``, ``Chủ tịch HĐQT kiêm Giám đốc
…``). A title's organisation is the organisation written after it (its canonical name, with the place the
article resolves), else the one the title implies (``Thủ tướng`` -> ``Chính phủ``); ``nguyên`` / ``cựu``
(former) are kept in the title, ``tân`` (newly appointed) is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from baochi.enrich.lexicon import family_names, key_of, organs, sectors, titles
from baochi.enrich.mentions import FieldText, Mention
from baochi.enrich.persons import title_at

HONORIFIC = {"ông", "bà"}
PLURAL = {"các", "những", "hai", "ba"}
FORMER = {"nguyên", "cựu", "Nguyên", "Cựu"}
CHAIN = {", ", " kiêm ", ", kiêm ", " và ", " - ", " – "}  # between two titles of one person
AFTER_NAME = {", ", " - ", " – ", " (", ": - ", " là "}  # between a name and the titles that follow it


@dataclass(slots=True)
class Post:
    """One title as written, with the organisation and place it names."""

    i: int
    j: int
    title: str
    kind: str
    organization: Mention | None
    place: Mention | None
    implied: str


def _post_at(ft: FieldText, i: int, starts: dict[int, Mention]) -> Post | None:
    """A title at token i (optionally after ``nguyên``/``cựu``) with what completes it."""
    words = ft.words
    k = i
    if words[k] in FORMER or words[k] == "tân":
        k += 1
        if k >= len(words):
            return None
    n = title_at(ft, k)
    if not n:
        return None
    title = titles()[tuple(words[k : k + n])]
    start = i if words[i] in FORMER else k
    end = k + n
    org: Mention | None = None
    place: Mention | None = None
    if end < len(words) and ft.gap(end) == " " and title.kind == "post":
        nxt = starts.get(end)
        if nxt is not None and nxt.type == "ORG":
            org, end = nxt, nxt.j
        elif nxt is not None and nxt.type == "LOC":
            place, end = nxt, nxt.j
        else:
            m = _sector_len(ft, end)  # "Bộ trưởng Quốc phòng Mỹ"
            if m:
                end += m
                nxt = starts.get(end)
                if nxt is not None and nxt.type == "LOC" and ft.gap(end) == " ":
                    place, end = nxt, nxt.j
    # "Đại sứ Mỹ tại Campuchia": the post's seat after tại/ở
    if place is not None and end + 1 < len(words) and words[end] in ("tại", "ở") and ft.gap(end) == " ":
        seat = starts.get(end + 1)
        if seat is not None and seat.type in ("LOC", "ORG"):
            end = seat.j
    text = ft.text[ft.starts[start] : ft.ends[end - 1]]
    # "Thị trưởng thành phố Mosul của Iraq Hussein al-Hajem": the country is not part of the title
    if (place or org) is not None and end + 1 < len(words) and words[end] == "của" and ft.gap(end) == " ":
        owner = starts.get(end + 1)
        if owner is not None and owner.type == "LOC" and owner.kind == "country":
            end = owner.j
    return Post(start, end, text, title.kind, org, place, title.organization)


def _sector_len(ft: FieldText, k: int) -> int:
    for n in range(min(6, len(ft.words) - k), 0, -1):
        if tuple(ft.words[k : k + n]) in sectors() and ft.joined(k, k + n):
            return n
    return 0


def _chain(ft: FieldText, i: int, starts: dict[int, Mention]) -> list[Post]:
    """Titles one after another from token i, joined by commas, ``kiêm`` or nothing."""
    posts: list[Post] = []
    k = i
    while k < len(ft.words):
        post = _post_at(ft, k, starts)
        if post is None:
            break
        posts.append(post)
        k = post.j
        if k + 1 < len(ft.words) and ft.words[k] == "kiêm" and ft.gap(k) in (" ", ", "):
            k += 1  # "Chủ tịch HĐQT kiêm Giám đốc …": two posts
        more = k < len(ft.words) and (ft.gap(k) in CHAIN or ft.gap(k) == " ")
        former = more and ft.words[k] in FORMER and k + 1 < len(ft.words) and title_at(ft, k + 1)
        if more and (title_at(ft, k) or former):
            continue
        break
    return posts


@cache
def _title_firsts() -> frozenset[str]:
    return frozenset({k[0] for k in titles()} | FORMER | {"tân"})


def find_posts(ft: FieldText, mentions: list[Mention]) -> list[tuple[Mention, Post]]:
    """(person, post) pairs of a field."""
    starts: dict[int, Mention] = {}
    for m in mentions:
        if m.field == ft.name and (m.i not in starts or m.j > starts[m.i].j):
            starts[m.i] = m
    persons = [m for m in mentions if m.field == ft.name and m.type == "PER"]
    by_start = {p.i: p for p in persons}
    out: list[tuple[Mention, Post]] = []
    used: set[int] = set()
    # titles before a name
    k = 0
    firsts = _title_firsts()
    while k < len(ft.words):
        if ft.words[k] not in firsts:
            k += 1
            continue
        chain = _chain(ft, k, starts)
        if not chain:
            k += 1
            continue
        end = chain[-1].j
        person = by_start.get(end)
        if person is None and end + 1 < len(ft.words) and ft.words[end] in HONORIFIC and ft.gap(end) == " ":
            person = by_start.get(end + 1)  # "Đại sứ Mỹ tại Campuchia ông William Heidt"
            end += 1
        if person is not None and ft.gap(end) == " ":
            out += [(person, post) for post in chain]
            used.add(person.i)
            # "các tổng thống Abraham Lincoln, James Garfield và William McKinley": one title, several holders
            if chain[0].i > 0 and ft.words[chain[0].i - 1].lower() in PLURAL:
                nxt = person
                while nxt.j < len(ft.words) and ft.gap(nxt.j) in (", ", " và ") and nxt.j in by_start:
                    nxt = by_start[nxt.j]
                    out += [(nxt, post) for post in chain]
        k = end
    # titles after a name
    for p in persons:
        if p.j < len(ft.words) and ft.gap(p.j) in AFTER_NAME:
            chain = _chain(ft, p.j, starts)
            # titles that run into the next name are that person's ("A, Chủ nhiệm … Nguyễn Chí Thanh")
            if chain and chain[-1].j in by_start and ft.gap(chain[-1].j) == " ":
                continue
            out += [(p, post) for post in chain]
    return out


def position_record(person: Mention, post: Post, date: str | None, province_of: Any) -> dict[str, Any]:
    """The ``positions`` record of one post of a person."""
    implied = organs().get(key_of(post.implied)) if post.implied else None
    org = post.organization.canonical if post.organization is not None else None
    if org is None and post.implied and person.canonical.split(" ")[0] in family_names():
        # implied organs are Vietnamese ("Thủ tướng" -> Chính phủ); not for "Thủ tướng Hun Sen"
        org = implied[1] if implied else post.implied
    place = None
    for m in (post.organization, post.place):
        if m is not None and place is None:
            place = province_of(m)
    return {
        "person": person.canonical,
        "title": post.title,
        "organization": org,
        "place": place,
        "date": date,
        "person_id": person.id,
        "field": person.field,
        "start": person.start,
    }
