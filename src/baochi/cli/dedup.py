"""``baochi dedup INPUT... -o OUT.jsonl [--drop-duplicates]``: story clusters for corpus builders
(``baochi.dedup``); ``baochi recluster``: rebuild the story clusters of a store."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from baochi.cli.args import add_db, check_inputs, err
from baochi.cli.core import (
    counts_postfix,
    open_store,
    progress_paths,
    reader_kwargs,
    reader_options,
    until_failure,
)
from baochi.cli.engine import add_output_options, ray_dedup, record_output, write_records
from baochi.cli.progress import bar


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``baochi dedup`` and ``baochi recluster`` to the parser."""
    p = sub.add_parser("dedup", help="find exact and near duplicates; write records with their story cluster")
    p.add_argument("paths", nargs="+", metavar="INPUT", help="anything `extract` reads; - reads stdin")
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT.jsonl",
        help="output file (- for stdout); DIR/ (trailing slash, or --engine ray): shards DIR/part-NNNNN",
    )
    p.add_argument(
        "--drop-duplicates", action="store_true", help="write only the canonical member of each cluster"
    )
    reader_options(p, default_steps="none")
    add_output_options(p)
    p.set_defaults(func=cmd_dedup)

    p = sub.add_parser(
        "recluster",
        help="rebuild the story clusters of a whole store from its records (after an upgrade of dedup)",
    )
    add_db(p)
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_recluster)


def cmd_recluster(args: argparse.Namespace) -> int:
    """``baochi recluster``."""
    from baochi.dedup.rebuild import rebuild

    with open_store(args.db) as store:
        total = store.count()
        bars = {
            phase: bar(total=total, desc=phase, quiet=args.no_progress) for phase in ("reading", "writing")
        }

        def progress(phase: str, n: int) -> None:
            bars["reading" if phase == "read" else "writing"].update(n)

        try:
            s = rebuild(store, progress=progress)
        finally:
            for b in bars.values():
                b.close()
    print(
        f"records: {s.records}; candidate pairs verified: {s.candidates} "
        f"({s.candidates / max(1, s.records):.2f} per record), duplicate pairs kept: {s.edges}\n"
        f"story clusters: {s.clusters} ({s.duplicates} records are copies of another)",
        file=sys.stderr,
    )
    return 0


def cmd_dedup(args: argparse.Namespace) -> int:
    """``baochi dedup``."""
    from baochi.api import deduplicate, read

    check_inputs(args.paths)
    if args.engine == "ray":
        return ray_dedup(args)
    with record_output(args) as out:  # checked and opened before any work
        paths, reading = progress_paths(args.paths, args.no_progress, "reading")
        records = read(paths, **reader_kwargs(args), on_error=lambda message: None)
        show = counts_postfix(reading, records.counters)
        bars: dict[str, Any] = {"read": reading}

        def progress(phase: str, n: int) -> None:
            if phase == "read":
                show()
                reading.refresh()
            elif phase == "verify":
                reading.close()
                if not args.no_progress and sys.stderr.isatty():
                    print(f"verifying candidate pairs of {n} records...", file=sys.stderr)
                bars["write"] = bar(total=n, desc="writing", quiet=args.no_progress)
            else:
                bars["write"].update(n)

        run = deduplicate(until_failure(records), drop_duplicates=args.drop_duplicates, progress=progress)
        try:
            write_records(run, out)
        finally:
            for b in bars.values():
                b.close()
    s = run.stats
    print(
        f"documents read: {records.counters.counts['read.documents']}; records: {s.documents}; exact copies:"
        f" {s.exact}, same URL: {s.url}; candidate pairs verified: {s.candidates}"
        f" ({s.candidates / max(1, s.documents):.2f} per record),"
        f" near duplicates found: {s.verified_duplicates}\n"
        f"story clusters: {s.clusters} ({s.documents - s.clusters} records are copies of another);"
        f" written: {run.written}\nerrors: {len(records.errors)}",
        file=sys.stderr,
    )
    for message in records.errors:
        err(message)
    return 1 if records.errors else 0
