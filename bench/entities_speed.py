"""Entity step speed and output identity on real baomoi texts (``../shared/data/text/baomoi/docs``).

The texts are read and extracted first (not timed); then the entity step alone runs over them and its CPU
time per document is printed. ``--save FILE`` writes the step's output (entities, positions, events of
every document, one JSON line each) as a reference; ``--check FILE`` compares this run's output with it,
document by document, and exits 1 on any difference — the guard that a speed change kept the output.
References hold text of unlicensed articles: keep them in ``bench/out/`` (ignored by git), never commit
them. Run: ``.venv/bin/python bench/entities_speed.py [-n 400] [--rounds 3] [--save|--check FILE]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# --src DIR: time another checkout's code (e.g. the commit before a speed change), side by side
_SRC = sys.argv[sys.argv.index("--src") + 1] if "--src" in sys.argv else str(ROOT / "src")
sys.path.insert(0, _SRC)

from baochi.enrich.step import enrich_article  # noqa: E402
from baochi.extract import extract_article  # noqa: E402
from baochi.ingest import iter_documents  # noqa: E402
from baochi.model import Article  # noqa: E402

SHARED = Path(os.environ.get("BAOCHI_SHARED_DATA", ROOT.parent / "shared" / "data"))
DOCS = SHARED / "text" / "baomoi" / "docs"


def load(n: int) -> list[Article]:
    """The first ``n`` baomoi texts (sorted by name), extracted."""
    paths = sorted(DOCS.glob("*.txt"))[:n]
    out = []
    for doc in iter_documents([str(p) for p in paths]):
        try:
            out.append(extract_article(doc))
        except Exception:  # a text the extractor rejects is no entity input
            continue
    return out


def output(art: Article) -> str:
    """The entity step's output of one record, as one canonical JSON line."""
    d = art.to_dict()
    rec = {"id": art.id, "entities": d["entities"], "positions": d["positions"], "events": d["events"]}
    return json.dumps(rec, ensure_ascii=False, sort_keys=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=400, help="number of texts (default 400)")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds; the best is reported")
    ap.add_argument("--quick", action="store_true", help="100 texts, one round")
    ap.add_argument("--save", type=Path, help="write the output as a reference file")
    ap.add_argument("--src", help="import baochi from this source folder instead of this checkout's")
    ap.add_argument("--check", type=Path, help="compare the output with a reference file")
    args = ap.parse_args()
    if not DOCS.is_dir():
        print(f"no data at {DOCS}")
        return 0
    n, rounds = (100, 1) if args.quick else (args.n, args.rounds)
    arts = load(n)
    dicts = [a.to_dict() for a in arts]
    enrich_article(Article.from_dict(dicts[0]))  # load the data files outside the timed loop
    times: list[float] = []
    lines: list[str] = []
    for _ in range(rounds):
        fresh = [Article.from_dict(d) for d in dicts]
        t = time.process_time()
        for a in fresh:
            enrich_article(a)
        times.append(time.process_time() - t)
        lines = [output(a) for a in fresh]
    # the first pass fills the per-unit caches (as an ingest does); later passes show the steady cost
    first, best = times[0], min(times)
    print(
        f"entity step ({_SRC}): {len(arts)} baomoi texts: first pass {1000 * first / len(arts):.2f} ms CPU "
        f"per document; best of {rounds} {1000 * best / len(arts):.2f} ms ({len(arts) / best:.0f} "
        "documents per CPU second)"
    )
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"reference written: {args.save}")
    if args.check:
        ref = args.check.read_text(encoding="utf-8").splitlines()
        diff = [k for k, (a, b) in enumerate(zip(ref, lines, strict=False)) if a != b]
        if len(ref) != len(lines):
            print(f"reference has {len(ref)} documents, this run {len(lines)}")
            return 1
        print(f"output identical to the reference on {len(lines) - len(diff)} of {len(lines)} documents")
        for k in diff[:5]:
            print(f"  differs: {json.loads(lines[k])['id']}")
        return 1 if diff else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
