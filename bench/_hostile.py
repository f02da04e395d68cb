"""A hostile corpus, generated (never committed): 100+ bad or odd inputs of issue 14 mixed with good ones.

``build(folder)`` writes the corpus and returns its cases. Each case has a kind (for the table of
``bench/robust.py``), the name that must appear in the run's error lines when it is expected to fail,
and the titles that must be stored when it is expected to be stored (good documents, and odd ones that
must be repaired rather than rejected). Used by ``tests/test_robust_corpus.py`` and ``bench/robust.py``.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import socket
import zlib
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(slots=True)
class Case:
    """One input of the corpus and what the run must do with it."""

    kind: str
    name: str  # path relative to the corpus folder (as it appears in error lines)
    expect: str  # "stored", "failed" (named in an error line), "partial" (both)
    titles: list[str] = field(default_factory=list)  # titles that must be stored


def _text(title: str, i: int) -> str:
    body = (
        f"Ngày {i % 28 + 1}-4-2021, Ban Chấp hành Đảng bộ tỉnh tổ chức hội nghị lần thứ {i}"
        " để đánh giá kết quả thực hiện nhiệm vụ quý I và triển khai nhiệm vụ quý II năm 2021"
        " tại Thành phố Hồ Chí Minh."
    )
    close = f"Đồng chí Nguyễn Văn Tuấn, Bí thư Thành ủy, phát biểu chỉ đạo hội nghị số {i}."
    return f"{title}\n\n{body}\n\n{close}\n"


def _html(title: str, body: str, head: str = "") -> str:
    return (
        f"<!doctype html><html><head><title>{title}</title>{head}</head><body><article><h1>{title}</h1>"
        f"<p>{body}</p><p>Đoạn thứ hai của bài viết có thêm nhiều thông tin chi tiết về sự kiện này.</p>"
        "</article></body></html>"
    )


def _warc(url: str, page: bytes, length: int | None = None) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
        f"Content-Length: {length if length is not None else len(http)}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


def _bomb(path: Path, size: int, prefix: bytes = b"") -> None:
    """A gzip file of ``size`` zero bytes (after ``prefix``), written without holding them."""
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    with open(path, "wb") as fh:
        fh.write(comp.compress(prefix))
        chunk = b"\x00" * (1 << 20)
        for _ in range(size >> 20):
            fh.write(comp.compress(chunk))
        fh.write(comp.flush())


class _Corpus:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.cases: list[Case] = []
        self.n = 0

    def title(self, label: str) -> str:
        self.n += 1
        return f"Bài tốt {label} số {self.n}"

    def write(self, name: str, data: bytes | str) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        return path

    def add(
        self, kind: str, name: str, data: bytes | str | None, expect: str, titles: list[str] | None = None
    ) -> None:
        if data is not None:
            self.write(name, data)
        self.cases.append(Case(kind, name, expect, titles or []))

    def good(self, kind: str, count: int) -> None:
        """Good documents of every reader, interleaved with the bad ones."""
        for i in range(count):
            t = self.title(kind)
            form = i % 4
            if form == 0:
                self.add(kind, f"good/{kind}-{i}.txt", _text(t, i), "stored", [t])
            elif form == 1:
                self.add(kind, f"good/{kind}-{i}.html", _html(t, _text(t, i).split("\n\n")[1]), "stored", [t])
            elif form == 2:
                rec = {
                    "title": t,
                    "maintext": _text(t, i).split("\n\n", 1)[1],
                    "url": f"https://tinsang.vn/{kind}-{i}",
                }
                self.add(
                    kind, f"good/{kind}-{i}.jsonl", json.dumps(rec, ensure_ascii=False) + "\n", "stored", [t]
                )
            else:
                self.add(kind, f"good/{kind}-{i}.txt.gz", gzip.compress(_text(t, i).encode()), "stored", [t])


def build(root: Path, *, big: bool = True) -> list[Case]:
    """Write the corpus under ``root``; ``big=False`` leaves out the inputs of hundreds of megabytes."""
    c = _Corpus(root)
    rng = random.Random(14)
    c.good("good", 40)

    # -- JSON that Python's json module raises on (not JSONDecodeError)
    for i, digits in enumerate((4301, 5000, 100_000)):
        t = c.title("json")
        lines = [
            json.dumps({"title": t, "text": _text(t, i)}, ensure_ascii=False),
            '{"title": "x", "text": "y", "n": ' + "7" * digits + "}",
        ]
        c.add("json number of thousands of digits", f"bad/bignum-{i}.jsonl", "\n".join(lines), "partial", [t])
        c.add("json number of thousands of digits", f"bad/bignum-{i}.json", lines[1], "failed")
    for i, depth in enumerate((100_000, 200_000)):
        c.add("json nested 100,000+ deep", f"bad/deep-{i}.json", "[" * depth + "]" * depth, "failed")
        c.add(
            "json nested 100,000+ deep", f"bad/deep-{i}.jsonl", '{"a":' * depth + "1" + "}" * depth, "failed"
        )
    # -- strings that cannot be stored
    for i, bad in enumerate(("\\ud800", "\\udfff", "\\udc00\\ud800", "x\\ud83d")):
        t = c.title("surrogate")
        c.add(
            "lone surrogate in JSON",
            f"odd/surrogate-{i}.jsonl",
            f'{{"title": "{t}", "text": "Nội dung {bad} của bài báo ở Hà Nội.", "authors": ["A{bad}"]}}\n',
            "stored",
            [t],
        )
    for i in range(4):
        t = c.title("filename")
        raw = os.fsencode(str(root / "odd")) + b"/t\xean-" + bytes([0xE0 + i]) + b"\xff.txt"
        os.makedirs(root / "odd", exist_ok=True)
        with open(raw, "wb") as fh:
            fh.write(_text(t, i).encode())
        c.cases.append(Case("file name not UTF-8", "odd/t\\xean-", "stored", [t]))
    # -- size: bombs, huge texts, devices
    size = (200 << 20) if big else (70 << 20)
    os.makedirs(root / "bad", exist_ok=True)
    for name in ("bomb.txt.gz", "bomb.html.gz", "bomb.gz", "bomb.json.gz"):
        _bomb(root / "bad" / name, size)
        c.cases.append(Case("gzip bomb", f"bad/{name}", "failed"))
    _bomb(root / "bad" / "bomb-line.jsonl.gz", size, prefix=b'{"title": "x", "text": "')
    c.cases.append(Case("gzip bomb", "bad/bomb-line.jsonl.gz", "failed"))
    with open(root / "bad" / "huge.txt", "wb") as fh:
        line = ("Một dòng văn bản rất dài không có điểm dừng " * 1000).encode()
        for _ in range(((100 << 20) if big else (70 << 20)) // len(line) + 1):
            fh.write(line)
    c.cases.append(Case("text over 64 MiB", "bad/huge.txt", "failed"))
    # -- HTML that never leaves the parser
    for i, (tag, depth) in enumerate((("div", 200_000), ("span", 50_000), ("b", 200_000), ("table", 30_000))):
        closing = f"</{tag}>" * depth if i != 2 else ""
        page = f"<html><body>{f'<{tag}>' * depth}x{closing}</body></html>"
        c.add("HTML nested 30,000+ deep", f"bad/deep-{i}.html", page, "failed")
    t = c.title("deep-record")
    rec = {"title": t, "html": "<html><body>" + "<div>" * 100_000 + "x</body></html>"}
    c.add("HTML nested 30,000+ deep", "bad/deep-html-record.jsonl", json.dumps(rec) + "\n", "failed")
    # -- folder oddities
    (root / "dirs").mkdir()
    os.mkfifo(root / "dirs" / "fifo.txt")
    c.cases.append(Case("FIFO in a folder", "dirs/fifo.txt", "failed"))
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(root / "dirs" / "sock.txt"))
        c.cases.append(Case("socket in a folder", "dirs/sock.txt", "failed"))
    except OSError:  # pragma: no cover - path too long for a socket
        pass
    finally:
        sock.close()
    outside = root.parent / f"{root.name}-outside.txt"
    outside.write_text(_text("Bí mật ngoài thư mục", 1), encoding="utf-8")
    os.symlink(outside, root / "dirs" / "outside.txt")
    c.cases.append(Case("symbolic link out of the inputs", "dirs/outside.txt", "failed"))
    (root / "dirs" / "loop" / "sub").mkdir(parents=True)
    os.symlink("..", root / "dirs" / "loop" / "sub" / "up")
    os.symlink(str(root / "dirs"), root / "dirs" / "loop" / "again")
    t = c.title("loop")
    c.add("symbolic link loop", "dirs/loop/sub/in-loop.txt", _text(t, 3), "stored", [t])
    # -- silent loss
    for i in range(6):
        t = c.title("shared-url")
        head = '<link rel="canonical" href="https://vnexpress.net/">'
        c.add(
            "pages sharing one URL",
            f"odd/shared-{i}.html",
            _html(t, _text(t, i).split("\n\n")[1], head),
            "stored",
            [t],
        )
    seed = _text("Cùng tiêu đề và nội dung", 7)
    for i, byline in enumerate(("Thu Huyền", "Minh Thư", "Ngọc Anh")):
        c.add(
            "same title and text, other byline",
            f"odd/copy-{i}.txt",
            seed + f"\n{byline}\n",
            "stored",
            ["Cùng tiêu đề và nội dung"],
        )
    records = [
        _warc(f"https://x.vn/w{i}", _html(f"Trang WARC {i}", _text("W", i)).encode()) for i in range(3)
    ]
    for i, length in enumerate((10**12, 20_000, 150)):
        bad = _warc("https://x.vn/bad", _html("Hỏng", "x").encode(), length)
        c.add(
            "WARC record with a false Content-Length",
            f"bad/cl-{i}.warc",
            records[0] + bad + records[1],
            "partial",
            ["Trang WARC 0", "Trang WARC 1"],
        )
    blob = b"".join(gzip.compress(r) for r in records)
    c.add(
        "WARC.gz cut short",
        "bad/cut.warc.gz",
        blob[: len(blob) - 100],
        "partial",
        ["Trang WARC 0", "Trang WARC 1"],
    )
    lines = [
        json.dumps({"title": f"Dòng {i}", "text": _text("D", i) * 20}, ensure_ascii=False) for i in range(60)
    ]
    blob = gzip.compress(("\n".join(lines) + "\n").encode())
    c.add("JSONL.gz cut short", "bad/cut.jsonl.gz", blob[: len(blob) // 2], "partial", ["Dòng 0", "Dòng 1"])
    t = c.title("cut-text")
    blob = gzip.compress((_text(t, 2) * 30).encode())
    c.add("text.gz cut short (kept, warned)", "odd/cut.txt.gz", blob[: len(blob) * 2 // 3], "stored", [t])
    # -- loud but avoidable loss
    good_bytes = [_text(c.title("bytes"), i).encode() for i in range(6)]
    for i, data in enumerate(good_bytes[:3]):
        c.add(
            "invalid UTF-8 byte",
            f"odd/badbyte-{i}.txt",
            data[:60] + bytes([0xFF - i]) + data[60:],
            "stored",
            [data.decode().split("\n")[0]],
        )
    c.add(
        "text cut inside a letter",
        "odd/cutletter.txt",
        good_bytes[3] + "ệ".encode()[:2],
        "stored",
        [good_bytes[3].decode().split("\n")[0]],
    )
    for i, data in enumerate(good_bytes[4:]):
        spoiled = data[:40] + b"\x00\x00\x00" + data[40:] + b"\x00"
        c.add("a few NUL bytes", f"odd/nul-{i}.txt", spoiled, "stored", [data.decode().split("\n")[0]])
    for i, authors in enumerate((42, True, {"x": 1}, [1, None, "Ngọc Anh"], 3.5)):
        t = c.title("authors")
        rec = {"title": t, "text": _text(t, i), "authors": authors}
        c.add(
            "authors of any JSON type",
            f"odd/authors-{i}.jsonl",
            json.dumps(rec, ensure_ascii=False) + "\n",
            "stored",
            [t],
        )
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is in the `all` extra
        pass
    else:
        import datetime as dt
        from decimal import Decimal

        ts = [c.title("parquet") for _ in range(3)]
        table = pa.table(
            {
                "title": ts,
                "text": [_text(t, 1) for t in ts],
                "price": pa.array([Decimal("1.5"), Decimal("2"), None], pa.decimal128(6, 2)),
                "at": pa.array([dt.time(1, 2), None, dt.time(3, 4)]),
                "took": pa.array([dt.timedelta(seconds=1), None, dt.timedelta(days=2)]),
            }
        )
        (root / "odd").mkdir(exist_ok=True)
        pq.write_table(table, root / "odd" / "types.parquet")
        c.cases.append(Case("Parquet Decimal/time/duration columns", "odd/types.parquet", "stored", ts))
    # -- the terminal
    for i, evil in enumerate(("\x1b]0;pwned\x07", "\x1b[2J\x1b[H", "\x9b31m", "\u202etxt.exe")):
        t = c.title("escape")
        rec = {
            "title": f"{t} {evil}",
            "text": _text(t, i) + evil,
            "url": f"https://x.vn/e{i}{evil}",
            "authors": [f"Tên {evil}"],
        }
        c.add(
            "escape sequences in fields",
            f"odd/escape-{i}.jsonl",
            json.dumps(rec, ensure_ascii=False) + "\n",
            "stored",
            [f"{t} {evil}"],
        )
    c.add("escape sequences in a file name", "bad/evil\x1b[2Jname.txt", b"", "failed")
    # -- plain junk and kin
    for i in range(8):
        c.add(
            "binary junk",
            f"bad/junk-{i}.txt",
            bytes(rng.getrandbits(8) for _ in range(4096 * (i + 1))),
            "failed",
        )
    c.add("binary junk", "bad/image.png.txt", b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000, "failed")
    for i, data in enumerate((b"", b"   \n\n\t", b"\xef\xbb\xbf", b"\xff\xfe")):
        c.add("empty file", f"bad/empty-{i}.txt", data, "failed")
    for i, data in enumerate(
        ('{"title": "x", "text": ', "[1, 2, 3]", '"just a string"', "{} trailing", "NaN]")
    ):
        c.add("invalid JSON", f"bad/invalid-{i}.json", data, "failed")
    c.add(
        "dump without a text field", "bad/fields.jsonl", '{"tieu_de": "x", "noi_dung": "y"}\n' * 50, "failed"
    )
    c.add("dump without a text field", "bad/fields.csv", "tieu_de,noi_dung\nx,y\n", "failed")
    t = c.title("csv")
    c.add("CSV rows", "odd/rows.csv", f'title,content\n"{t}","{_text(t, 1)}"\n', "stored", [t])
    for i, page in enumerate(
        (
            "<html>" + "<" * 500_000,
            "<html><body><p " + "a=b " * 200_000 + ">x</p></body></html>",
            "<html><body>" + "<script>" * 50_000 + "</body></html>",
            "<html><head></head></html>",
        )
    ):
        c.add("odd HTML", f"bad/odd-{i}.html", page, "any")
    for i, text in enumerate(
        (
            "Tiêu đề\n\n" + "Một câu rất dài không có dấu chấm " * 30_000,
            "Tiêu đề\n\n" + "\n".join("dòng ngắn" for _ in range(100_000)),
            "x" * 200_000,
        )
    ):
        c.add("very long line or many lines", f"odd/long-{i}.txt", text, "any")
    return c.cases


@dataclass(slots=True)
class Outcome:
    """What one run over the corpus gave."""

    exit_status: int
    seconds: float
    peak_rss_mb: float
    stderr: str
    titles: list[str]
    rows: list[tuple[str, int, str, int]]  # kind, cases, expected outcome, cases that did not get it
    problems: list[str]


def run(root: Path, db: Path, baochi: list[str], cases: list[Case], timeout: float) -> Outcome:
    """Ingest the corpus (the folder and a ``**`` glob over its link loop) in a subprocess; check it."""
    import subprocess
    import sys
    from collections import Counter

    from baochi.store import Store
    from baochi.terminal import escape_controls

    cmd = [
        *baochi,
        "ingest",
        str(root),
        str(root / "dirs" / "**" / "*.txt"),
        "--db",
        str(db),
        "--no-progress",
    ]
    probe = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.monotonic()\n"
        "p = subprocess.run(sys.argv[2:], capture_output=True, text=True, errors='replace',\n"
        "                   timeout=float(sys.argv[1]))\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(json.dumps([p.returncode, time.monotonic() - t, rss, p.stderr]))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe, str(timeout), *cmd], capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    status, seconds, rss, err = json.loads(done.stdout)
    with Store(db) as store:
        titles = [a.title or "" for a in store.iter_articles()]
    stored = Counter(titles)
    problems: list[str] = []
    if "Traceback" in err or "internal error" in err:
        problems.append("a traceback or an internal error in the output")
    if "\x1b" in err:
        problems.append("a raw escape character in the output")
    failed_lines = [line for line in err.splitlines() if line.startswith("  ")]
    by_kind: dict[str, list[bool]] = {}
    wanted: Counter[str] = Counter()
    for case in cases:
        ok = True
        if case.expect in ("failed", "partial"):
            name = escape_controls(case.name)
            ok = any(name in line for line in failed_lines)
        if case.kind.startswith("same title"):  # copies: each keeps its own record
            wanted.update(case.titles)
        if case.expect in ("stored", "partial"):
            ok = ok and all(stored[t] >= 1 for t in case.titles)
        if not ok:
            problems.append(f"{case.kind}: {case.name} not {case.expect}")
        by_kind.setdefault(case.kind, []).append(ok)
    for title, n in wanted.items():
        if stored[title] < n:
            problems.append(f"{title!r}: {n} expected, {stored[title]} stored")
    expected = {c.kind: c.expect for c in cases}
    rows = [(kind, len(oks), expected[kind], oks.count(False)) for kind, oks in by_kind.items()]
    return Outcome(status, seconds, rss, err, titles, rows, problems)


def table(outcome: Outcome) -> str:
    """The markdown table of a run: case kind, count, expected outcome, got it."""
    words = {
        "stored": "stored",
        "failed": "reported, run goes on",
        "partial": "good parts stored, damage reported",
        "any": "no crash, no hang",
    }
    lines = ["| case kind | count | outcome | as expected |", "| --- | --- | --- | --- |"]
    for kind, n, expect, bad in outcome.rows:
        lines.append(f"| {kind} | {n} | {words[expect]} | {n - bad}/{n} |")
    total = sum(r[1] for r in outcome.rows)
    good = sum(r[1] - r[3] for r in outcome.rows)
    lines.append(f"| **all** | {total} | | {good}/{total} |")
    return "\n".join(lines)
