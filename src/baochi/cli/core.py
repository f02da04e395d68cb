"""Core commands: ingest, extract, search, show, stats. Thin: parse, call the library, print."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from baochi.cli.engine import add_engine_options, records_of
from baochi.errors import BaochiError
from baochi.ingest.options import ReadOptions
from baochi.model import Article
from baochi.pipeline import Counters, Step
from baochi.store import DEFAULT_DB


def _field(value: str) -> tuple[str, str]:
    role, sep, name = value.partition("=")
    if not sep or not role.strip() or not name.strip():
        raise argparse.ArgumentTypeError(f"expected ROLE=NAME (e.g. text=maintext), got {value!r}")
    return role.strip(), name.strip()


def _reader_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--field",
        action="append",
        type=_field,
        default=[],
        metavar="ROLE=NAME",
        help="field name of a JSON/JSONL/Parquet dump for a role (text, title, url, date, authors, ...);"
        " repeatable",
    )
    p.add_argument("--encoding", help="force the character set of text and HTML inputs")
    p.add_argument(
        "--steps",
        type=_steps,
        default="all",  # argparse runs string defaults through `type` too: args.steps is always a list
        metavar="LIST",
        help="record steps after extraction: all (default), none (extraction only, fastest),"
        " or a comma list of lang, enrich",
    )
    add_engine_options(p)


def _steps(value: str) -> tuple[Step, ...]:
    from baochi.pipeline import select_steps

    try:
        return select_steps(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _options(args: argparse.Namespace) -> ReadOptions:
    return ReadOptions(fields=dict(args.field), encoding=args.encoding)


def _db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=DEFAULT_DB, help=f"database file (default ./{DEFAULT_DB})")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the core commands to the ``baochi`` parser."""
    p = sub.add_parser("ingest", help="read, extract and store inputs (files, folders, globs)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    _db(p)
    p.add_argument("--strict", action="store_true", help="stop at the first input that fails")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    _reader_options(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("extract", help="extract records as JSON lines, without storing them")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, globs; - reads stdin")
    p.add_argument("-o", "--output", default="-", metavar="FILE", help="output file (default stdout)")
    p.add_argument("--strict", action="store_true", help="stop at the first input that fails")
    _reader_options(p)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("search", help="ranked, accent-insensitive full-text search")
    p.add_argument("query", metavar="QUERY", help='words and "quoted phrases"; diacritics optional')
    _db(p)
    p.add_argument("--limit", type=int, default=10, help="number of hits (default 10)")
    p.add_argument("--outlet", help="only this outlet: name, abbreviation or domain")
    p.add_argument("--since", metavar="DATE", help="published on or after YYYY[-MM[-DD]]")
    p.add_argument("--until", metavar="DATE", help="published on or before YYYY[-MM[-DD]]")
    p.add_argument("--entity", metavar="ID", help="only records naming this entity (ids: baochi entities)")
    p.add_argument("--json", action="store_true", help="one JSON object per hit")
    p.add_argument(
        "--all", action="store_true", help="every copy of a story (default: one hit per story cluster)"
    )
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("show", help="one stored record")
    p.add_argument("id", metavar="ID", help="record id (or a unique prefix of 6+ characters)")
    _db(p)
    p.add_argument("--json", action="store_true", help="the record in its JSON form")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("stats", help="what the store holds: counts by outlet, month and page type")
    _db(p)
    p.add_argument("--json", action="store_true", help="as one JSON object")
    p.set_defaults(func=cmd_stats)


def _err(message: str) -> None:
    print(f"baochi: {message}", file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    """``baochi ingest``."""
    from tqdm import tqdm

    from baochi.engines.local import LocalExecutor
    from baochi.pipeline import Pipeline, Read, summary_lines
    from baochi.store import Store
    from baochi.writers.store import StoreWriter

    run = LocalExecutor(workers=args.workers, time_limit=args.time_limit, strict=args.strict)
    try:
        store = Store(args.db)
    except BaochiError as exc:
        _err(str(exc))
        return 2
    bar = tqdm(unit=" doc", file=sys.stderr, disable=True if args.no_progress else None, leave=False)

    def tick(counters: Counters) -> None:
        c = counters.counts
        bar.set_postfix(
            stored=c["store.new"] + c["store.updated"],
            skipped=sum(n for k, n in c.items() if k.startswith("skip.")),
            errors=len(counters.errors),
            refresh=False,
        )
        bar.update(1)

    run.progress = tick
    try:
        with store:
            pipeline = Pipeline.of(Read(args.paths, _options(args)), args.steps, StoreWriter(store))
            counters = run.run(pipeline)
    except BaochiError as exc:
        bar.close()
        _err(str(exc))
        return 2
    bar.close()
    for line in summary_lines(counters):
        print(line, file=sys.stderr)
    if args.strict and counters.errors:
        print("stopped at the first failure (--strict)", file=sys.stderr)
    return 1 if counters.errors else 0


@contextmanager
def _output(path: str) -> Iterator[TextIO]:
    if path == "-":
        yield sys.stdout
    else:
        with open(path, "w", encoding="utf-8") as fh:
            yield fh


def cmd_extract(args: argparse.Namespace) -> int:
    """``baochi extract``."""

    counters = Counters()
    records = records_of(args, _options(args), counters)
    with _output(args.output) as out:
        for article in records:
            out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
    for message in counters.errors:
        _err(message)
    return 1 if counters.errors else 0


def cmd_search(args: argparse.Namespace) -> int:
    """``baochi search``."""
    from baochi.search import Filters, search
    from baochi.store import Store

    filters = Filters(outlet=args.outlet, since=args.since, until=args.until, entity=args.entity)
    try:
        with Store(args.db, create=False) as store:
            if args.all:
                hits = search(store, args.query, limit=args.limit, filters=filters)
                shown: list[tuple[Any, int, list[str]]] = [(h, 1, []) for h in hits]
            else:
                from baochi.dedup.stories import collapse

                # ask for more hits than shown: copies of one story collapse into one line
                hits = search(store, args.query, limit=args.limit * 4, filters=filters)
                shown = [
                    (hits[c.hit_index], c.copies, c.outlets)
                    for c in collapse(store, [h.id for h in hits], args.limit)
                ]
    except BaochiError as exc:
        _err(str(exc))
        return 2
    for i, (hit, n_copies, outlets) in enumerate(shown, 1):
        if args.json:
            row = hit.to_json()
            if n_copies > 1:  # a hit standing for a story cluster: how many copies, which outlets
                row["copies"], row["outlets"] = n_copies, outlets
            print(json.dumps(row, ensure_ascii=False))
            continue
        outlet = hit.outlet["name"] if hit.outlet else "?"
        print(f"{i:>2}. {hit.title or '(no title)'}")
        print(f"    {outlet} · {hit.published_at or 'undated'} · {hit.id} · score {hit.score:.2f}")
        if n_copies > 1:
            print(f"    {n_copies} copies: {', '.join(outlets) or 'outlets unknown'}")
        print(f"    {hit.snippet}")
    if not hits and not args.json:
        print("no hits", file=sys.stderr)
    return 0


def format_article(a: Article) -> str:
    """A record as readable text (what ``baochi show`` prints)."""
    lines = [a.title or "(no title)", ""]
    meta: list[tuple[str, Any]] = [
        ("id", a.id),
        ("outlet", f"{a.outlet.name} ({a.outlet.domain})" if a.outlet and a.outlet.domain else a.outlet),
        ("published", a.published_at),
        ("url", a.url),
        ("page type", a.page_type),
        ("authors", ", ".join(a.authors) or None),
        ("byline", a.byline.raw if a.byline else None),
        ("attribution", a.attribution),
        ("dateline", a.dateline.prefix if a.dateline else None),
        ("source", a.source if a.source_offset is None else f"{a.source}:{a.source_offset}"),
    ]
    lines += [f"{k:>11}: {v.name if hasattr(v, 'name') else v}" for k, v in meta if v]
    for paragraph in [a.lead, *a.body]:
        if paragraph:
            lines += ["", paragraph]
    if a.captions:
        lines += ["", "captions:", *(f"  - {c}" for c in a.captions)]
    return "\n".join(lines).rstrip() + "\n"


def cmd_show(args: argparse.Namespace) -> int:
    """``baochi show``."""
    from baochi.store import Store

    try:
        with Store(args.db, create=False) as store:
            article = store.get(args.id)
            others = store.dedup.copies(article.id) if article is not None else []
    except BaochiError as exc:
        _err(str(exc))
        return 2
    if article is None:
        _err(f"no record with id {args.id!r}")
        return 1
    if args.json:
        print(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(format_article(article))
        if others:
            print(f"\nother copies ({len(others)}):")
            for o in others:
                sim = "original" if o.canonical else f"similarity {o.similarity:.2f}" if o.similarity else ""
                print(
                    f"  {o.id}  {o.outlet or '?'} · {o.published_at or 'undated'} · {sim} · {o.title or ''}"
                )
    return 0


def format_stats(stats: dict[str, Any]) -> str:
    """The stats as readable text."""
    mb = stats["raw_bytes"] / 1e6
    lines = [f"documents: {stats['documents']} ({mb:.1f} MB raw)", f"records: {stats['articles']}"]
    for title, key in (
        ("by page type", "by_page_type"),
        ("by outlet", "by_outlet"),
        ("by month", "by_month"),
    ):
        lines.append(f"{title}:")
        lines += [f"  {n:>7}  {k}" for k, n in stats[key].items()]
    return "\n".join(lines) + "\n"


def cmd_stats(args: argparse.Namespace) -> int:
    """``baochi stats``."""
    from baochi.store import Store

    try:
        with Store(args.db, create=False) as store:
            stats = store.stats()
    except BaochiError as exc:
        _err(str(exc))
        return 2
    if args.json:
        print(json.dumps(stats, ensure_ascii=False))
    else:
        sys.stdout.write(format_stats(stats))
    return 0
