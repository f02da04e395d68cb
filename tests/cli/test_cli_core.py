from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from baochi.cli import main
from baochi.store import Store

ROOT = Path(__file__).resolve().parents[2]


def _record(title: str, text: str, url: str, date: str = "2018-09-08T10:00:00+07:00") -> str:
    return json.dumps(
        {"title": title, "maintext": text, "url": url, "date_publish": date}, ensure_ascii=False
    )


@pytest.fixture()
def corpus(tmp_path: Path, seed_document: Path) -> Path:
    """A folder with the founding document, a JSONL dump with one bad line, and three bad files."""
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(seed_document, d / "seed.txt")
    lines = [
        _record(
            "Đà Nẵng đón khách du lịch",
            "Các bãi biển ở Đà Nẵng đông khách.\n\nNgành du lịch thành phố kỳ vọng doanh thu tăng.",
            "https://vnexpress.net/da-nang-1.html",
        ),
        '{"title": "broken", "maintext": ',
        _record(
            "Giá vàng tăng mạnh",
            "Giá vàng trong nước sáng nay tăng mạnh theo giá thế giới.",
            "https://tuoitre.vn/gia-vang-2.htm",
            "2019-01-02",
        ),
    ]
    (d / "dump.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (d / "empty.txt").write_bytes(b"")
    (d / "image.txt").write_bytes(bytes(range(256)) * 40)
    return d


def _ingest(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["ingest", *args, "--no-progress"])
    return code, capsys.readouterr().err


def test_cli_ingest_reports_bad_inputs_and_goes_on(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "b.db")
    code, err = _ingest(capsys, str(corpus), "--db", db)
    assert code == 1
    assert "documents read: 3" in err
    assert "stored: 3 new, 0 updated" in err
    assert "errors: 3" in err
    bad = [line for line in err.splitlines() if line.startswith("  ") and "in/" in line]
    assert len(bad) == 3
    assert sum("dump.jsonl:2" in line for line in bad) == 1
    assert sum("empty.txt" in line and "empty" in line for line in bad) == 1
    assert sum("image.txt" in line for line in bad) == 1
    with Store(db) as store:
        assert store.count("articles") == 3
        assert store.integrity() == []


def test_cli_ingest_twice_adds_nothing_and_updates_changed_input(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "b.db")
    _ingest(capsys, str(corpus / "seed.txt"), str(corpus / "dump.jsonl"), "--db", db)
    code, err = _ingest(capsys, str(corpus / "seed.txt"), str(corpus / "dump.jsonl"), "--db", db)
    assert "skipped: 3" in err and "3 already stored, unchanged" in err
    assert "stored:" not in err
    # the same bytes under another path are another input: it keeps its own record (issue 13)
    shutil.copy(corpus / "seed.txt", tmp_path / "copy.txt")
    code, err = _ingest(capsys, str(tmp_path / "copy.txt"), "--db", db)
    assert code == 0 and "stored: 1 new, 0 updated" in err
    # a changed input updates its record
    seed = corpus / "seed.txt"
    seed.write_text(seed.read_text("utf-8").replace("Hội nghị lần thứ 6", "Hội nghị lần thứ 7", 1), "utf-8")
    code, err = _ingest(capsys, str(seed), "--db", db)
    assert code == 0 and "stored: 0 new, 1 updated" in err
    with Store(db) as store:
        assert store.count("articles") == 4 and store.count("documents") == 4
        titles = {a.source: a.title for a in store.iter_articles()}
        assert "lần thứ 7" in (titles[str(seed)] or "")
        assert "lần thứ 6" in (titles[str(tmp_path / "copy.txt")] or "")
        assert store.integrity() == []


def test_cli_ingest_strict_stops_at_first_failure(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "b.db")
    code, err = _ingest(capsys, str(corpus / "dump.jsonl"), str(corpus / "seed.txt"), "--db", db, "--strict")
    assert code == 1
    assert "errors: 1" in err and "--strict" in err
    with Store(db) as store:
        # the record before the bad line is kept; nothing after it was read
        assert store.count("articles") == 1


def test_cli_ingest_glob_and_field_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dump = tmp_path / "vi.jsonl"
    rec = {
        "tieude": "Bão số 3 đổ bộ",
        "noidung": "Bão số 3 đổ bộ vào Quảng Ninh chiều nay.",
        "ngay": "2024-09-07",
    }
    dump.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    db = str(tmp_path / "b.db")
    args = [str(tmp_path / "*.jsonl"), "--db", db, "--field", "title=tieude", "--field", "text=noidung"]
    code, _ = _ingest(capsys, *args, "--field", "date=ngay")
    assert code == 0
    with Store(db) as store:
        (a,) = list(store.iter_articles())
    assert a.title == "Bão số 3 đổ bộ"
    assert a.published_at is not None and a.published_at.startswith("2024-09-07")


def test_cli_bad_field_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["ingest", "x", "--field", "notakeyvalue"])
    assert exc.value.code == 2


