"""The language layer against an older revision of itself: CPU per document and identical output.

Run: ``.venv/bin/python bench/lang_speed.py [--against REV] [--limit N] [--repeat 3] [--quick]``

Extracts the baomoi texts of ../shared/data once (``--steps none``), then runs the pipeline step
``baochi.lang.step:annotate_article`` on every record in a fresh process per side (this checkout and
``src/`` of ``REV``, taken with ``git archive``), the sides interleaved ``--repeat`` times; the figure is
the smallest CPU time of the annotation loop (the machine is shared). Each side also runs
``check_spelling`` on the texts with injected errors (many more flags than clean text) and, for the
first 30, with underthesea segmentation. Outputs are compared byte for byte: a speed-up must not change
a single flag, time expression or language. Nothing is written into the repository (the texts carry no
licence); the reference outputs stay in a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))


def _worker(records: Path, out: Path) -> None:
    """Annotate every record (timed), then spell-check injected texts; write everything to ``out``."""
    import baochi
    from _spellinject import inject
    from baochi.lang.spelling import check_spelling
    from baochi.lang.step import annotate_article
    from baochi.model import Article

    print(f"baochi from {Path(baochi.__file__).parent}", file=sys.stderr)
    rows = [json.loads(line) for line in records.read_text(encoding="utf-8").splitlines()]
    articles = [Article.from_dict(row) for row in rows]
    # Data files and indexes are loaded once per process, outside the timing: the founding document
    # (two flags), a text without marks and one with Telex slips reach every lazily built table.
    seed = (ROOT / "samples" / "seed" / "000_4856c191f90d3d64.txt").read_text(encoding="utf-8")
    annotate_article(Article(id="w", source="w", title="x", body=[seed, "nguoi dan di choi", "vieejt nam"]))
    start = time.process_time()
    for article in articles:
        annotate_article(article)
    spent = time.process_time() - start
    rng = random.Random(7)
    with out.open("w", encoding="utf-8") as f:
        for article in articles:
            fields = {"language": article.language, "spelling": article.spelling}
            fields["time_expressions"] = article.time_expressions
            f.write(json.dumps(fields, ensure_ascii=False, sort_keys=True) + "\n")
        for i, article in enumerate(articles[:1000]):
            bad, _ = inject("\n".join(article.body), rng, rate=0.03)
            f.write(json.dumps(check_spelling(bad), ensure_ascii=False) + "\n")
            if i < 30:
                f.write(json.dumps(check_spelling(bad, segmenter="underthesea"), ensure_ascii=False) + "\n")
    print(json.dumps({"cpu": spent, "docs": len(articles)}))


def _export(rev: str, into: Path) -> Path:
    """``src/`` of git revision ``rev`` unpacked under ``into``."""
    git = ["git", "-C", str(ROOT), "archive", rev, "src"]
    data = subprocess.run(git, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def _run(src: Path, records: Path, out: Path) -> float:
    env = {"PYTHONPATH": str(src), "PATH": "/usr/bin:/bin", "HOME": str(Path.home())}
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", str(records), str(out)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    assert str(src) in proc.stderr, f"the worker did not import baochi from {src}: {proc.stderr}"
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    return float(result["cpu"]) / int(result["docs"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--against", metavar="REV", help="git revision to compare with (e.g. main)")
    parser.add_argument("--limit", type=int, default=0, help="first N baomoi texts (default: all)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="400 texts, one run")
    parser.add_argument("--worker", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        _worker(*args.worker)
        return
    from _spellinject import SHARED

    docs = sorted((SHARED / "text" / "baomoi" / "docs").glob("*.txt"))
    if args.quick:
        args.limit, args.repeat = args.limit or 400, 1
    if args.limit:
        docs = docs[: args.limit]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        records = tmp / "records.jsonl"
        baochi = Path(sys.executable).parent / "baochi"
        extract = [str(baochi), "extract", "--steps", "none", *map(str, docs), "-o", str(records)]
        subprocess.run(extract, check=True)
        sides = {"this checkout": ROOT / "src"}
        if args.against:
            sides[args.against] = _export(args.against, tmp / "old")
        best = {name: float("inf") for name in sides}
        outputs = {name: tmp / f"out-{i}.jsonl" for i, name in enumerate(sides)}
        for _ in range(args.repeat):
            for name, src in sides.items():
                best[name] = min(best[name], _run(src, records, outputs[name]))
        print(f"language layer (annotate_article) on {len(docs)} baomoi texts, best of {args.repeat} runs")
        for name, cpu in best.items():
            print(f"  {name:20} {cpu * 1000:7.3f} ms CPU per document")
        if args.against:
            ratio = best[args.against] / best["this checkout"]
            same = outputs[args.against].read_bytes() == outputs["this checkout"].read_bytes()
            print(f"  speed-up {ratio:.2f}x; output identical: {same}")


if __name__ == "__main__":
    main()
