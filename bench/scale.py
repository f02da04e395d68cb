"""Scale: ``baochi ingest -j 2`` against ``-j 1``, extraction against trafilatura, Ray with 1 and 2 workers.

Run: .venv/bin/python bench/scale.py [--data ../shared/data] [--quick] [--skip-ray | --ray-only]
     .venv/bin/python bench/scale.py --corpus 100000

Every run is a ``baochi`` process of its own (or the anchor's), measured whole: wall seconds, CPU seconds of
the process and every process it started (workers, Ray), the CPU seconds of the main process alone (the
reader and writer of a local run: read from /proc when it has exited, before it is reaped), and the peak
resident memory of that process tree, sampled every 0.1 s. Side by side in one run, reported as ratios.

1. ``baochi ingest -j 1`` and ``-j 2`` (every step on) of the 3,736 baomoi texts into fresh stores:
   documents per second (wall), documents per CPU second, peak RSS; the CPU of ``-j 2``'s process tree
   against ``-j 1``'s (the cost of the workers, pickling and pipes), and the speed-up the CPU figures
   allow on two idle cores (``-j 1`` CPU / max(``-j 2`` CPU / 2, ``-j 2`` main process CPU)): on a machine
   shared with other work the wall-clock speed-up measures the others' load; the lead reruns it quiet.
   The two stores compared table by table.
2. Extraction only: ``baochi extract --steps none -j 1`` against ``trafilatura.extract`` on the same HTML
   pages (trafilatura's 884 evaluation pages): pages per CPU second.
3. Ray: ``baochi extract`` and ``baochi dedup`` with ``--engine ray`` and 1 or 2 workers on VNDS (22,644
   texts), against the local engine: same records, same clusters.
4. ``--corpus N`` (alone): ``baochi ingest -j 2``, every step on, of N inputs built once from the shared
   data into ``bench/out/corpus-N`` (``_scale_corpus.py``: the 30,170 real documents, then sentence
   mosaics): docs/s wall, docs per CPU second, peak RSS of the process tree, the run's summary.

``--quick``: 300 documents of each set (a few minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from store_fingerprint import store_rows  # noqa: E402

BAOCHI = [sys.executable, "-m", "baochi"]
ENV = {**os.environ, "RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}
TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(slots=True)
class Measure:
    """One process tree's run."""

    wall: float
    cpu: float
    peak_mb: float
    stderr: str
    main_cpu: float = 0.0  # the command's own process (the reader and writer of a local run)


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except OSError:
            continue
    return out


def _rss(pids: list[int]) -> int:
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * PAGE
        except OSError:
            continue
    return total


