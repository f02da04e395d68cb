"""``baochi people``, ``baochi person``, ``baochi entities``: public affairs over the store."""

from __future__ import annotations

import argparse
import json
from typing import Any

from baochi.cli.args import add_db, err, positive
from baochi.cli.core import open_store
from baochi.corpus import ENTITY_TYPES
from baochi.enrich.linking import Person


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the entity commands."""
    p = sub.add_parser("people", help="persons with their posts over time and article counts")
    p.add_argument("--name", help="only names containing TEXT (diacritics optional)")
    p.add_argument(
        "--limit", type=positive, default=50, help="how many persons, most written about first (default 50)"
    )
    p.add_argument("--json", action="store_true", help="one JSON object per person")
    add_db(p)
    p.set_defaults(func=cmd_people)
    p = sub.add_parser(
        "person", help="one person's timeline of posts, with the dated articles that state them"
    )
    p.add_argument("who", metavar="NAME_OR_ID", help="a person id, or a name (diacritics optional)")
    p.add_argument("--json", action="store_true", help="as JSON")
    add_db(p)
    p.set_defaults(func=cmd_person)
    p = sub.add_parser("entities", help="entities by number of articles naming them")
    p.add_argument(
        "--type", type=str.upper, choices=ENTITY_TYPES, help="only this type: PER, ORG or LOC (any case)"
    )
    p.add_argument("--top", "--limit", type=positive, default=20, dest="top", help="how many (default 20)")
    p.add_argument("--json", action="store_true", help="one JSON object per entity")
    add_db(p)
    p.set_defaults(func=cmd_entities)


# An empty answer said nothing: a store ingested with --steps none (or lang) has no entities at all.
NO_ENTITIES = "no {what} in the store (entities come from the enrich step: baochi ingest --steps all)"


def person_json(p: Person, timeline: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The JSON form of a linked person (``posts``: its timeline)."""
    return {
        "id": p.id,
        "name": p.name,
        "ids": sorted(p.ids),
        "articles": len(p.articles),
        "posts": timeline if timeline is not None else p.timeline(),
    }


def _span(item: dict[str, Any]) -> str:
    first, last = item["first"], item["last"]
    if not first:
        return "undated"
    return first if first == last else f"{first} – {last}"


def _post(item: dict[str, Any]) -> str:
    org = f" — {item['organization']}" if item["organization"] else ""
    place = f" ({item['place']})" if item.get("place") else ""
    return f"{item['title']}{org}{place}"


def cmd_people(args: argparse.Namespace) -> int:
    """``baochi people``."""
    with open_store(args.db) as store:
        people = store.people(args.name)
    shown = people[: args.limit]
    for p in shown:
        if args.json:
            print(json.dumps(person_json(p), ensure_ascii=False))
            continue
        print(f"{p.name}  ({len(p.articles)} article{'s' if len(p.articles) != 1 else ''}, id {p.id})")
        for item in p.timeline():
            print(f"    {_span(item)}: {_post(item)}")
    if len(people) > len(shown):
        err(f"{len(shown)} of {len(people)} persons shown (--limit N for more, --name to filter)")
    if not people:
        err(f"no person named {args.name!r}" if args.name else NO_ENTITIES.format(what="persons"))
    return 0


def cmd_person(args: argparse.Namespace) -> int:
    """``baochi person``: the posts in time order, each with the dated, titled articles stating it."""
    with open_store(args.db) as store:
        found = [(p, store.timeline(p)) for p in store.person(args.who)]
    if not found:
        err(f"no person {args.who!r} (see baochi people --name TEXT)")
        return 1
    for p, timeline in found:
        if args.json:
            print(json.dumps(person_json(p, timeline), ensure_ascii=False))
            continue
        n = len(p.articles)
        print(f"{p.name}  (id {p.id}; {n} article{'s' if n != 1 else ''})")
        for item in timeline:
            print(f"  {_span(item)}: {_post(item)}")
            for s in item["stated_in"]:
                outlet = f" · {s['outlet']}" if s["outlet"] else ""
                date = (s["published_at"] or "undated")[:10]
                print(f"      {date}  {s['title'] or '(no title)'}{outlet}  [{s['id']}]")
    return 0


def cmd_entities(args: argparse.Namespace) -> int:
    """``baochi entities``."""
    with open_store(args.db) as store:
        rows = store.top_entities(args.type, limit=args.top)
    for row in rows:
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(f"{row['articles']:>5}  {row['type']}  {row['canonical']}  [{row['id']}]")
    if not rows:
        err(NO_ENTITIES.format(what=f"{args.type.upper()} entities" if args.type else "entities"))
    return 0