def test_cli_search_show_stats(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "b.db")
    _ingest(capsys, str(corpus), "--db", db)

    assert main(["search", "ben tre", "--db", db, "--json"]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert hits and all(
        list(h) == ["id", "title", "outlet", "published_at", "score", "snippet"] for h in hits
    )
    assert hits[0]["title"] == "Hội nghị lần thứ 6 Ban Chấp hành Đảng bộ TP. Bến Tre"
    assert hits[0]["outlet"] == {"name": "Báo Đồng Khởi", "domain": "baodongkhoi.vn"}

    assert main(["search", '"đà nẵng"', "--db", db, "--outlet", "vnexpress.net", "--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert "Đà Nẵng đón khách du lịch" in out and "«Đà Nẵng»" in out

    assert main(["search", "gia vang", "--db", db, "--since", "2019", "--json"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert main(["search", "gia vang", "--db", db, "--until", "2018-12-31", "--json"]) == 0
    assert capsys.readouterr().out == ""
    assert main(["search", "'; DROP TABLE articles; --", "--db", db]) == 0
    assert main(["search", "x", "--db", db, "--since", "last week"]) == 2
    capsys.readouterr()

    assert main(["show", hits[0]["id"], "--db", db, "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["id"] == hits[0]["id"] and record["format"] == 1
    assert record["dateline"]["prefix"] == "BDK.VN"
    assert main(["show", hits[0]["id"], "--db", db]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Hội nghị lần thứ 6") and "Thu Huyền" in text
    assert main(["show", "0000000000", "--db", db]) == 1

    assert main(["stats", "--db", db, "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["articles"] == 3 and stats["by_page_type"] == {"article": 3}
    assert stats["by_outlet"]["Báo Đồng Khởi"] == 1
    assert stats["by_month"]["2021-04"] == 1
    assert main(["stats", "--db", db]) == 0
    assert "by outlet:" in capsys.readouterr().out


def test_cli_read_commands_need_an_existing_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "none.db")
    assert main(["search", "ben tre", "--db", db]) == 2
    assert main(["stats", "--db", db]) == 2
    assert main(["show", "abc", "--db", db]) == 2
    assert "no such database" in capsys.readouterr().err
    assert not Path(db).exists()


def test_cli_extract_writes_json_lines(
    corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    code = main(["extract", str(corpus / "seed.txt"), str(corpus / "dump.jsonl"), "-o", str(out)])
    assert code == 1  # the bad JSON line
    assert capsys.readouterr().err.count("dump.jsonl:2") == 1
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert records[0]["title"] == "Hội nghị lần thứ 6 Ban Chấp hành Đảng bộ TP. Bến Tre"
    assert len(records) == 3 and all(r["format"] == 1 for r in records)


def test_cli_extract_reads_stdin(
    seed_document: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(seed_document.read_bytes())))
    assert main(["extract", "-"]) == 0
    (line,) = capsys.readouterr().out.splitlines()
    assert json.loads(line)["published_at"] == "2021-04-19T14:06:00+07:00"


def test_cli_kill_during_ingest_leaves_consistent_database(tmp_path: Path) -> None:
    src = tmp_path / "many"
    src.mkdir()
    for i in range(3000):
        body = f"Bài số {i} về Đảng bộ tỉnh Bến Tre.\n\n" + "Nội dung đoạn văn dài. " * 30 + f"{i}"
        (src / f"{i:05d}.txt").write_text(f"Tiêu đề bài {i}\n\n{body}\n", encoding="utf-8")
    db = tmp_path / "k.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cmd = [sys.executable, "-m", "baochi.cli", "ingest", str(src), "--db", str(db), "--no-progress"]
    proc = subprocess.Popen(cmd, env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.2)
        try:
            with Store(db, create=False) as store:
                stored = store.count("articles")
        except Exception:
            continue
        if stored >= 400:
            break
    assert proc.poll() is None, "ingest finished before it could be killed: make the corpus larger"
    children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children")
    workers = [int(p) for p in children.read_text().split()] if children.exists() else []
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # the workers of a killed run leave too (none is left sleeping on its pipe)
    until = time.monotonic() + 15
    while time.monotonic() < until and any(Path(f"/proc/{w}").exists() for w in workers):
        time.sleep(0.2)
    alive = [w for w in workers if Path(f"/proc/{w}").exists()]
    for w in alive:
        os.kill(w, signal.SIGKILL)
    assert not alive, f"worker processes {alive} outlived their killed parent"
    with Store(db) as store:
        assert store.integrity() == []
        n = store.count("articles")
        assert n >= 400 and n == store.count("documents")
    # the next run completes the work and adds each input once
    assert main(["ingest", str(src), "--db", str(db), "--no-progress"]) == 0
    with Store(db) as store:
        assert store.count("articles") == 3000 and store.integrity() == []
