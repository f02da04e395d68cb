"""baochi and trafilatura side by side on trafilatura's own evaluation pages, scored by its ``score.py``.

The 884 pages of ``../shared/data/html/trafilatura-eval/`` (many languages, many sites) each come with
snippets that must appear in the main text and snippets that must not. Every tool's records are written
to ``bench/out/trafilatura-eval-TOOL.jsonl`` and scored by the data set's own ``score.py`` (lead and body
joined); the figures come side by side, with the share of pages that come out with no main text and the
CPU seconds each tool took (one core).

    .venv/bin/python bench/trafilatura_eval.py                 # baochi and trafilatura
    .venv/bin/python bench/trafilatura_eval.py --quick         # every 4th page
    .venv/bin/python bench/trafilatura_eval.py --tools baochi  # baochi only
    .venv/bin/python bench/trafilatura_eval.py --worst 20      # also the 20 pages baochi loses most on
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import baochi.extract.html as baochi_html
from baochi.model import Document

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BAOCHI_SHARED_DATA", ROOT.parent / "shared" / "data"))
DATA = SHARED / "html" / "trafilatura-eval"
OUT = ROOT / "bench" / "out"
Record = dict[str, Any]


def run_baochi(data: bytes, name: str) -> Record:
    """baochi's record (lead, body) of one page; an error gives an empty record."""
    try:
        a = baochi_html.extract_html(Document(source=name, data=data, kind="html"))
    except Exception as err:  # a failed page scores as missed, it does not stop the run
        return {"source": name, "body": [], "error": str(err)}
    body = a.body if a.page_type == "article" else []
    return {"source": name, "lead": a.lead if a.page_type == "article" else None, "body": body}


def run_trafilatura(data: bytes, name: str) -> Record:
    """trafilatura's main text (its defaults: comments excluded), one paragraph a line."""
    import trafilatura

    text = trafilatura.extract(data, include_comments=False) or ""
    return {"source": name, "lead": None, "body": [p for p in text.split("\n") if p.strip()]}


TOOLS: dict[str, Callable[[bytes, str], Record]] = {"baochi": run_baochi, "trafilatura": run_trafilatura}


def pages(step: int) -> list[Path]:
    """The evaluation pages that the data set lists (every ``step``-th)."""
    listed = json.loads((DATA / "evaldata.json").read_text("utf-8"))
    names = sorted({item["file"] + ".gz" for item in listed.values()})
    present = [DATA / "pages" / n for n in names if (DATA / "pages" / n).is_file()]
    return present[::step]


def run_tool(name: str, files: list[Path]) -> tuple[Path, float, int]:
    """Records of one tool over ``files`` -> (records file, CPU seconds, pages with no main text)."""
    tool = TOOLS[name]
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / f"trafilatura-eval-{name}.jsonl"
    raw = [(f.name, gzip.decompress(f.read_bytes())) for f in files]
    empty = 0
    t0 = time.process_time()
    records = [tool(data, fname) for fname, data in raw]
    cpu = time.process_time() - t0
    with out.open("w", encoding="utf-8") as fh:
        for r in records:
            empty += not (r.get("lead") or r.get("body"))
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    return out, cpu, empty


_FIGURES = re.compile(r"(\w+)=([\d.]+)")


def score(records: Path, per_page: bool = False) -> tuple[dict[str, float], list[str]]:
    """The data set's own ``score.py`` on one records file -> (figures, per-page lines)."""
    cmd = [sys.executable, str(DATA / "score.py"), str(records)] + (["--per-page"] if per_page else [])
    lines = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines()
    return {k: float(v) for k, v in _FIGURES.findall(lines[-1])}, lines[:-1]


def _misses(lines: list[str]) -> dict[str, tuple[int, int]]:
    out = {}
    for line in lines:
        page, found, leaked = line.split("\t")
        a, na = map(int, found.split()[1].split("/"))
        b, _ = map(int, leaked.split()[1].split("/"))
        out[page] = (na - a, b)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="every 4th page")
    ap.add_argument("--tools", default=",".join(TOOLS), help="comma-separated subset of " + ", ".join(TOOLS))
    ap.add_argument("--worst", type=int, default=0, help="list the N pages where baochi misses most")
    args = ap.parse_args(argv)
    if not (DATA / "score.py").is_file():
        print(f"trafilatura-eval not found at {DATA}; nothing to measure")
        return 0
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})
    files = pages(4 if args.quick else 1)
    results: dict[str, dict[str, float]] = {}
    per_page: dict[str, dict[str, tuple[int, int]]] = {}
    for name in args.tools.split(","):
        try:
            out, cpu, empty = run_tool(name, files)
        except ImportError as err:
            print(f"{name}: not installed ({err}); pip install -e '.[bench]'")
            continue
        figures, lines = score(out, per_page=True)
        per_page[name] = _misses(lines)
        results[name] = figures | {"empty": empty / max(1, len(files)), "cpu": cpu}
    print(f"trafilatura evaluation pages: {len(files)} of {DATA} (score.py of the data set)")
    rows = [("precision", "precision"), ("recall", "recall"), ("accuracy", "accuracy"), ("F1", "f1"),
            ("pages with no main text", "empty"), ("CPU seconds", "cpu")]  # fmt: skip
    print("".ljust(26) + "".join(n.rjust(14) for n in results))
    for label, key in rows:
        print(label.ljust(26) + "".join(f"{r.get(key, 0.0):.3f}".rjust(14) for r in results.values()))
    if "baochi" in results and "trafilatura" in results:
        b, t = results["baochi"], results["trafilatura"]
        print(f"F1 difference baochi - trafilatura: {b['f1'] - t['f1']:+.3f}; "
              f"speed ratio {t['cpu'] / max(b['cpu'], 1e-9):.1f}x")  # fmt: skip
    if args.worst and "baochi" in per_page:
        other = per_page.get("trafilatura", {})
        worst = sorted(per_page["baochi"].items(), key=lambda kv: -(kv[1][0] + kv[1][1]))[: args.worst]
        for page, (missed, leaked) in worst:
            t_missed, t_leaked = other.get(page, (0, 0))
            print(f"  {page:60} missed {missed} leaked {leaked}; trafilatura {t_missed} {t_leaked}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
