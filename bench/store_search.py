"""Store and search: ingest throughput, and search latency on a store of 100,000 records.

Run: .venv/bin/python bench/store_search.py [--data ../shared/data] [--articles 100000] [--quick] [--rebuild]

1. Ingest: ``baochi ingest`` of the 3,736 baomoi texts into a fresh store (read + extract + store), the
   same read + extract without the store, and a second ingest of the same inputs (all unchanged).
   Anchor, same run: the same records inserted into a plain SQLite FTS5 table with SQLite's own accent
   removal (``unicode61 remove_diacritics 2``), the usual way to make SQLite search accent-insensitive.
2. Search: the extracted records replicated with changed ids (and, so that the outlet and date filters
   have something to select, a registry outlet and a date spread over 2017-2024 given to the replicas
   that have none) into ``bench/out/store_<N>.db``, built once and reused; then a set of realistic
   queries -- with and without diacritics, phrases, filters -- each timed 5 times, end to end
   (``baochi.search.search``: ranking, records, snippets). The anchor answers the same queries on its
   table of the same records. For the accent-free queries, precision at 10 is the share of the top 10
   hits holding the accented words meant (``dang bo`` -> ``đảng bộ``): SQLite's folding keeps ``đ``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from baochi.engines.local import read_records, run_into
from baochi.extract.outlets import registry
from baochi.lang.normalize import nfc
from baochi.model import Article, stable_id
from baochi.search import Filters, search
from baochi.store import Store
from baochi.writers.store import StoreWriter

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"

# Accent-free queries and the accented words a Vietnamese reader means by them.
ACCENT_FREE = [
    ("ben tre", "bến tre"),
    ("dang bo", "đảng bộ"),
    ("da nang", "đà nẵng"),
    ("ha noi", "hà nội"),
    ("cong an", "công an"),
    ("tai nan giao thong", "tai nạn giao thông"),
    ("gia vang", "giá vàng"),
    ("bong da", "bóng đá"),
    ("thu tuong", "thủ tướng"),
    ("dien thoai", "điện thoại"),
    ("xo so", "xổ số"),
    ("hoc sinh", "học sinh"),
]
ACCENTED = [
    "Hà Nội",
    "công an",
    "bà",
    "giá vàng",
    "Đà Nẵng",
    "bóng đá",
    "thời tiết",
    "xổ số vietlott",
    "ngân hàng nhà nước",
    "sở giáo dục",
    "Đảng bộ tỉnh",
    "cháy nhà",
]
PHRASES = [
    '"thủ tướng"',
    '"ủy ban nhân dân"',
    '"ho chi minh"',
    '"tai nạn giao thông"',
    '"giá xăng"',
    '"bến tre"',
]
HOSTILE = ["ben*", "NEAR(ha noi)", "'; DROP TABLE articles; --", '"unbalanced quote']


def replica(a: Article, k: int, i: int) -> Article:
    """Copy ``k`` of record ``i`` with a new id; missing outlet/date filled so filters can select."""
    b = Article.from_dict(a.to_dict())
    b.id = stable_id(f"{a.id}#{k}")
    b.source = f"{a.source}#r{k}"
    if b.outlet is None:
        rows = registry().rows
        b.outlet = rows[(i * 7 + k) % len(rows)].as_outlet()
    if b.published_at is None:
        b.published_at = (dt.date(2017, 1, 1) + dt.timedelta(days=(i * 31 + k * 97) % 2900)).isoformat()
    return b


def build_store(path: Path, records: list[Article], n: int) -> float:
    """The replicated store of ``n`` records; returns seconds taken."""
    start = time.perf_counter()
    tmp = path.with_suffix(".tmp")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    with Store(tmp) as store:
        done = 0
        k = 0
        while done < n:
            with store.transaction():
                for i, a in enumerate(records):
                    if done >= n:
                        break
                    store.put(replica(a, k, i))
                    done += 1
            k += 1
            print(f"  built {done}/{n}", file=sys.stderr, end="\r")
        store.optimize()
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.replace(tmp, path)
    return time.perf_counter() - start


_NAIVE_SCHEMA = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS naive USING fts5(title, lead, body, "
    "tokenize = 'unicode61 remove_diacritics 2')"
)


def naive_insert(conn: sqlite3.Connection, records: list[Article], ids: bool = False) -> None:
    """The anchor: records' text into a plain FTS5 table with SQLite's accent removal."""
    conn.execute(_NAIVE_SCHEMA)
    with conn:
        conn.executemany(
            "INSERT INTO naive (title, lead, body) VALUES (?, ?, ?)",
            ((a.title or "", a.lead or "", "\n".join(a.body)) for a in records),
        )


def build_naive(path: Path, records: list[Article], n: int) -> None:
    """The anchor table holding the same ``n`` replicated records."""
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    done, k = 0, 0
    while done < n:
        batch = [replica(a, k, i) for i, a in enumerate(records)][: n - done]
        naive_insert(conn, batch)
        done += len(batch)
        k += 1
    conn.execute("INSERT INTO naive (naive) VALUES ('optimize')")
    conn.commit()
    conn.close()
    os.replace(tmp, path)


def naive_search(conn: sqlite3.Connection, query: str) -> list[str]:
    """The anchor's answer: the query's words quoted (so it never errors), BM25, 10 hits, snippets."""
    words = re.findall(r"[^\W_]+", query)
    if not words:
        return []
    phrase = query.strip().startswith('"')
    match = '"' + " ".join(words) + '"' if phrase else " AND ".join(f'"{w}"' for w in words if w != "NEAR")
    sql = (
        "SELECT title || ' ' || lead || ' ' || body, snippet(naive, 2, '«', '»', '…', 30) FROM naive"
        " WHERE naive MATCH ? ORDER BY bm25(naive, 10.0, 4.0, 1.0) LIMIT 10"
    )
    return [str(r[0]) for r in conn.execute(sql, (match,))]


def timed(fn: Any, reps: int) -> tuple[list[float], Any]:
    """Milliseconds of ``reps`` calls (after one warm-up call) and the last result."""
    result = fn()
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def pct(values: list[float], q: float) -> float:
    """The ``q`` quantile (nearest rank)."""
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(q * len(s)) - 1))]


class Clock:
    """Wall and CPU seconds of a block (CPU time: the machine is shared, wall time is disturbed)."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


