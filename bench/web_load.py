"""Web app speed: the search page and ``/api/search`` under 20 concurrent clients on loopback, and
attention over time for a query matching about 10,000 stories, on a store of 100,000 records.

The store: the 3,736 baomoi texts of ``../shared/data`` ingested with every step (entities, story
clusters; once, into ``bench/out/baomoi_full.db``), replicated with new ids into 100,000 records (built
once into ``bench/out/web_100000.db``): replica ``k`` of a record keeps its entities and joins the story
of replica ``k`` of its cluster's canonical record; replicas without outlet or date get a registry outlet
and a date in 2017-2024 (as ``bench/store_search.py`` does), so that attention and filters have dates.

The load: ``baochi serve [--workers N]`` started as its own process on 127.0.0.1; 20 client threads
(keep-alive connections, ``http.client``), each sending its next request when its previous one answered
and its pace allows (``--rate`` requests per second per client: a bounded load; ``--rate 0``: as fast
as answered, the saturation throughput). Two kinds of phase, side by side:

- cold: every request uses a query not asked before in the run (title word pairs of the records,
  typed with or without diacritics), so no answer comes from the app's caches (cache misses);
- warm: the requests cycle over 200 queries asked once before the phase (cache hits: what a user
  paging, switching the chart or downloading the CSV of a query gets).

Latency is wall time from sending to the last byte, on the client side; the server's CPU seconds (every
process of it: ``--workers`` spawns children) are read from /proc, and given per request. The anchor in
the same run: one trivial route of the same app (``/static/style.css``), the floor of the stack (uvicorn
+ FastAPI + middleware) on this machine at that moment.

    .venv/bin/python bench/web_load.py [--quick] [--rate 2] [--clients 20] [--seconds 30] [--workers 2]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from baochi.lang.fold import fold_key
from baochi.model import Article, stable_id
from baochi.search.stories import StoryQuery
from baochi.store import Store
from baochi.store.dedup_tables import Keys
from baochi.store.queries import Reader

sys.path.insert(0, str(Path(__file__).resolve().parent))
from store_search import replica

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
SERVE = [sys.executable, "-m", "baochi.cli", "serve"]
TARGETS = {"p50": 50.0, "p99": 200.0, "attention": 200.0}


def ensure_source(data: Path) -> Path:
    """The baomoi texts ingested with every step (entities and clusters), once."""
    db = OUT / "baomoi_full.db"
    if not db.exists():
        docs = data / "text" / "baomoi" / "docs"
        if not docs.is_dir():
            sys.exit(f"no baomoi texts at {docs}")
        OUT.mkdir(parents=True, exist_ok=True)
        tmp = db.with_suffix(".tmp")
        cmd = [sys.executable, "-m", "baochi.cli", "ingest", "--no-progress", "--db", str(tmp), str(docs)]
        subprocess.run(cmd, check=True)
        os.replace(tmp, db)
    return db


def build(source: Path, n: int) -> Path:
    """The replicated store of ``n`` records (built once)."""
    path = OUT / f"web_{n}.db"
    if path.exists():
        return path
    with Store(source, readonly=True) as src:
        records = list(src.iter_articles())
        clusters = {a.id: src.dedup.cluster_of(a.id) or a.id for a in records}
    tmp = path.with_suffix(".tmp")
    for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        p.unlink(missing_ok=True)
    none: Keys = (None, None)
    with Store(tmp) as store:
        done, k = 0, 0
        while done < n:
            with store.transaction():
                batch: list[Article] = []
                for i, a in enumerate(records):
                    if done >= n:
                        break
                    b = replica(a, k, i)
                    # keyed by the source, not the record's id: two baomoi records hold the same id in
                    # their JSON (the store gave the second row another id but left its JSON as it was)
                    b.id = stable_id(f"{a.source}#web{k}")
                    store.put(b)
                    store.dedup.add_member(b.id, [], none, cluster_id=stable_id(f"{clusters[a.id]}#{k}"))
                    batch.append(b)
                    done += 1
                store.entities.write(batch)
            k += 1
            print(f"  built {done}/{n}", file=sys.stderr, end="\r")
        store.optimize()
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.replace(tmp, path)
    print(file=sys.stderr)
    return path


def query_pool(db: Path, size: int, seed: int) -> list[str]:
    """Distinct two-word queries from titles, half typed without diacritics."""
    rng = random.Random(seed)
    with Store(db, readonly=True) as st:
        titles = [
            t for (t,) in st.conn.execute("SELECT title FROM articles WHERE title IS NOT NULL LIMIT 5000")
        ]
    pairs = set()
    for t in titles:
        words = re.findall(r"[^\W\d_]+", t)
        for j in range(len(words) - 1):
            pairs.add(f"{words[j]} {words[j + 1]}".lower())
    chosen = rng.sample(sorted(pairs), min(size, len(pairs)))
    return [fold_key(q) if i % 2 else q for i, q in enumerate(chosen)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """CPU seconds of a process and of its live children (the worker processes of ``--workers``)."""
    total = 0.0
    for p in [pid, *_children(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        kids = (task / "children").read_text().split()
        found += [int(k) for k in kids]
    return found + [g for k in found for g in _children(k)]


def load(port: int, paths: list[str], clients: int, rate: float, seconds: float) -> tuple[list[float], int]:
    """Latencies (ms) of the requests answered within ``seconds``; errors counted."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    it = iter(paths)
    stop = time.monotonic() + seconds

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        interval = 1.0 / rate if rate > 0 else 0.0
        next_at = time.monotonic() + random.random() * interval
        while True:
            now = time.monotonic()
            if now >= stop:
                break
            if next_at > now:
                time.sleep(next_at - now)
            with lock:
                path = next(it, None)
            if path is None:
                break
            start = time.perf_counter()
            conn.request("GET", path)
            resp = conn.getresponse()
            resp.read()
            took = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(took)
                errors[0] += resp.status != 200
            next_at = max(next_at + interval, time.monotonic()) if interval else 0.0
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors[0]


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(q * len(s)))] if s else float("nan")


