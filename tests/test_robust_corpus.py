"""The hostile corpus (bench/_hostile.py, 130+ cases generated here, mixed with good documents) through
one ``baochi ingest``: every good document stored, every bad one reported, no traceback, no hang, peak memory
under 1 GB. ``bench/robust.py`` runs the same corpus with bigger bombs and prints the table."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from _hostile import build, run, table

# Seconds the whole run may take (it takes about 30 s on one free core; the machine is shared).
WALL_CLOCK_CAP = 400
PEAK_RSS_MB = 1024


def test_robust_corpus_every_good_document_stored_every_bad_one_reported(tmp_path: Path) -> None:
    cases = build(tmp_path / "corpus", big=False)
    assert len(cases) >= 100
    baochi = [sys.executable, "-m", "baochi.cli"]
    outcome = run(tmp_path / "corpus", tmp_path / "x.db", baochi, cases, WALL_CLOCK_CAP)
    print(table(outcome))
    assert outcome.problems == [], outcome.stderr[-3000:]
    assert outcome.exit_status == 1  # some inputs failed, each listed
    assert outcome.seconds < WALL_CLOCK_CAP
    assert outcome.peak_rss_mb < PEAK_RSS_MB
    shutil.rmtree(tmp_path / "corpus")