Row = tuple[str, float, float, float, str]


def bench_ingest(docs: str) -> tuple[list[Article], list[Row]]:
    """Ingest figures: (label, docs/s wall, docs/s CPU, MB/s wall, note) rows, and the records."""
    paths = sorted(str(p) for p in Path(docs).iterdir())
    size = sum(os.path.getsize(p) for p in paths) / 1e6
    n = len(paths)
    rows: list[Row] = []

    def row(label: str, c: Clock, note: str) -> None:
        rows.append((label, n / c.wall, n / c.cpu, size / c.wall, note))

    with Clock() as c:
        records = list(read_records(paths))
    row("read + extract only (baochi extract path)", c, f"{c.wall:.2f} s")
    tmp = Path(tempfile.mkdtemp())
    try:
        with Store(tmp / "ingest.db") as store:
            with Clock() as c:
                counters = run_into(StoreWriter(store), paths)
            row(
                "baochi ingest, fresh store (read+extract+store)", c, f"{counters.counts['store.new']} stored"
            )
            with Clock() as c:
                counters = run_into(StoreWriter(store), paths)
            row("baochi ingest again, all unchanged", c, f"{counters.counts['skip.unchanged']} skipped")
        conn = sqlite3.connect(tmp / "naive.db")
        with Clock() as c:
            naive_insert(conn, records)
        conn.close()
        row("anchor: FTS5 remove_diacritics 2, insert only", c, "records given")
        with Clock() as c, Store(tmp / "storeonly.db") as store, store.transaction():
            for a in records:
                store.put(a)
        row("baochi store only (records given)", c, "index + record JSON")
    finally:
        shutil.rmtree(tmp)
    return records, rows


