"""``baochi people``, ``baochi person``, ``baochi entities``: public affairs over the store."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from baochi.enrich.linking import Person, link_people
from baochi.errors import BaochiError
from baochi.lang.fold import fold_key
from baochi.store import DEFAULT_DB, Store


def _db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=DEFAULT_DB, help=f"database file (default ./{DEFAULT_DB})")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the entity commands."""
    p = sub.add_parser("people", help="persons with their posts over time and article counts")
    p.add_argument("--name", help="only names containing TEXT (diacritics optional)")
    p.add_argument("--json", action="store_true", help="one JSON object per person")
    _db(p)
    p.set_defaults(func=cmd_people)
    p = sub.add_parser("person", help="one person's timeline of posts with the articles that state them")
    p.add_argument("who", metavar="NAME_OR_ID", help="a person id, or a name (diacritics optional)")
    p.add_argument("--json", action="store_true", help="as JSON")
    _db(p)
    p.set_defaults(func=cmd_person)
    p = sub.add_parser("entities", help="entities by number of articles naming them")
    p.add_argument("--type", choices=["PER", "ORG", "LOC"], help="only this type")
    p.add_argument("--top", type=int, default=20, help="how many (default 20)")
    p.add_argument("--json", action="store_true", help="one JSON object per entity")
    _db(p)
    p.set_defaults(func=cmd_entities)


def _people(db: str) -> list[Person]:
    with Store(db, create=False) as store:
        return link_people(store.entities.person_records())


def person_json(p: Person) -> dict[str, Any]:
    """The JSON form of a linked person."""
    return {
        "id": p.id,
        "name": p.name,
        "ids": sorted(p.ids),
        "articles": len(p.articles),
        "posts": p.timeline(),
    }


def _span(item: dict[str, Any]) -> str:
    first, last = item["first"], item["last"]
    if not first:
        return "undated"
    return first if first == last else f"{first} – {last}"


def cmd_people(args: argparse.Namespace) -> int:
    """``baochi people``."""
    try:
        people = _people(args.db)
    except BaochiError as exc:
        print(f"baochi: {exc}", file=sys.stderr)
        return 2
    if args.name:
        key = fold_key(args.name)
        people = [p for p in people if key in fold_key(p.name)]
    people.sort(key=lambda p: (-len(p.articles), p.name))
    for p in people:
        if args.json:
            print(json.dumps(person_json(p), ensure_ascii=False))
            continue
        print(f"{p.name}  ({len(p.articles)} article{'s' if len(p.articles) != 1 else ''}, id {p.id})")
        for item in p.timeline():
            org = f" — {item['organization']}" if item["organization"] else ""
            print(f"    {_span(item)}: {item['title']}{org}")
    return 0


def cmd_person(args: argparse.Namespace) -> int:
    """``baochi person``."""
    try:
        people = _people(args.db)
    except BaochiError as exc:
        print(f"baochi: {exc}", file=sys.stderr)
        return 2
    key = fold_key(args.who)
    found = [p for p in people if args.who in p.ids] or [p for p in people if fold_key(p.name) == key]
    if not found:
        print(f"baochi: no person {args.who!r}", file=sys.stderr)
        return 1
    for p in found:
        if args.json:
            print(json.dumps(person_json(p), ensure_ascii=False))
            continue
        print(f"{p.name}  (id {p.id}; {len(p.articles)} articles)")
        for item in p.timeline():
            org = f" — {item['organization']}" if item["organization"] else ""
            place = f" ({item['place']})" if item["place"] else ""
            print(f"  {_span(item)}: {item['title']}{org}{place}")
            for article in item["articles"]:
                print(f"      {article}")
    return 0


def cmd_entities(args: argparse.Namespace) -> int:
    """``baochi entities``."""
    try:
        with Store(args.db, create=False) as store:
            rows = store.entities.top(args.type, args.top)
    except BaochiError as exc:
        print(f"baochi: {exc}", file=sys.stderr)
        return 2
    for row in rows:
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(f"{row['articles']:>5}  {row['type']}  {row['canonical']}  [{row['id']}]")
    return 0
