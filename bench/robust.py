"""The hostile corpus of issue 14 through one ``baochi ingest``: the table (case kind, count, outcome), wall
time and peak memory. ``--quick``: bombs and huge texts of 70 MB instead of 200 MB (what ``make test`` runs).

    python bench/robust.py [--quick]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from _hostile import build, run, table


def main() -> int:
    """Build the corpus in a temporary folder, ingest it, print the table and the figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--quick", action="store_true", help="smaller bombs and huge texts")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        cases = build(Path(tmp) / "corpus", big=not args.quick)
        outcome = run(
            Path(tmp) / "corpus", Path(tmp) / "x.db", [sys.executable, "-m", "baochi.cli"], cases, 900
        )
    print(table(outcome))
    print(
        f"\ncases: {len(cases)}; exit status {outcome.exit_status}; wall {outcome.seconds:.1f} s;"
        f" peak RSS {outcome.peak_rss_mb:.0f} MB; tracebacks: {int('Traceback' in outcome.stderr)};"
        f" records stored: {len(outcome.titles)}"
    )
    for problem in outcome.problems:
        print(f"PROBLEM: {problem}")
    return 1 if outcome.problems else 0


if __name__ == "__main__":
    sys.exit(main())