def main() -> int:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="20,000 records, 3 repetitions")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the stores in bench/out/")
    parser.add_argument("--reps", type=int, default=5)
    args = parser.parse_args()
    if args.quick:
        args.articles, args.reps = 20_000, 3
    docs = args.data / "text" / "baomoi" / "docs"
    if not docs.is_dir():
        print(f"no data at {docs}: skipping", file=sys.stderr)
        return 0

    records, rows = bench_ingest(str(docs))
    n_docs = len(records)
    # one copy per id (a few texts are the same article twice), so the replicas number exactly N
    records = list({a.id: a for a in records}.values())
    print(f"\n## Ingest: {n_docs} baomoi texts ({docs})\n")
    print(f"| {'what':<50} | {'docs/s':>8} | {'docs/s CPU':>10} | {'MB/s':>6} | note |")
    print(f"|{'-' * 52}|{'-' * 10}|{'-' * 12}|{'-' * 8}|------|")
    for label, dps, cps, mbs, note in rows:
        print(f"| {label:<50} | {dps:>8,.0f} | {cps:>10,.0f} | {mbs:>6.2f} | {note} |")

    OUT.mkdir(parents=True, exist_ok=True)
    n = args.articles
    store_path, naive_path = OUT / f"store_{n}.db", OUT / f"naive_{n}.db"
    if args.rebuild or not store_path.exists():
        print(f"building {store_path} (once; reused by later runs)", file=sys.stderr)
        t = build_store(store_path, records, n)
        print(f"  store of {n} records built in {t:.0f} s ({n / t:,.0f} records/s)", file=sys.stderr)
    if args.rebuild or not naive_path.exists():
        build_naive(naive_path, records, n)

    store = Store(store_path, create=False)
    naive = sqlite3.connect(naive_path)
    top = next(iter(store.stats()["by_outlet"]))
    filtered = [
        ("ha noi", Filters(outlet=top)),
        ("công an", Filters(since="2020-01-01")),
        ("giá vàng", Filters(since="2018-01", until="2019-12")),
        ("ben tre", Filters(outlet="baodongkhoi.vn")),
        ("bóng đá", Filters(outlet=top, since="2019")),
    ]
    groups: dict[str, list[tuple[str, Filters]]] = {
        "accent-free": [(q, Filters()) for q, _ in ACCENT_FREE],
        "with diacritics": [(q, Filters()) for q in ACCENTED],
        "phrases": [(q, Filters()) for q in PHRASES],
        "with filters": filtered,
        "hostile": [(q, Filters()) for q in HOSTILE],
    }
    ours: dict[str, list[float]] = {}
    theirs: dict[str, list[float]] = {}
    found = {"baochi": 0.0, "anchor": 0.0}
    for group, queries in groups.items():
        for q, f in queries:
            times, hits = timed(lambda q=q, f=f: search(store, q, limit=10, filters=f), args.reps)
            ours.setdefault(group, []).extend(times)
            if group != "with filters":  # the anchor has no outlet/date columns
                ntimes, texts = timed(lambda q=q: naive_search(naive, q), args.reps)
                theirs.setdefault(group, []).extend(ntimes)
            if group == "accent-free":
                meant = dict(ACCENT_FREE)[q]
                found["baochi"] += sum(meant in nfc(_text(h.article)).lower() for h in hits) / 10
                found["anchor"] += sum(meant in nfc(t).lower() for t in texts) / 10
    all_ours = [t for v in ours.values() for t in v]
    all_theirs = [t for v in theirs.values() for t in v]
    print(
        f"\n## Search latency on {store.count():,} records (ms per query, end to end, {args.reps} runs each)"
    )
    print()
    print("| queries | n | baochi median | baochi p99 | anchor median | anchor p99 | median ratio |")
    print("|---|---|---|---|---|---|---|")
    for group in [*groups, "all"]:
        o = all_ours if group == "all" else ours[group]
        a = all_theirs if group == "all" else theirs.get(group, [])
        n_q = sum(len(v) for v in groups.values()) if group == "all" else len(groups[group])
        am = f"{statistics.median(a):.1f}" if a else "-"
        ap = f"{pct(a, 0.99):.1f}" if a else "-"
        ratio = f"{statistics.median(o) / statistics.median(a):.2f}" if a else "-"
        print(
            f"| {group} | {n_q} | {statistics.median(o):.1f} | {pct(o, 0.99):.1f} | {am} | {ap} | {ratio} |"
        )
    print("\ntargets: median <= 20 ms, p99 <= 100 ms")
    k = len(ACCENT_FREE)
    print(
        f"accent-free queries, precision at 10 (hits holding the accented words meant): "
        f"baochi {found['baochi'] / k:.2f}, anchor {found['anchor'] / k:.2f}"
    )
    size = sum(os.path.getsize(p) for p in OUT.glob(f"store_{n}.db*")) / 1e6
    nsize = os.path.getsize(naive_path) / 1e6
    print(f"database size: baochi {size:,.0f} MB (records + index), anchor {nsize:,.0f} MB (text + index)")
    print(
        json.dumps(
            {"median_ms": round(statistics.median(all_ours), 2), "p99_ms": round(pct(all_ours, 0.99), 2)}
        )
    )
    store.close()
    return 0


def _text(a: Article) -> str:
    return " ".join([a.title or "", a.lead or "", *a.body])


if __name__ == "__main__":
    sys.exit(main())
