"""Options of how a run is executed, shared by ``ingest``, ``extract`` and ``dedup``: ``-j/--workers``,
``--time-limit``."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

from baochi.ingest.options import ReadOptions
from baochi.model import Article
from baochi.pipeline import Counters


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


def records_of(args: argparse.Namespace, options: ReadOptions, counters: Counters) -> Iterator[Article]:
    """The records of the command's inputs, with its reader, step and engine options."""
    from baochi.engines.local import read_records

    return read_records(
        args.paths,
        options=options,
        steps=args.steps,
        workers=args.workers,
        time_limit=args.time_limit,
        counters=counters,
        strict=args.strict,
    )
