"""Stable ids of entities, and linking persons across articles.

Organisations are identified by their canonical name, places by their pre-2025 unit code (or canonical
name for places that are not Vietnamese units). A person's id is their name plus an *anchor*: the
province of the organisation of their first post in the article (empty for national organs), else the
article's main province for a person named without a post. So the Bến Tre ``Nguyễn Văn Tuấn`` who is
``Bí thư Thành ủy`` and a Hà Nội namesake get different ids, while a minister keeps one id whatever the
story's province. ``link_people`` merges, across articles, records of one name whose anchors agree or
whose posts share an organisation, and builds each person's timeline of posts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from baochi.enrich.lexicon import family_names
from baochi.enrich.mentions import Mention
from baochi.enrich.post_variants import merge_posts
from baochi.model import stable_id

_stable_id = lru_cache(maxsize=1 << 16)(stable_id)  # entities recur: hash each key once


def person_anchor(found: list[tuple[Mention, Any]], ctx: Any) -> dict[str, str]:
    """Anchor of each person of an article (see the module docstring)."""
    anchors: dict[str, str] = {}
    for person, post in found:
        if person.canonical in anchors:
            continue
        org = post.organization
        if org is not None:
            anchors[person.canonical] = org.province
        elif post.place is not None:
            anchors[person.canonical] = post.place.province or post.place.canonical
    # a person named without a post is one person across a store: the story's province says nothing of
    # who they are (a minister named in a Hà Nội story and in a Đà Nẵng story), only a post's organ does
    anchors.setdefault("", "")
    return anchors


def entity_id(m: Mention, anchors: dict[str, str]) -> str:
    """The stable id of a mention's entity."""
    if m.type == "PER":
        name = m.person or m.canonical
        # a foreign name is one person wherever the story is set (a province tells Vietnamese namesakes
        # apart; it says nothing of Donald Trump)
        vietnamese = name.split(" ")[0] in family_names()
        anchor = anchors.get(name, anchors.get("", "")) if vietnamese else ""
        return _stable_id(f"PER|{name}|{anchor}")
    if m.type == "LOC" and m.admin is not None:
        return _stable_id(f"LOC|vn|{m.admin['level']}|{m.admin['code']}")
    return _stable_id(f"{m.type}|{m.canonical}")


@dataclass(slots=True)
class Person:
    """One real person as linked across articles."""

    id: str
    name: str
    ids: set[str] = field(default_factory=set)
    posts: list[dict[str, Any]] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)

    def timeline(self) -> list[dict[str, Any]]:
        """Posts by title and organisation, with the first and last article dates that state them;
        variants of one post (spellings, short forms, typos of its organ) merged into one item."""
        spans: dict[tuple[str, str | None], dict[str, Any]] = {}
        for p in self.posts:
            key = (p["title"], p.get("organization"))
            item = spans.setdefault(
                key,
                {
                    "title": p["title"],
                    "organization": p.get("organization"),
                    "place": p.get("place"),
                    "first": p.get("date"),
                    "last": p.get("date"),
                    "articles": [],
                    "count": 0,
                },
            )
            item["count"] += 1
            d = p.get("date")
            if d and (item["first"] is None or d < item["first"]):
                item["first"] = d
            if d and (item["last"] is None or d > item["last"]):
                item["last"] = d
            if p.get("article") and p["article"] not in item["articles"]:
                item["articles"].append(p["article"])
        return sorted(merge_posts(list(spans.values())), key=lambda s: (s["first"] or "", s["title"]))


def link_people(records: Iterable[tuple[str, str, str, list[dict[str, Any]]]]) -> list[Person]:
    """Merge (article id, person id, name, posts) records into persons.

    Records of one name are merged when their ids are equal, or when their posts name a common
    organisation (the same office holder seen from two provinces' stories).
    """
    by_name: dict[str, list[tuple[str, str, list[dict[str, Any]]]]] = defaultdict(list)
    for article, pid, name, posts in records:
        by_name[name].append((article, pid, posts))
    for short, full in _short_names(by_name).items():
        ids = {pid for _, pid, _ in by_name[full]}
        moved = by_name.pop(short)
        if len(ids) == 1:  # one person of that full name in the store: the short form is them
            (pid,) = ids
            moved = [(article, pid, posts) for article, _, posts in moved]
        by_name[full] += moved
    people: list[Person] = []
    for name, items in by_name.items():
        groups: list[Person] = []
        for article, pid, posts in items:
            orgs = {p.get("organization") for p in posts if p.get("organization")}
            target = next(
                (g for g in groups if pid in g.ids or orgs & {p.get("organization") for p in g.posts}), None
            )
            if target is None:
                target = Person(id=pid, name=name)
                groups.append(target)
            target.ids.add(pid)
            target.articles.add(article)
            target.posts += [{**p, "article": article} for p in posts]
        people += _attach_weak(groups)
    return people


DOMINANT = 5  # a full name named in this many times the articles of any other with the same tail


def _short_names(by_name: dict[str, list[tuple[str, str, list[dict[str, Any]]]]]) -> dict[str, str]:
    """Names written without their family name (``Hữu Thắng``) that end one full name of the store
    (``Nguyễn Hữu Thắng``): that person, as an article naming both says (see persons.merge_partial_names).
    When several full names end with it, the one named in ``DOMINANT`` times the articles of each other
    (a coach in 45 stories, a namesake in 2); with no such one, which is meant is unknown."""
    fulls: dict[str, list[str]] = defaultdict(list)
    names = list(by_name)
    for name in names:
        parts = name.split(" ")
        if parts[0] in family_names() and len(parts) >= 3:
            fulls[" ".join(parts[1:])].append(name)
            if len(parts) >= 4:
                fulls[" ".join(parts[2:])].append(name)
    out: dict[str, str] = {}
    for name in names:
        if " " not in name or name.split(" ")[0] in family_names() or name not in fulls:
            continue
        ranked = sorted(fulls[name], key=lambda f: -len({a for a, _, _ in by_name[f]}))
        first = len({a for a, _, _ in by_name[ranked[0]]})
        second = len({a for a, _, _ in by_name[ranked[1]]}) if len(ranked) > 1 else 0
        if first >= DOMINANT * second:
            out[name] = ranked[0]
    return out


def _attach_weak(groups: list[Person]) -> list[Person]:
    """Records of a name that state no organisation (no post, or a bare ``Chủ tịch``) say nothing that
    tells namesakes apart: they join the one group of that name that names an organisation, when there is
    exactly one (with several, which namesake they are is unknown and they stay apart)."""
    strong = [g for g in groups if any(p.get("organization") for p in g.posts)]
    if len(strong) != 1:
        return groups
    (keep,) = strong
    for g in groups:
        if g is not keep:
            keep.ids |= g.ids
            keep.articles |= g.articles
            keep.posts += g.posts
    return [keep]
