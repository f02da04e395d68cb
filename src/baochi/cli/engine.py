"""Options of how a run is executed and where its records go, shared by ``ingest``, ``extract`` and
``dedup``: ``-j/--workers``, ``--time-limit``; ``--format``, ``--engine``, ``--ray-address``; the Ray runs."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from baochi.errors import BaochiError
from baochi.model import Article

if TYPE_CHECKING:
    from baochi.ingest.options import ReadOptions
    from baochi.writers.files import FileWriter


def _workers(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -1
    if n < 0:
        raise argparse.ArgumentTypeError(
            f"expected a number of worker processes (0: every core), got {value!r}"
        )
    return n


def _seconds(value: str) -> float:
    try:
        s = float(value)
    except ValueError:
        s = -1.0
    if not s >= 0:
        raise argparse.ArgumentTypeError(f"expected seconds (0: no limit), got {value!r}")
    return s


def add_engine_options(p: argparse.ArgumentParser) -> None:
    """Add ``-j/--workers`` and ``--time-limit`` to a command."""
    from baochi.engines.local import TIME_LIMIT

    p.add_argument(
        "-j",
        "--workers",
        type=_workers,
        default=0,
        metavar="N",
        help="worker processes for extraction and the steps (default 0: every core; 1: no worker process)",
    )
    p.add_argument(
        "--time-limit",
        type=_seconds,
        default=TIME_LIMIT,
        metavar="SECONDS",
        help=f"time one document may take in extraction and the steps; past it its worker is abandoned and"
        f" the input counted as failed (default {TIME_LIMIT:g}; 0: no limit)",
    )


def add_output_options(p: argparse.ArgumentParser) -> None:
    """Add ``--format``, ``--engine`` and ``--ray-address`` to a command writing records (extract, dedup)."""
    p.add_argument(
        "--format",
        type=str.lower,
        choices=["jsonl", "csv", "parquet"],
        help="output format (default: from -o's suffix, else jsonl); Parquet has typed nested columns",
    )
    p.add_argument(
        "--engine",
        type=str.lower,
        choices=["local", "ray"],
        default="local",
        help="local processes (default), or a Ray cluster: -o is then a directory of part-NNNNN shards",
    )
    p.add_argument(
        "--ray-address",
        metavar="HOST:PORT",
        help="join this running Ray cluster (default: start a local one for the run)",
    )
    p.add_argument(
        "--shard-files",
        type=_workers,
        default=256,
        metavar="N",
        help="--engine ray: small files per shard, one Ray task each (default 256); WARC files and Parquet"
        " row groups are shards of their own",
    )


@contextmanager
def record_output(args: argparse.Namespace) -> Iterator[FileWriter]:
    """The command's output (``-o``, ``--format``), checked and opened before any work; closed at the end."""
    from baochi.cli.args import UsageError, check_output
    from baochi.writers.files import FileWriter, guess_format, is_directory_target

    if not is_directory_target(args.output):
        check_output(args.output, args.paths)
    try:
        writer = FileWriter(args.output, guess_format(args.output, args.format))
    except BaochiError as exc:
        raise UsageError(str(exc)) from None
    try:
        yield writer
    finally:
        writer.close()


def write_records(articles: Iterable[Article], writer: FileWriter) -> int:
    """Write records; returns how many."""
    n = 0
    for article in articles:
        writer.add(article.to_dict())
        n += 1
    return n


def _read_options(args: argparse.Namespace) -> ReadOptions:
    """The reader options of the command line (the same ones the local engine gets)."""
    from baochi.ingest.options import ReadOptions

    return ReadOptions.given(
        fields=dict(args.field),
        encoding=args.encoding,
        outlet=args.default_outlet,
        date=args.date,
        follow_symlinks=args.follow_symlinks,
    )


def _ray_run(args: argparse.Namespace) -> dict[str, Any]:
    """The arguments both Ray commands give their engine: format, reader options, steps, cluster, limits."""
    return {
        "fmt": args.format or "parquet",
        "options": _read_options(args),
        "steps": args.steps,
        "address": args.ray_address,
        "workers": args.workers or None,
        "time_limit": args.time_limit or None,
        "shard_files": max(1, args.shard_files),
    }


def ray_extract(args: argparse.Namespace) -> int:
    """``baochi extract --engine ray``: the records as shards ``DIR/part-NNNNN`` written by Ray tasks."""
    from baochi.engines import ray as ray_engine
    from baochi.pipeline import summary_lines

    counters = ray_engine.extract(args.paths, args.output, **_ray_run(args))
    for line in summary_lines(counters):
        print(line, file=sys.stderr)
    return 1 if counters.errors else 0


def ray_dedup(args: argparse.Namespace) -> int:
    """``baochi dedup --engine ray``: records with their story clusters, as shards ``DIR/part-NNNNN``."""
    from baochi.engines import ray_dedup

    run = ray_dedup.dedup(args.paths, args.output, drop_duplicates=args.drop_duplicates, **_ray_run(args))
    s = run.stats
    print(
        f"documents read: {run.counters.counts['read.documents']}; records: {s.documents}; exact copies:"
        f" {s.exact}, same URL: {s.url}; candidate pairs verified: {s.candidates}"
        f" ({s.candidates / max(1, s.documents):.2f} per record),"
        f" near duplicates found: {s.verified_duplicates}\n"
        f"story clusters: {s.clusters} ({s.documents - s.clusters} records are copies of another);"
        f" written: {run.written} in {run.parts} parts\nerrors: {len(run.counters.errors)}",
        file=sys.stderr,
    )
    for message in run.counters.errors:
        print(f"baochi: {message}", file=sys.stderr)
    return 1 if run.counters.errors else 0
