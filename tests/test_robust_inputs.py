"""Issue 14 (hostile and unusual inputs) and issue 13 (inputs): one test per finding, each failing on the
code before the fix. The mixed hostile corpus is in test_robust_corpus.py."""

from __future__ import annotations

import gzip
import json
import os
import sys
from pathlib import Path

import pytest

from baochi.cli import main
from baochi.errors import InputError
from baochi.ingest import expand_paths, iter_documents
from baochi.ingest.options import ReadOptions
from baochi.model import Document
from baochi.store import Store

GOOD = "Tiêu đề bài báo tốt\n\nĐoạn thứ nhất của bài báo tốt ở Đà Nẵng, viết đủ dài để là một bài báo.\n"


def _record(title: str, text: str, **extra: object) -> str:
    return json.dumps({"title": title, "text": text, **extra}, ensure_ascii=False)


def read(paths: list[Path | str], options: ReadOptions | None = None) -> tuple[list[Document], list[str]]:
    errors: list[InputError] = []
    docs = list(iter_documents([str(p) for p in paths], on_error=errors.append, options=options))
    return docs, [str(e) for e in errors]


def ingest(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str]:
    code = main(["ingest", *args, "--db", str(db), "--no-progress", "--steps", "none"])
    return code, capsys.readouterr().err


def titles(db: Path) -> list[str]:
    with Store(db) as store:
        return sorted(a.title or "" for a in store.iter_articles())


# -- 1. no input ends a run ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"title": "n", "text": "x", "n": ' + "9" * 5000 + "}", "digits"),
        ("[" * 200_000 + "]" * 200_000, "nested too deeply"),
    ],
)
def test_robust_jsonl_hostile_line_costs_only_itself(tmp_path: Path, line: str, reason: str) -> None:
    lines = [_record("A", "a"), line, _record("B", "b")]
    (tmp_path / "d.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "d.json").write_text(line, encoding="utf-8")
    docs, errors = read([tmp_path / "d.jsonl", tmp_path / "d.json"])
    assert [d.source_offset for d in docs] == [1, 3]
    assert len(errors) == 2 and all(reason in e for e in errors)


def test_robust_lone_surrogate_is_stored(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "d.jsonl").write_text(
        '{"title": "Bad \\ud800 title", "text": "Nội dung \\udc00 bài báo."}\n' + _record("B", "b") + "\n",
        encoding="utf-8",
    )
    code, err = ingest(capsys, tmp_path / "x.db", str(tmp_path / "d.jsonl"))
    assert code == 0, err
    assert titles(tmp_path / "x.db") == ["B", "Bad \ufffd title"]


def test_robust_non_utf8_file_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    name = os.fsdecode(str(tmp_path).encode() + b"/in/b\xe0i-\xff.txt")
    with open(name, "w", encoding="utf-8") as fh:
        fh.write(GOOD)
    code, err = ingest(capsys, tmp_path / "x.db", str(tmp_path / "in"))
    assert code == 0, err
    with Store(tmp_path / "x.db") as store:
        [article] = list(store.iter_articles())
    assert article.source.endswith("/b\\xe0i-\\xff.txt")
    assert main(["extract", name, "--steps", "none"]) == 0
    assert "b\\\\xe0i-\\\\xff.txt" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["bomb.txt.gz", "bomb.jsonl.gz", "bomb.html.gz", "bomb.gz"])
def test_robust_gzip_bomb_refused_without_inflating(tmp_path: Path, name: str) -> None:
    from baochi.ingest.limits import Limits

    # 64 MiB of zeros in 64 KB: the limit is set to 1 MiB, so reading may never hold more than that
    (tmp_path / name).write_bytes(gzip.compress(b"\x00" * (64 << 20)))
    docs, errors = read([tmp_path / name], ReadOptions(limits=Limits(max_document_bytes=1 << 20)))
    assert docs == [] and len(errors) == 1
    assert "limit" in errors[0] or "binary" in errors[0] or "empty" in errors[0]