def _cpu_of(pids: list[int], seen: dict[int, float]) -> None:
    """CPU seconds of each live process, remembered (a finished process keeps its last reading)."""
    for p in pids:
        try:
            with open(f"/proc/{p}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            seen[p] = (int(fields[11]) + int(fields[12])) / TICK
        except OSError:
            continue


def _own_cpu(pid: int) -> tuple[float, float]:
    """(own, own + waited-for children) CPU seconds of a process from /proc."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            f = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0, 0.0
    own = (int(f[11]) + int(f[12])) / TICK
    return own, own + (int(f[13]) + int(f[14])) / TICK


def run(cmd: list[str], *, cwd: Path | None = None) -> Measure:
    """Run a command; wall, CPU of its whole process tree (children that detach from it included while
    they were seen), peak RSS of the tree."""
    before = os.times()
    start = time.monotonic()
    proc = subprocess.Popen(
        cmd, env=ENV, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peak = 0
    seen: dict[int, float] = {}
    own = (0.0, 0.0)  # the process's own CPU seconds, and with its waited-for children
    while True:
        # exited but not yet reaped: its /proc entry still holds its own CPU and its children's
        if os.waitid(os.P_PID, proc.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
            own = _own_cpu(proc.pid)
            break
        pids = _tree(proc.pid)
        peak = max(peak, _rss(pids))
        _cpu_of(pids, seen)
        time.sleep(0.1)
    err = proc.stderr.read() if proc.stderr else ""
    proc.wait()
    wall = time.monotonic() - start
    main_cpu = own[0]
    after = os.times()
    # the direct child and what it waited for come from the kernel; grandchildren re-parented elsewhere
    # (Ray's daemons) only from the samples
    waited = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    cpu = max(waited, sum(seen.values()))
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return Measure(wall, cpu, peak / 1e6, err, main_cpu)


def bench_ingest(docs: Path, tmp: Path, limit: int | None) -> list[str]:
    """``ingest -j 1`` against ``-j 2``: wall and CPU, and what the CPU says of the wall on idle cores."""
    inputs = [str(docs)]
    if limit:
        inputs = [str(p) for p in sorted(docs.iterdir())[:limit]]
    n = len(inputs) if limit else len(list(docs.iterdir()))
    got: dict[int, Measure] = {}
    for j in (1, 2):
        got[j] = run(
            [*BAOCHI, "ingest", *inputs, "--db", str(tmp / f"j{j}.db"), "-j", str(j), "--no-progress"]
        )
    same = store_rows(tmp / "j1.db") == store_rows(tmp / "j2.db")
    one, two = got[1], got[2]
    # On two idle cores -j 2 cannot take less than half its CPU, nor less than its main process's CPU
    # (the reader and writer, one process): the speed-up its CPU figures allow.
    bound = one.cpu / max(two.cpu / 2, two.main_cpu)
    lines = [
        f"## ingest, every step on: {n} baomoi texts",
        "",
        "| run | wall s | docs/s wall | CPU s (tree) | main process CPU s | docs per CPU s | peak RSS MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for j, m in got.items():
        lines.append(
            f"| `baochi ingest -j {j}` | {m.wall:.1f} | {n / m.wall:.0f} | {m.cpu:.1f} | {m.main_cpu:.1f} |"
            f" {n / m.cpu:.0f} | {m.peak_mb:.0f} |"
        )
    lines += [
        "",
        f"- -j 2 / -j 1 wall speed-up (measured, this machine's load included): {one.wall / two.wall:.2f}x",
        f"- -j 2 / -j 1 CPU of the whole process tree: {two.cpu / one.cpu:.3f} (overhead of the workers,"
        f" pickling, pipes: {100 * (two.cpu / one.cpu - 1):+.1f} %)",
        f"- -j 2 main process (reader, writer) share of the CPU: {100 * two.main_cpu / two.cpu:.0f} %",
        f"- speed-up the CPU allows on 2 idle cores, -j 1 CPU / max(-j 2 CPU / 2, -j 2 main process CPU):"
        f" {bound:.2f}x",
        f"- identical stores (all tables): {same}",
        "",
    ]
    return lines


TRAFILATURA = """
import gzip, sys, trafilatura
for path in sys.argv[1:]:
    data = gzip.decompress(open(path, "rb").read()) if path.endswith(".gz") else open(path, "rb").read()
    trafilatura.extract(data.decode("utf-8", "replace"))
"""


def bench_extraction(pages: Path, limit: int | None) -> list[str]:
    """Extraction only against trafilatura on the same pages."""
    files = sorted(str(p) for p in pages.iterdir() if p.name.endswith((".html", ".html.gz")))[:limit]
    n = len(files)
    ours = run([*BAOCHI, "extract", *files, "--steps", "none", "-j", "1", "-o", os.devnull])
    theirs = run([sys.executable, "-c", TRAFILATURA, *files])
    if "Traceback" in theirs.stderr:  # not installed (make bench installs the bench extra) or broken
        return [f"## extraction only: the anchor failed\n\n```\n{theirs.stderr[-1500:]}\n```", ""]
    return [
        f"## extraction only: {n} HTML pages (trafilatura's evaluation pages)",
        "",
        "| run | wall s | CPU s | pages per CPU s |",
        "| --- | ---: | ---: | ---: |",
        f"| `baochi extract --steps none -j 1` | {ours.wall:.1f} | {ours.cpu:.1f} | {n / ours.cpu:.0f} |",
        f"| `trafilatura.extract` | {theirs.wall:.1f} | {theirs.cpu:.1f} | {n / theirs.cpu:.0f} |",
        "",
        f"baochi / trafilatura, pages per CPU second: {theirs.cpu / ours.cpu:.1f}x (both include the start of"
        " the interpreter)",
        "",
    ]


def _records(folder: Path) -> list[dict[str, Any]]:
    from baochi.writers.parquet import read_rows
    from baochi.writers.schema import from_row

    return [from_row(r) for part in sorted(folder.glob("part-*.parquet")) for r in read_rows(part)]


def bench_ray(vnds_tar: Path, tmp: Path, limit: int | None) -> list[str]:
    """Ray with 1 and 2 workers against the local engine on VNDS."""
    corpus = tmp / "vnds"
    corpus.mkdir()
    with tarfile.open(vnds_tar) as tar:
        members = [m for m in tar.getmembers() if m.isfile()][:limit]
        for m in members:
            src = tar.extractfile(m)
            assert src is not None
            (corpus / Path(m.name).name).write_bytes(src.read())
    n = len(members)
    lines = [
        f"## Ray on VNDS: {n} texts (extraction and dedup, no steps)",
        "",
        "| run | wall s | docs/s wall | CPU s | docs per CPU s | peak RSS MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]

    def row(label: str, m: Measure) -> None:
        lines.append(
            f"| {label} | {m.wall:.1f} | {n / m.wall:.0f} | {m.cpu:.1f} | {n / m.cpu:.0f} | {m.peak_mb:.0f} |"
        )

    local_x = run([*BAOCHI, "extract", str(corpus), "--steps", "none", "-j", "1", "-o", str(tmp / "x.jsonl")])
    row("local `extract -j 1`", local_x)
    local_d = run([*BAOCHI, "dedup", str(corpus), "-j", "1", "-o", str(tmp / "d.jsonl"), "--no-progress"])
    row("local `dedup -j 1`", local_d)
    want_x = [json.loads(x) for x in (tmp / "x.jsonl").read_text(encoding="utf-8").splitlines()]
    want_d = [json.loads(x) for x in (tmp / "d.jsonl").read_text(encoding="utf-8").splitlines()]
    checks = []
    for w in (1, 2):
        ray = ["--engine", "ray", "-j", str(w)]
        m = run([*BAOCHI, "extract", str(corpus), "--steps", "none", *ray, "-o", str(tmp / f"rx{w}")])
        row(f"`extract --engine ray -j {w}`", m)
        same_x = _records(tmp / f"rx{w}") == want_x
        m = run([*BAOCHI, "dedup", str(corpus), *ray, "-o", str(tmp / f"rd{w}")])
        row(f"`dedup --engine ray -j {w}`", m)
        got = _records(tmp / f"rd{w}")
        same_d = got == want_d
        clusters = len({r["cluster_id"] for r in got})
        checks.append(
            f"Ray -j {w}: same records as local: {same_x}; same clusters and fields: {same_d}"
            f" ({clusters} clusters)"
        )
    lines += ["", *checks, ""]
    return lines


def bench_corpus(n: int, data: Path, tmp: Path, workers: int) -> list[str]:
    """``ingest -j N`` of the corpus of ``n`` inputs built from the shared data, every step on."""
    from _scale_corpus import build

    folder = build(n, data)
    db = str(tmp / "corpus.db")
    m = run([*BAOCHI, "ingest", str(folder), "--db", db, "-j", str(workers), "--no-progress"])
    summary = [ln for ln in m.stderr.splitlines() if ln.strip()][-12:]
    return [
        f"## ingest -j {workers}, every step on: {n:,} inputs ({(folder / '.complete').read_text().strip()})",
        "",
        "| run | wall s | docs/s wall | CPU s | docs per CPU s | peak RSS MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        f"| `baochi ingest -j {workers}` | {m.wall:.0f} | {n / m.wall:.0f} | {m.cpu:.0f} | {n / m.cpu:.0f} |"
        f" {m.peak_mb:.0f} |",
        "",
        "```",
        *summary,
        "```",
        "",
    ]


def main() -> int:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--quick", action="store_true", help="a few hundred documents of each set")
    parser.add_argument("--skip-ray", action="store_true")
    parser.add_argument("--ray-only", action="store_true", help="only the Ray table")
    parser.add_argument(
        "--corpus", type=int, metavar="N", help="only: ingest -j 2 of N inputs (bench/out/corpus-N)"
    )
    args = parser.parse_args()
    data: Path = args.data
    if not data.is_dir():
        data = Path("/work/shared/data")
    if not data.is_dir():
        print("shared data not found: nothing to measure", file=sys.stderr)
        return 0
    limit = 300 if args.quick else None
    out: list[str] = [f"# bench/scale.py on {os.cpu_count()} cores{' (--quick)' if args.quick else ''}", ""]
    with tempfile.TemporaryDirectory(prefix="baochi-scale-") as tmpdir:
        tmp = Path(tmpdir)
        if args.corpus:
            print("\n".join(out + bench_corpus(args.corpus, data, tmp, 2)), flush=True)
            return 0
        if not args.ray_only:
            out += bench_ingest(data / "text" / "baomoi" / "docs", tmp, limit)
            print("\n".join(out), flush=True)
            part = bench_extraction(data / "html" / "trafilatura-eval" / "pages", limit)
            print("\n".join(part), flush=True)
            out += part
        if not args.skip_ray:
            part = bench_ray(data / "dedup" / "vnds-test" / "test_tokenized.tar.gz", tmp, limit)
            print("\n".join(part), flush=True)
            out += part
    return 0


if __name__ == "__main__":
    sys.exit(main())
