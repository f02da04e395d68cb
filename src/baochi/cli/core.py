"""Core commands: ingest, extract, search, show, stats. Thin: parse, call the library, print."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from baochi.cli.args import UsageError, add_db, check_inputs, encoding, err, field_role, steps
from baochi.cli.engine import (
    add_engine_options,
    add_output_options,
    ray_extract,
    record_output,
    write_records,
)
from baochi.cli.progress import InputBar, bar, input_files
from baochi.errors import BaochiError
from baochi.model import Article
from baochi.pipeline import Counters


def reader_options(p: argparse.ArgumentParser, default_steps: str = "all") -> None:
    """The options of every command that reads inputs."""
    p.add_argument(
        "--field",
        action="append",
        type=field_role,
        default=[],
        metavar="ROLE=NAME",
        help="field name of a JSON/JSONL/Parquet dump for a role (text, title, lead, url, date, authors,"
        " outlet, section, tags, html); repeatable",
    )
    p.add_argument("--encoding", type=encoding, help="force the character set of text and HTML inputs")
    p.add_argument(
        "--outlet",
        dest="default_outlet",
        metavar="NAME",
        help="outlet of inputs that name none (a name or a domain)",
    )
    p.add_argument(
        "--date",
        type=default_date_arg,
        metavar="DATE",
        help="publication date of inputs that carry none (YYYY-MM-DD[THH:MM])",
    )
    p.add_argument(
        "--follow-symlinks",
        action="store_true",
        help="follow symbolic links in folders and globs that point out of the inputs named",
    )
    p.add_argument(
        "--steps",
        type=steps,
        default=default_steps,  # argparse runs string defaults through `type` too: always a list
        metavar="LIST",
        help=f"record steps after extraction: all, none (extraction only, fastest), or a comma list of"
        f" lang, enrich (default {default_steps})",
    )
    p.add_argument("--strict", action="store_true", help="stop at the first input that fails")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    add_engine_options(p)


def default_date_arg(value: str) -> str:
    """``--date``: a date or time the records can carry."""
    from baochi.ingest.options import default_date

    if default_date(value) is None:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD or YYYY-MM-DDTHH:MM, got {value!r}")
    return value


def reader_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments of ``baochi.read`` / ``Store.ingest`` given on the command line."""
    return {
        "steps": args.steps,
        "fields": dict(args.field),
        "encoding": args.encoding,
        "outlet": args.default_outlet,
        "date": args.date,
        "follow_symlinks": args.follow_symlinks,
        "strict": args.strict,
        "workers": args.workers,
        "time_limit": args.time_limit,
    }


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the core commands to the ``baochi`` parser."""
    p = sub.add_parser(
        "ingest", help="read, extract, enrich, cluster and store inputs (files, folders, globs)"
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, globs; - reads stdin")
    add_db(p)
    reader_options(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("extract", help="extract records as JSON lines, without storing them")
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, globs; - reads stdin")
    p.add_argument(
        "-o",
        "--output",
        default="-",
        metavar="FILE",
        help="output file (default stdout); DIR/ (trailing slash, or --engine ray): shards DIR/part-NNNNN",
    )
    reader_options(p)
    add_output_options(p)
    p.set_defaults(func=cmd_extract)

    from baochi.cli.args import positive

    p = sub.add_parser("search", help="ranked, accent-insensitive full-text search")
    p.add_argument("query", metavar="QUERY", help='words and "quoted phrases"; diacritics optional')
    add_db(p)
    p.add_argument("--limit", type=positive, default=10, help="number of hits (default 10)")
    p.add_argument("--outlet", help="only this outlet: name, abbreviation or domain")
    p.add_argument("--since", metavar="DATE", help="published on or after YYYY[-MM[-DD]]")
    p.add_argument("--until", metavar="DATE", help="published on or before YYYY[-MM[-DD]]")
    p.add_argument("--entity", metavar="ID", help="only records naming this entity (ids: baochi entities)")
    p.add_argument("--json", action="store_true", help="one JSON object per hit")
    p.add_argument(
        "--all", action="store_true", help="every copy of a story (default: one hit per story cluster)"
    )
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("show", help="one stored record, with the other copies of its story")
    p.add_argument("id", metavar="ID", help="record id (or a unique prefix of 6+ characters)")
    add_db(p)
    p.add_argument("--json", action="store_true", help="the record in its JSON form")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("stats", help="what the store holds: counts by outlet, month and page type")
    add_db(p)
    p.add_argument("--json", action="store_true", help="as one JSON object")
    p.set_defaults(func=cmd_stats)


def open_store(path: str, *, create: bool = False) -> Any:
    """``baochi.Store`` of ``--db`` (BaochiError when it cannot be opened)."""
    from baochi.corpus import Store

    return Store(path, create=create)


def progress_paths(paths: list[str], quiet: bool, desc: str) -> tuple[Iterable[str], Any]:
    """The inputs to read and a bar over their bytes (total and ETA, moving record by record inside a
    big file) when standard error is a terminal; otherwise the paths as given and a disabled bar."""
    if quiet or not sys.stderr.isatty():
        return paths, bar(total=None, desc=desc, quiet=True)
    files, total = input_files(paths)
    progress = InputBar(bar(total=total, desc=desc, quiet=False, unit="B"), files)
    return progress.paths(), progress


def counts_postfix(progress: Any, counters: Counters) -> Callable[..., None]:
    """A callback (called once per record) moving the bar and showing documents read, stored, skipped
    and failed beside it."""

    def show(*_: object) -> None:
        if isinstance(progress, InputBar):
            progress.advance()
        c = counters.counts
        shown = {"docs": c["read.documents"]}
        if "store.new" in c or "store.updated" in c:  # only a run into the store stores
            shown["stored"] = c["store.new"] + c["store.updated"]
        shown["skipped"] = sum(n for k, n in c.items() if k.startswith("skip."))
        shown["errors"] = len(counters.errors)
        progress.set_postfix(shown, refresh=False)

    return show


def remove_store(path: str) -> None:
    """Remove a store file and its write-ahead log files (a store this run created and left empty)."""
    for name in (path, f"{path}-wal", f"{path}-shm", f"{path}-journal"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(name)


def until_failure(records: Iterable[Article]) -> Iterator[Article]:
    """The records up to the first failure of a --strict run (reported in the summary)."""
    try:
        yield from records
    except BaochiError:
        return


def cmd_ingest(args: argparse.Namespace) -> int:
    """``baochi ingest``."""
    from baochi.pipeline import summary_lines

    check_inputs(args.paths)
    paths, progress = progress_paths(args.paths, args.no_progress, "ingest")
    counters = Counters()
    show = counts_postfix(progress, counters)
    created = not os.path.lexists(args.db)
    try:
        with open_store(args.db, create=True) as store:
            store.ingest(paths, **reader_kwargs(args), counters=counters, progress=show)
    except BaochiError as exc:
        err(str(exc))
        return 2
    finally:
        progress.close()
        if created and not counters.counts["store.new"] + counters.counts["store.updated"]:
            remove_store(args.db)  # nothing could be stored: no new empty store left behind
    for line in summary_lines(counters):
        print(line, file=sys.stderr)
    if not counters.counts["read.documents"] and not counters.errors:
        err("warning: no documents found in the inputs")
    if created and not os.path.lexists(args.db):
        err(f"nothing stored: {args.db} was not created")
    if args.strict and counters.errors:
        print("stopped at the first failure (--strict)", file=sys.stderr)
    return 1 if counters.errors else 0


def cmd_extract(args: argparse.Namespace) -> int:
    """``baochi extract``."""
    from baochi.api import read
    from baochi.pipeline import summary_lines

    check_inputs(args.paths)
    if args.engine == "ray":
        return ray_extract(args)
    with record_output(args) as out:  # checked and opened before any work
        paths, progress = progress_paths(args.paths, args.no_progress, "extract")
        records = read(paths, **reader_kwargs(args), on_error=lambda message: None)
        show = counts_postfix(progress, records.counters)

        def counted(articles: Iterable[Article]) -> Iterable[Article]:
            for article in articles:
                show()
                yield article

        try:
            write_records(counted(until_failure(records)), out)
        finally:
            progress.close()
    for line in summary_lines(records.counters):
        print(line, file=sys.stderr)
    if args.strict and records.errors:
        print("stopped at the first failure (--strict)", file=sys.stderr)
    return 1 if records.errors else 0


def cmd_search(args: argparse.Namespace) -> int:
    """``baochi search``."""
    with open_store(args.db) as store:
        hits = store.search(
            args.query,
            limit=args.limit,
            outlet=args.outlet,
            since=args.since,
            until=args.until,
            entity=args.entity,
            collapse=not args.all,
        )
    for i, hit in enumerate(hits, 1):
        if args.json:
            print(json.dumps(hit.to_json(), ensure_ascii=False))
            continue
        outlet = hit.outlet["name"] if hit.outlet else "?"
        print(f"{i:>2}. {hit.title or '(no title)'}")
        print(f"    {outlet} · {hit.published_at or 'undated'} · {hit.id} · score {hit.score:.2f}")
        if hit.copies > 1:
            print(f"    {hit.copies} copies: {', '.join(hit.outlets) or 'outlets unknown'}")
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
    with open_store(args.db) as store:
        article = store.get(args.id)
        others = store.copies(article.id) if article is not None else []
    if article is None:
        err(f"no record with id {args.id!r}")
        return 1
    if args.json:
        print(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))
        return 0
    sys.stdout.write(format_article(article))
    if others:
        print(f"\nother copies ({len(others)}):")
        for o in others:
            sim = "original" if o.canonical else f"similarity {o.similarity:.2f}" if o.similarity else ""
            print(f"  {o.id}  {o.outlet or '?'} · {o.published_at or 'undated'} · {sim} · {o.title or ''}")
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
    with open_store(args.db) as store:
        stats = store.stats()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False))
    else:
        sys.stdout.write(format_stats(stats))
    return 0


__all__ = ["UsageError", "format_article", "format_stats", "reader_kwargs", "reader_options", "register"]