def test_robust_device_and_huge_text_refused(tmp_path: Path) -> None:
    from baochi.ingest.limits import Limits

    (tmp_path / "big.txt").write_bytes(GOOD.encode() * 50_000)  # 5 MB, over a 1 MiB limit
    docs, errors = read(
        ["/dev/zero", tmp_path / "big.txt"], ReadOptions(limits=Limits(max_document_bytes=1 << 20))
    )
    assert docs == []
    assert "not a regular file" in errors[0] and "limit" in errors[1]


def test_robust_cli_huge_limit_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    ingest(capsys, tmp_path / "x.db", str(tmp_path / "a.txt"))
    try:
        code = main(["search", "Đà Nẵng", "--db", str(tmp_path / "x.db"), "--limit", "99999999999999999999"])
    except SystemExit as exc:  # argparse's usage error (the CLI checks the range of --limit)
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert code == 2 and "Traceback" not in err and "limit" in err


def test_robust_cli_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    assert ingest(capsys, tmp_path / "x.db", str(tmp_path / "a.txt"))[0] == 0
    assert ingest(capsys, tmp_path / "y.db", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"))[0] == 1
    assert main(["show", "x", "--db", str(tmp_path / "nosuch.db")]) == 2
    import baochi.cli.core as core

    def bug(*args: object) -> int:
        raise AttributeError("'int' object has no attribute 'get'")

    monkeypatch.setattr(core, "cmd_stats", bug)
    capsys.readouterr()
    assert main(["stats", "--db", str(tmp_path / "x.db")]) == 3
    err = capsys.readouterr().err
    assert "internal error: AttributeError" in err and "report" in err and "Traceback" not in err
    assert main(["-v", "stats", "--db", str(tmp_path / "x.db")]) == 3
    assert "Traceback" in capsys.readouterr().err


# -- 2. bounded work -------------------------------------------------------------------------------


def test_robust_deep_html_refused_before_parsing(tmp_path: Path) -> None:
    from baochi.extract import extract_article
    from baochi.ingest.limits import html_too_deep

    page = b"<html><body>" + b"<div>" * 200_000 + b"x" + b"</div>" * 200_000 + b"</body></html>"
    assert html_too_deep(page, 10_000)
    assert not html_too_deep(
        b"<html><body>" + b"<div><p>a<br><img src=x></div>" * 100 + b"</body></html>", 50
    )
    with pytest.raises(Exception, match="nested deeper"):
        extract_article(Document(source="deep.html", data=page, kind="html"))


def test_robust_text_cut_for_later_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    from baochi.extract import extract_article
    from baochi.ingest import limits
    from baochi.ingest.limits import Limits

    monkeypatch.setattr(limits, "default_limits", lambda: Limits(max_text_chars=1000))
    monkeypatch.setattr("baochi.extract.guard.default_limits", lambda: Limits(max_text_chars=1000))
    text = "Tiêu đề\n\n" + "\n\n".join(f"Đoạn văn số {i} của bài báo rất dài này." for i in range(2000))
    article = extract_article(
        Document(source="long.txt", data=text.encode(), kind="text", meta={"encoding": "utf-8"})
    )
    assert len(article.main_text) <= 1001
    assert any("cut at 1000" in w for w in article.warnings)


def test_robust_glob_over_symlink_loop_ends(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "x.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "a" / "b" / "y.txt").write_text(GOOD, encoding="utf-8")
    os.symlink("..", tmp_path / "a" / "b" / "loop")
    os.symlink(str(tmp_path / "a"), tmp_path / "a" / "self")
    found = list(expand_paths([str(tmp_path / "a" / "**" / "*.txt")]))
    assert found == [str(tmp_path / "a" / "x.txt"), str(tmp_path / "a" / "b" / "y.txt")]
    followed = list(expand_paths([str(tmp_path / "a")], follow_symlinks=True))
    assert sorted(followed) == sorted(set(followed))  # each real folder walked once


def test_robust_fifo_and_outside_symlink_skipped_and_reported(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(GOOD, encoding="utf-8")
    os.mkfifo(d / "pipe.txt")
    (tmp_path / "secret.txt").write_text(
        "Mật khẩu\n\nkhông được đọc ra ngoài thư mục đầu vào.\n", encoding="utf-8"
    )
    os.symlink(tmp_path / "secret.txt", d / "link.txt")
    docs, errors = read([d])
    assert [Path(x.source).name for x in docs] == ["a.txt"]
    assert any("pipe.txt" in e and "FIFO" in e for e in errors)
    assert any("link.txt" in e and "symbolic link" in e for e in errors)
    docs, _ = read([d], ReadOptions(follow_symlinks=True))
    assert [Path(x.source).name for x in docs] == ["a.txt", "link.txt"]


def test_robust_unreadable_subfolder_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    real = os.scandir

    def scandir(path: str) -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    docs, errors = read([tmp_path])
    assert len(docs) == 1 and errors == [f"{tmp_path / 'locked'}: cannot read folder: permission denied"]


# -- 3. nothing lost quietly -----------------------------------------------------------------------


def test_robust_stdin_documents_each_keep_a_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(3):
        piped = tmp_path / f"in{i}.txt"
        piped.write_text(
            f"Bài số {i}\n\nNội dung của bài báo số {i} gửi qua đầu vào chuẩn.\n", encoding="utf-8"
        )
        with open(piped, encoding="utf-8") as stdin:
            monkeypatch.setattr(sys, "stdin", stdin)
            assert ingest(capsys, tmp_path / "x.db", "-")[0] == 0
    assert titles(tmp_path / "x.db") == ["Bài số 0", "Bài số 1", "Bài số 2"]


def test_robust_articles_sharing_a_url_or_text_each_keep_a_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], seed_document: Path
) -> None:
    d = tmp_path / "in"
    d.mkdir()
    for i in range(6):
        (d / f"p{i}.html").write_text(
            f'<html><head><link rel="canonical" href="https://vnexpress.net/"><title>Bài {i}</title></head>'
            f"<body><h1>Bài số {i} về kinh tế</h1><p>Nội dung dài của bài số {i} nói về kinh tế Việt Nam"
            " trong năm nay với nhiều số liệu mới.</p></body></html>",
            encoding="utf-8",
        )
    # two inputs with the same title and text but another byline: two records
    text = seed_document.read_text(encoding="utf-8")
    (d / "copy.txt").write_text(text.replace("Thu Huyền", "Minh Thư"), encoding="utf-8")
    code, err = ingest(capsys, tmp_path / "x.db", str(d), str(seed_document))
    assert code == 0, err
    with Store(tmp_path / "x.db") as store:
        assert store.count("articles") == 8
        # the founding document keeps its id; the copy gets its own
        assert store.get("18ce7509420b8f9b0609") is not None


def test_robust_truncated_jsonl_gz_keeps_complete_lines(tmp_path: Path) -> None:
    lines = "\n".join(_record(f"T{i}", "Nội dung " * 200 + str(i)) for i in range(200)) + "\n"
    blob = gzip.compress(lines.encode())
    (tmp_path / "d.jsonl.gz").write_bytes(blob[: len(blob) // 2])
    docs, errors = read([tmp_path / "d.jsonl.gz"])
    assert 20 < len(docs) < 200
    assert [d.source_offset for d in docs] == list(range(1, len(docs) + 1))
    assert len(errors) == 1 and "cut short" in errors[0]


def test_robust_parquet_any_arrow_type(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    import datetime as dt
    from decimal import Decimal

    table = pa.table(
        {
            "text": ["Nội dung bài một.", "Nội dung bài hai."],
            "price": pa.array([Decimal("1.50"), Decimal("2.25")], pa.decimal128(5, 2)),
            "at": pa.array([dt.time(10, 30), dt.time(11, 0)]),
            "took": pa.array([dt.timedelta(seconds=5), dt.timedelta(minutes=1)]),
            "tags": pa.array([{"a": 1}, {"a": 2}]),
        }
    )
    pq.write_table(table, tmp_path / "d.parquet")
    docs, errors = read([tmp_path / "d.parquet"])
    assert errors == [] and len(docs) == 2
    assert json.loads(docs[0].data)["price"] == "1.50"


def test_robust_one_bad_byte_repaired_not_rejected(tmp_path: Path) -> None:
    from baochi.extract import extract_article

    good = GOOD.encode() * 3
    (tmp_path / "a.txt").write_bytes(good[:50] + b"\xff" + good[50:])
    (tmp_path / "b.txt").write_bytes(good[:-2] + "ệ".encode()[:2])  # cut in the middle of a letter
    docs, errors = read([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert errors == [] and len(docs) == 2
    article = extract_article(docs[0])
    assert "\ufffd" in article.main_text + (article.title or "")
    assert any("1 invalid bytes replaced" in w for w in article.warnings)


def test_robust_nul_bytes_not_binary_and_not_stored(tmp_path: Path) -> None:
    from baochi.extract import extract_article

    body = GOOD.encode() + ("Đoạn hai của bài báo, dài hơn một chút nữa để có nội dung. " * 100).encode()
    (tmp_path / "a.txt").write_bytes(body[:30] + b"\x00\x00\x00" + body[30:] + b"\x00" * 3 + b"\n")
    docs, errors = read([tmp_path / "a.txt"])
    assert errors == []
    article = extract_article(docs[0])
    assert "\x00" not in json.dumps(article.to_dict(), ensure_ascii=False)
    assert "\x00" not in article.main_text


def test_robust_authors_of_any_json_type(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        _record(f"T{i}", "Nội dung bài báo.", authors=a)
        for i, a in enumerate([42, [42, None], {"x": 1}, True])
    ]
    (tmp_path / "d.jsonl").write_text("\n".join(rows), encoding="utf-8")
    code, err = ingest(capsys, tmp_path / "x.db", str(tmp_path / "d.jsonl"))
    assert code == 0, err
    assert len(titles(tmp_path / "x.db")) == 4


# -- 4. the terminal -------------------------------------------------------------------------------

EVIL = "\x1b]0;pwned\x07\x1b[2J"


def test_robust_terminal_escapes_every_printed_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rec = {
        "title": f"Tiêu đề {EVIL} Đà Nẵng",
        "text": f"Nội dung {EVIL} bài báo ở Đà Nẵng.",
        "url": "https://x.vn/a\x1b[2J",
        "authors": [f"Tác giả {EVIL}"],
    }
    (tmp_path / "d.jsonl").write_text(json.dumps(rec) + "\n", encoding="utf-8")
    evil_name = tmp_path / "bad\x1b[2Jname.txt"
    evil_name.write_bytes(b"")
    code, err = ingest(capsys, tmp_path / "x.db", str(tmp_path / "d.jsonl"), str(evil_name))
    assert code == 1 and "\x1b" not in err and "bad\\x1b[2Jname.txt" in err
    main(["search", "Đà Nẵng", "--db", str(tmp_path / "x.db")])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b]0;pwned\\x07" in out
    with Store(tmp_path / "x.db") as store:
        [a] = list(store.iter_articles())
    main(["show", a.id, "--db", str(tmp_path / "x.db")])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\\x1b[2J" in out
    main(["show", a.id, "--json", "--db", str(tmp_path / "x.db")])
    assert json.loads(capsys.readouterr().out)["title"] == rec["title"]  # JSON stays exact JSON


def _warc_record(url: str, page: bytes, length: int | None = None) -> bytes:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + page
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {length or len(http)}\r\n\r\n"
    )
    return head.encode() + http + b"\r\n\r\n"


def _page(i: int) -> bytes:
    text = f"<h1>Bài {i}</h1><p>Nội dung bài {i} đủ dài để thành một bài báo.</p>"
    return f"<html><body>{text}</body></html>".encode()


@pytest.mark.parametrize("compressed", [False, True])
@pytest.mark.parametrize("length", [10**12, 20_000, 150])
def test_robust_warc_false_content_length_loses_only_its_record(
    tmp_path: Path, compressed: bool, length: int
) -> None:
    records = [_warc_record(f"https://x.vn/{i}", _page(i), length if i == 2 else None) for i in (1, 2, 3)]
    blob = b"".join(gzip.compress(r) for r in records) if compressed else b"".join(records)
    (tmp_path / "c.warc.gz").write_bytes(blob)
    docs, errors = read([tmp_path / "c.warc.gz"])
    assert [d.url for d in docs] == ["https://x.vn/1", "https://x.vn/3"]
    assert len(errors) == 1 and "c.warc.gz@" in errors[0]


def test_robust_truncated_warc_gz_keeps_complete_records_and_reports(tmp_path: Path) -> None:
    records = [_warc_record(f"https://x.vn/{i}", _page(i) * 50) for i in (1, 2, 3)]
    blob = b"".join(gzip.compress(r) for r in records)
    cut = len(blob) - len(gzip.compress(records[2])) // 2
    (tmp_path / "c.warc.gz").write_bytes(blob[:cut])
    docs, errors = read([tmp_path / "c.warc.gz"])
    assert [d.url for d in docs] == ["https://x.vn/1", "https://x.vn/2"]
    assert errors and all("c.warc.gz" in e for e in errors) and any("cut short" in e for e in errors)


# -- issue 13: inputs ------------------------------------------------------------------------------


def test_robust_csv_and_tsv_one_record_per_row(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(
        'title,content,url\n"Bài một","Nội dung, có dấu phẩy.",https://vnexpress.net/a-1.html\n'
        '"Bài hai","Hai\ndòng",https://tuoitre.vn/b-2.htm\n',
        encoding="utf-8-sig",
    )
    (tmp_path / "b.tsv.gz").write_bytes(gzip.compress("tieu_de\tnoi_dung\nBài ba\tNội dung ba.\n".encode()))
    docs, errors = read([tmp_path / "a.csv", tmp_path / "b.tsv.gz"], ReadOptions(fields={"text": "noi_dung"}))
    assert errors == [
        f"{tmp_path / 'a.csv'}: no text or HTML field (fields seen: title, content, url);"
        " name one with --field text=NAME or html=NAME"
    ]
    docs, errors = read([tmp_path / "a.csv", tmp_path / "b.tsv.gz"])
    assert [d.source_offset for d in docs] == [1, 2] and len(errors) == 1 and "tieu_de, noi_dung" in errors[0]
    assert (
        json.loads(docs[1].data)["content"] == "Hai\ndòng" and docs[0].url == "https://vnexpress.net/a-1.html"
    )


def test_robust_dump_without_text_field_is_one_error_listing_fields(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        json.dumps({"tieu_de": f"Bài {i}", "noi_dung": "Nội dung."}, ensure_ascii=False) for i in range(200)
    ]
    (tmp_path / "d.jsonl").write_text("\n".join(rows), encoding="utf-8")
    code, err = ingest(capsys, tmp_path / "x.db", str(tmp_path / "d.jsonl"))
    assert code == 1 and "fields seen: tieu_de, noi_dung" in err and "errors: 1" in err
    code, err = ingest(
        capsys,
        tmp_path / "y.db",
        str(tmp_path / "d.jsonl"),
        "--field",
        "text=noi_dung",
        "--field",
        "title=tieu_de",
    )
    assert code == 0 and len(titles(tmp_path / "y.db")) == 200


def test_robust_outlet_and_date_defaults(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    code, err = ingest(
        capsys,
        tmp_path / "x.db",
        str(tmp_path / "a.txt"),
        "--outlet",
        "vnexpress.net",
        "--date",
        "2020-01-02",
    )
    assert code == 0, err
    with Store(tmp_path / "x.db") as store:
        [a] = list(store.iter_articles())
    assert a.outlet is not None and a.outlet.name == "VnExpress" and a.published_at == "2020-01-02"
    with pytest.raises(SystemExit):
        main(["extract", str(tmp_path / "a.txt"), "--date", "hôm qua"])
