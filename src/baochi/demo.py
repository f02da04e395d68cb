"""``make demo``: ingest the sample corpus shipped in samples/ and run a few searches.

Run as ``python -m baochi.demo [--db baochi.db] [--samples DIR]``. Works with whatever samples/ holds;
the licence and read-me notices kept beside the samples are not news and are left out.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from baochi.cli.core import format_stats
from baochi.dedup.stories import collapse, story_clusters_line
from baochi.engines.local import run_into
from baochi.pipeline import summary_lines
from baochi.search import Filters, search
from baochi.store import DEFAULT_DB, Store
from baochi.writers.store import StoreWriter

# File names of notices that accompany sample data (their licence and origin), not documents.
NOTICES = ("readme", "license", "licence", "copying", "notice")

# (what the search shows, query, filters)
SEARCHES: list[tuple[str, str, Filters]] = [
    ("typed without diacritics", "ben tre", Filters()),
    ("typed without diacritics, đ -> d", "dang bo", Filters()),
    ("a phrase", '"thủ tướng"', Filters()),
    ("one outlet, since a date", "ha noi", Filters(outlet="vnexpress", since="2018-06")),
]


def default_samples() -> Path:
    """samples/ of the source checkout (the demo runs from an editable install)."""
    return Path(__file__).resolve().parents[2] / "samples"


def sample_files(root: Path) -> list[str]:
    """Every sample document under ``root`` (sorted; hidden files and notices left out)."""
    out = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or name.lower().split(".")[0] in NOTICES:
                continue
            out.append(os.path.join(folder, name))
    return out


def main(argv: list[str] | None = None) -> int:
    """Ingest the samples, print what the store holds and the hits of a few searches."""
    parser = argparse.ArgumentParser(prog="python -m baochi.demo", description=__doc__)
    parser.add_argument("--db", default=DEFAULT_DB, help=f"database file (default ./{DEFAULT_DB})")
    parser.add_argument("--samples", type=Path, default=default_samples(), help="sample corpus folder")
    args = parser.parse_args(argv)
    files = sample_files(args.samples) if args.samples.is_dir() else []
    if not files:
        print(f"no sample documents found in {args.samples}", file=sys.stderr)
        return 2

    print(f"== ingesting {len(files)} sample files from {args.samples} into {args.db}")
    with Store(args.db) as store:
        counters = run_into(StoreWriter(store), files)
        print("\n".join(summary_lines(counters)))
        print(f"\n== what {args.db} holds")
        print(format_stats(store.stats()), end="")
        print(story_clusters_line(store))
        for what, query, filters in SEARCHES:
            shown = " ".join(
                [query]
                + [f"--{k} {v}" for k, v in (("outlet", filters.outlet), ("since", filters.since)) if v]
            )
            print(f"\n== baochi search {shown}   ({what})")
            # as `baochi search` does: copies of one story collapse into one hit (more asked for)
            hits = search(store, query, limit=12, filters=filters)
            if not hits:
                print("   no hits")
            for i, c in enumerate(collapse(store, [h.id for h in hits], 3), 1):
                hit = hits[c.hit_index]
                outlet = hit.outlet["name"] if hit.outlet else "?"
                print(f"{i:>2}. {hit.title}  [{outlet}, {hit.published_at or 'undated'}]")
                if c.copies > 1:
                    print(f"    {c.copies} copies: {', '.join(c.outlets) or 'outlets unknown'}")
                print(f"    {hit.snippet}")
    print("\nTry: .venv/bin/baochi search 'da nang' --db", args.db, "   (baochi --help for every command)")
    return 1 if counters.errors else 0


if __name__ == "__main__":
    sys.exit(main())
