"""``bench/extraction.py --big``: build a ~1 GB WARC.gz from the dev pages (each page repeated under many
URLs, as a crawl of one site would hold many pages of one template) and read + extract it as the pipeline
does, one record at a time, sampling the resident memory to show it stays flat.

Each record is its own gzip member (WARC/1.0 response with an HTTP header), as in Common Crawl files.
The page bytes of a record are compressed once per page and reused, so building stays fast.
"""

from __future__ import annotations

import gzip
import os
import resource
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from baochi.errors import BaochiError, InputError
from baochi.extract import extract_article
from baochi.ingest.options import ReadOptions
from baochi.ingest.warc import read_warc_file

# Resident memory is sampled every this many records.
SAMPLE_EVERY = 2000


def _rss_mb() -> float:
    """Current resident set size in MB (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        return 0.0


def build_warc(path: Path, pages: list[tuple[str, bytes, Any]], target_mb: int) -> tuple[int, int]:
    """Write the WARC.gz; returns (records, bytes)."""
    bodies = []
    for _, data, _ in pages:
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        http += f"Content-Length: {len(data)}\r\n\r\n".encode() + data
        bodies.append((len(http), gzip.compress(http + b"\r\n\r\n", compresslevel=6)))
    target = target_mb * 1_000_000
    written = records = 0
    with open(path, "wb") as out:
        while written < target:
            i = records % len(bodies)
            length, member = bodies[i]
            head = (
                "WARC/1.0\r\nWARC-Type: response\r\n"
                f"WARC-Target-URI: https://site{i}.example.vn/bai-viet-{records}.html\r\n"
                "WARC-Date: 2026-03-07T01:00:00Z\r\n"
                f"WARC-Record-ID: <urn:uuid:{uuid.UUID(int=records)}>\r\n"
                f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length}\r\n\r\n"
            ).encode()
            chunk = gzip.compress(head, compresslevel=6) + member
            out.write(chunk)
            written += len(chunk)
            records += 1
    return records, written


def run_big(pages: list[tuple[str, bytes, Any]], target_mb: int) -> None:
    """Build, read and extract the big WARC.gz; print throughput and memory figures."""
    with tempfile.TemporaryDirectory(prefix="baochi-warc-") as tmp:
        path = Path(tmp) / "big.warc.gz"
        t0 = time.perf_counter()
        records, size = build_warc(path, pages, target_mb)
        built = time.perf_counter() - t0
        print(f"\nWARC.gz: {size / 1e6:.0f} MB, {records} response records, built in {built:.0f} s")
        errors: list[InputError] = []
        samples: list[float] = []
        n = failed = articles = 0
        rss_start = _rss_mb()
        t0 = time.perf_counter()
        for doc in read_warc_file(str(path), errors.append, ReadOptions()):
            try:
                art = extract_article(doc)
                articles += art.page_type == "article"
            except BaochiError:
                failed += 1
            n += 1
            if n % SAMPLE_EVERY == 0:
                samples.append(_rss_mb())
        took = time.perf_counter() - t0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1000
        print(f"read + extract: {n} records in {took:.0f} s = {n / took:.1f} records/s, "
              f"{size / 1e6 / took:.1f} MB/s of WARC.gz (one core)")  # fmt: skip
        print(f"articles {articles}, list pages {n - articles - failed}, record errors {failed}, "
              f"reader errors {len(errors)}")  # fmt: skip
        if samples:
            first = samples[0]
            print(f"resident memory: {rss_start:.0f} MB before, {first:.0f} MB after {SAMPLE_EVERY} records, "
                  f"{max(samples):.0f} MB max over the run, {samples[-1]:.0f} MB at the end; "
                  f"peak RSS (getrusage) {peak:.0f} MB")  # fmt: skip