def attention_timing(db: Path) -> None:
    """Attention (catalog built, query not cached) for the query whose stories are nearest 10,000."""
    reader = Reader(db)
    reader.catalog()
    best = None
    for q in ("gia vang", "thoi tiet", "tai nan", "benh vien", "chung khoan", "trung quoc", "cong an"):
        n = reader.search(StoryQuery(q=q, limit=1), with_facets=False)["total"]
        if best is None or abs(n - 10_000) < abs(best[1] - 10_000):
            best = (q, n)
    assert best is not None
    q, n = best
    times = []
    for rep in range(5):
        fresh = Reader(db)
        fresh.catalog()
        start = time.perf_counter()
        data = fresh.attention(StoryQuery(q=q), None, by_outlet=rep % 2 == 1)
        times.append((time.perf_counter() - start) * 1000)
    print(
        f"attention for {q!r} ({n:,} stories, {data['interval']}, match + count, 5 runs): median"
        f" {statistics.median(times):.1f} ms, max {max(times):.1f} ms (target <= {TARGETS['attention']:.0f})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    shared = os.environ.get("BAOCHI_SHARED_DATA")
    parser.add_argument(
        "--data", type=Path, default=Path(shared) if shared else ROOT.parent / "shared" / "data"
    )
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--quick", action="store_true", help="20,000 records, 10 s per phase")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--rate", type=float, default=0.5, help="requests/s per client (0: unpaced)")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2, help="server processes (baochi serve --workers)")
    args = parser.parse_args()
    n = 20_000 if args.quick else args.records
    seconds = 10.0 if args.quick else args.seconds
    db = build(ensure_source(args.data), n)
    attention_timing(db)
    port = _free_port()
    server = subprocess.Popen(
        [*SERVE, "--db", str(db), "--port", str(port), "--workers", str(args.workers)],
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.exit("the server did not start")
                time.sleep(0.2)
        pool = query_pool(db, 40_000, 1)
        half = len(pool) // 2
        api = [f"/api/search?{urlencode({'q': q})}" for q in pool[:half]]
        page = [f"/?{urlencode({'q': q})}" for q in pool[half:]]
        hot_api, hot_page = api[-200:], page[-200:]
        # every worker builds its catalog before the first phase
        load(port, ["/api/search?q=warm"] * 8 * args.workers, args.clients, 0, 300)
        phases: list[tuple[str, list[str], list[str]]] = [
            ("static file (anchor)", ["/static/style.css"] * 100_000, []),
            ("/api/search cold", api[:-200], []),
            ("search page / cold", page[:-200], []),
            # asked 3 times each just before (unmeasured): in every worker's cache
            ("/api/search warm", hot_api * 500, hot_api * 3),
            ("search page / warm", hot_page * 500, hot_page * 3),
        ]
        pace = f"{args.rate} req/s each" if args.rate else "unpaced"
        print(
            f"{n:,} records; {args.workers} server processes; {args.clients} clients, {pace}, {seconds:.0f} s"
        )
        head = (
            "route",
            "requests",
            "req/s",
            "p50 ms",
            "p90 ms",
            "p99 ms",
            "server CPU s",
            "CPU ms/req",
            "errors",
        )
        print("{:<22} {:>8} {:>7} {:>7} {:>7} {:>7} {:>12} {:>10} {:>6}".format(*head))
        for name, paths, before in phases:
            load(port, before, args.clients, 0, 600)
            cpu0 = cpu_seconds(server.pid)
            lat, errors = load(port, paths, args.clients, args.rate, seconds)
            cpu = cpu_seconds(server.pid) - cpu0
            per = 1000 * cpu / max(1, len(lat))
            cells = (
                len(lat),
                len(lat) / seconds,
                pct(lat, 0.5),
                pct(lat, 0.9),
                pct(lat, 0.99),
                cpu,
                per,
                errors,
            )
            print(
                "{:<22} {:>8} {:>7.1f} {:>7.1f} {:>7.1f} {:>7.1f} {:>12.2f} {:>10.1f} {:>6}".format(
                    name, *cells
                )
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    p50, p99 = TARGETS["p50"], TARGETS["p99"]
    print(f"targets: p50 <= {p50:.0f} ms, p99 <= {p99:.0f} ms (search page and /api/search)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
