"""``baochi export [--db] [--query Q] [filters] [--format jsonl|csv|parquet] -o FILE [--fields a,b]``:
stored records to a file (or a directory of shards), streamed a chunk at a time, through the same writers
as ``extract`` and ``dedup``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator

from baochi.cli.args import add_db
from baochi.errors import BaochiError
from baochi.model import Article

# Records read from the store at a time.
CHUNK = 500


def _fields(value: str) -> list[str]:
    return [f.strip() for f in value.split(",") if f.strip()]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``baochi export`` to the parser."""
    what = "stored records to JSON lines, CSV or Parquet (all, or those a query and filters match)"
    p = sub.add_parser("export", help=what, description=f"Write {what}, streamed.")
    add_db(p)
    p.add_argument("-q", "--query", metavar="Q", help="only records matching this search query")
    p.add_argument("--outlet", help="only this outlet: name, abbreviation or domain")
    p.add_argument("--since", metavar="DATE", help="published on or after YYYY[-MM[-DD]]")
    p.add_argument("--until", metavar="DATE", help="published on or before YYYY[-MM[-DD]]")
    p.add_argument("--entity", metavar="ID", help="only records naming this entity (ids: baochi entities)")
    p.add_argument(
        "--format",
        choices=["jsonl", "csv", "parquet"],
        type=str.lower,
        help="default: from -o's suffix, else jsonl",
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="output file (- for stdout, not Parquet); DIR/ (trailing slash): shards DIR/part-NNNNN",
    )
    p.add_argument("--fields", type=_fields, metavar="A,B", help="only these record fields, in this order")
    p.set_defaults(func=cmd_export)


def _selected(args: argparse.Namespace) -> Iterator[Article]:
    """The records to export, a chunk at a time: all in storage order, or the matches newest first."""
    from baochi.store import Store

    if not (args.query or args.outlet or args.since or args.until or args.entity):
        with Store(args.db, create=False) as store:
            for chunk in store.iter_chunks(CHUNK):
                yield from (a for _, a in chunk)
        return
    from baochi.search.stories import StoryQuery
    from baochi.store.queries import Reader

    reader = Reader(args.db)
    sq = StoryQuery(
        q=args.query or "", outlet=args.outlet, since=args.since, until=args.until, entity=args.entity
    )
    rows = reader.export_rows(sq)
    store = reader.store()
    for start in range(0, len(rows), CHUNK):
        nums = rows[start : start + CHUNK]
        records = store.get_many(nums)
        yield from (records[n] for n in nums if n in records)


def cmd_export(args: argparse.Namespace) -> int:
    """``baochi export``."""
    from baochi.writers.files import FileWriter, guess_format

    try:
        from baochi.store import Store

        Store(args.db, create=False).close()  # a missing store fails before the output is made
        writer = FileWriter(args.output, guess_format(args.output, args.format), fields=args.fields)
        try:
            for article in _selected(args):
                writer.add(article.to_dict())
        finally:
            writer.close()
    except BaochiError as exc:
        print(f"baochi: {exc}", file=sys.stderr)
        return 2
    print(f"exported: {writer.written} records", file=sys.stderr)
    return 0
