import codecs
import gzip
import json
import sys
from io import BytesIO
from pathlib import Path

import pytest

from baochi.errors import InputError
from baochi.ingest import iter_documents
from baochi.ingest.dispatch import READERS
from baochi.ingest.options import ReadOptions
from baochi.ingest.sniff import sniff_kind

TEXT = "Tiêu đề bài báo\n\nĐoạn thứ nhất của bài báo ở Đà Nẵng.\n"


def read(paths: list[Path], options: ReadOptions | None = None) -> tuple[list, list[InputError]]:
    errors: list[InputError] = []
    docs = list(iter_documents([str(p) for p in paths], on_error=errors.append, options=options))
    return docs, errors


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.txt", TEXT.encode("utf-8")),
        ("b.txt", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")),
        ("c.txt", TEXT.encode("utf-16-be")),
        ("d.txt.gz", gzip.compress(TEXT.encode("utf-8"))),
    ],
)
def test_readers_text_one_document_per_file(tmp_path: Path, name: str, data: bytes) -> None:
    (tmp_path / name).write_bytes(data)
    docs, errors = read([tmp_path / name])
    assert errors == []
    assert len(docs) == 1
    assert docs[0].kind == "text"
    assert docs[0].source == str(tmp_path / name)
    if not name.endswith(".gz"):
        assert docs[0].data == data  # raw bytes kept unchanged


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty file"), (b"  \n\n", "empty file"), (bytes(range(256)) * 4, "binary")],
)
def test_readers_text_bad_input_reported(tmp_path: Path, data: bytes, reason: str) -> None:
    (tmp_path / "x.txt").write_bytes(data)
    (tmp_path / "y.txt").write_text(TEXT, encoding="utf-8")
    docs, errors = read([tmp_path / "x.txt", tmp_path / "y.txt"])
    assert len(docs) == 1  # the run goes on
    assert len(errors) == 1
    assert reason in errors[0].reason


def test_readers_missing_file(tmp_path: Path) -> None:
    docs, errors = read([tmp_path / "nope.txt"])
    assert docs == []
    assert "no such file" in errors[0].reason


def test_readers_json_object_and_array(tmp_path: Path) -> None:
    obj = {"title": "Tiêu đề", "text": "Nội dung.", "url": "https://vnexpress.net/a-1.html"}
    (tmp_path / "one.json").write_text(json.dumps(obj, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "many.json").write_text(json.dumps([obj, obj, 3]), encoding="utf-8")
    docs, errors = read([tmp_path / "one.json", tmp_path / "many.json"])
    assert [d.source_offset for d in docs] == [None, 0, 1]
    assert all(d.kind == "record" and d.url == obj["url"] for d in docs)
    assert json.loads(docs[0].data) == obj
    assert len(errors) == 1
    assert "[2]" in errors[0].source


def test_readers_jsonl_bad_line_names_its_number(tmp_path: Path) -> None:
    lines = ['{"title": "A", "text": "x"}', "{not json", "", '{"title": "B", "link": "http://x.vn/b"}', "[1]"]
    (tmp_path / "d.jsonl").write_text("\n".join(lines), encoding="utf-8")
    docs, errors = read([tmp_path / "d.jsonl"])
    assert [d.source_offset for d in docs] == [1, 4]
    assert docs[1].url == "http://x.vn/b"
    assert [e.source.rsplit(":", 1)[1] for e in errors] == ["2", "5"]
    assert "line 2" in errors[0].reason


def test_readers_jsonl_url_field_override(tmp_path: Path) -> None:
    (tmp_path / "d.jsonl").write_text(
        '{"u": "https://x.vn/1", "url": "https://y.vn/2", "text": "x"}\n', encoding="utf-8"
    )
    docs, _ = read([tmp_path / "d.jsonl"], ReadOptions(fields={"url": "u"}))
    assert docs[0].url == "https://x.vn/1"
    assert docs[0].meta["fields"] == {"url": "u"}


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b'{"a": 1}', "json"),
        (b'{\n  "a": 1\n}', "json"),
        (b'[{"a": 1}]', "json"),
        (b'{"a": 1}\n{"a": 2}\n', "jsonl"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        (b"\n  <html lang='vi'>", "html"),
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
        (TEXT.encode("utf-8"), "text"),
    ],
)
def test_readers_sniff_kind(data: bytes, kind: str) -> None:
    assert sniff_kind(data) == kind


def test_readers_unknown_suffix_routes_by_content(tmp_path: Path) -> None:
    (tmp_path / "page").write_bytes(b"<!doctype html><html><p>x</p></html>")
    (tmp_path / "rec").write_bytes(b'{"title": "A", "text": "a"}\n{"title": "B"}\n')
    (tmp_path / "plain.dat").write_bytes(gzip.compress(TEXT.encode("utf-8")))
    docs, errors = read([tmp_path / "page", tmp_path / "rec", tmp_path / "plain.dat"])
    assert errors == []
    assert [d.kind for d in docs] == ["html", "record", "record", "text"]


def test_readers_unknown_warc_goes_to_warc_reader(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the WARC reader belongs to the html helper; any reader named in READERS[".warc"] is the one called
    monkeypatch.setitem(READERS, ".warc", "baochi.ingest.records:read_json_file")
    (tmp_path / "crawl").write_bytes(b"WARC/1.0\r\n\r\n")
    docs, errors = read([tmp_path / "crawl"])
    assert docs == []
    assert "invalid JSON" in errors[0].reason  # proof that the configured reader ran


def test_readers_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeStdin:
        buffer = BytesIO(TEXT.encode("utf-8"))

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    docs, errors = read([Path("-")])
    assert errors == []
    assert docs[0].kind == "text"
    assert docs[0].source.startswith("stdin@")  # its own identity: see tests/test_robust_inputs.py
