"""Issue 13: with one big input (a JSONL dump, a CSV, a WARC crawl, a Parquet file) the ingest bar moves
record by record -- bytes of the file read against its size, with an ETA -- not only when the file ends."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from baochi.cli import main

ROWS = 300
BODY = "Sáng nay, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác năm {n} với nhiều đại biểu. " * 3


def _rows() -> list[dict[str, str]]:
    return [{"title": f"Tin số {n}", "maintext": BODY.format(n=n)} for n in range(ROWS)]


def _jsonl(path: Path) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in _rows()), encoding="utf-8")


def _csv(path: Path) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["title", "maintext"])
    writer.writeheader()
    writer.writerows(_rows())
    path.write_text(out.getvalue(), encoding="utf-8")


def _warc(path: Path) -> None:
    from tests.test_html_readers import warc_record

    pages = [
        f"<html><head><title>{r['title']}</title></head><body><article><h1>{r['title']}</h1>"
        f"<p>{r['maintext']}</p><p>{r['maintext']}</p></article></body></html>".encode()
        for r in _rows()
    ]
    path.write_bytes(b"".join(warc_record(f"https://tin.example.vn/{n}.htm", p) for n, p in enumerate(pages)))


def _parquet(path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.Table.from_pylist(_rows()), path, row_group_size=20)


@pytest.mark.parametrize(
    ("name", "make"),
    [("dump.jsonl", _jsonl), ("dump.csv", _csv), ("crawl.warc", _warc), ("d.parquet", _parquet)],
)
def test_cli_ingest_bar_moves_inside_one_big_input(
    name: str, make: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / name
    make(path)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    from baochi.cli import progress

    positions: list[int] = []
    real_bar = progress.bar

    def spy(**kwargs: Any) -> Any:
        b = real_bar(**kwargs)
        update = b.update

        def counted(n: float | None = 1) -> bool | None:
            out = update(n)
            positions.append(int(b.n))
            return out

        b.update = counted
        return b

    monkeypatch.setattr("baochi.cli.core.bar", spy)
    code = main(["ingest", str(path), "--db", str(tmp_path / "p.db"), "--steps", "none", "-j", "1"])
    assert code == 0
    size = path.stat().st_size
    inside = sorted({n for n in positions if 0 < n < size})
    assert len(inside) >= 5, positions  # the bar moved many times before the file's end
    assert positions[-1] == size
    err = capsys.readouterr().err
    assert f"documents read: {ROWS}" in err
