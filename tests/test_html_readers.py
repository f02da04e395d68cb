"""HTML, WARC and Parquet readers on generated inputs."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from baochi.errors import InputError
from baochi.ingest.dispatch import read_path
from baochi.ingest.html_charset import decode_html, header_charset, meta_charset
from baochi.ingest.options import ReadOptions
from baochi.ingest.parquet import resolve_fields

PAGE = (Path(__file__).parent / "fixtures" / "html" / "article_generic.html").read_bytes()


def warc_record(url: str, payload: bytes, content_type: str = "text/html; charset=utf-8") -> bytes:
    """One WARC/1.0 response record holding an HTTP response."""
    http = (
        f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {len(payload)}\r\n\r\n".encode()
        + payload
    )
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2024-08-12T10:45:00Z\r\n"
        "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
        f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(http)}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


@pytest.mark.parametrize("compressed", [False, True])
def test_warc_reader_yields_html_responses(tmp_path: Path, compressed: bool) -> None:
    records = [
        warc_record("https://tinsang.example.vn/a-1.htm", PAGE),
        warc_record("https://tinsang.example.vn/logo.png", b"\x89PNG....", "image/png"),
        warc_record("https://tinsang.example.vn/a-2.htm", PAGE.replace(b"utf-8", b"utf-8"), "text/html"),
    ]
    if compressed:
        blob = b"".join(gzip.compress(r) for r in records)
        path = tmp_path / "crawl.warc.gz"
    else:
        blob = b"".join(records)
        path = tmp_path / "crawl.warc"
    path.write_bytes(blob)
    errors: list[InputError] = []
    docs = list(read_path(str(path), errors.append))
    assert not errors
    assert [d.url for d in docs] == [
        "https://tinsang.example.vn/a-1.htm",
        "https://tinsang.example.vn/a-2.htm",
    ]
    assert docs[0].data == PAGE and docs[0].kind == "html"
    assert docs[0].fetched_at is not None and docs[0].fetched_at.startswith("2024-08-12T10:45:00")
    assert docs[0].meta.get("http_charset") == "utf-8"
    # offsets point at the records: the second HTML record starts after the first two records
    assert docs[0].source_offset == 0
    offset = len(gzip.compress(records[0])) + len(gzip.compress(records[1])) if compressed else None
    if compressed:
        assert docs[1].source_offset == offset
    else:
        assert docs[1].source_offset == len(records[0]) + len(records[1])


def test_warc_reader_reports_garbage(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc.gz"
    path.write_bytes(gzip.compress(warc_record("https://x.vn/a", PAGE))[:200])
    errors: list[InputError] = []
    list(read_path(str(path), errors.append))  # must not raise


def test_parquet_reader_html_and_text_rows(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table(
        {
            "url": ["https://tinsang.example.vn/a-1.htm", "https://tinsang.example.vn/a-2.htm"],
            "html": [PAGE.decode(), None],
            "maintext": [None, "Nội dung bài thứ hai."],
            "title": ["Tiêu đề một", "Tiêu đề hai"],
            "date_publish": ["2024-08-12 17:45:00", "2024-08-13 08:00:00"],
        }
    )
    path = tmp_path / "dump.parquet"
    pq.write_table(table, path, row_group_size=1)
    errors: list[InputError] = []
    docs = list(read_path(str(path), errors.append))
    assert not errors
    assert [d.kind for d in docs] == ["record", "record"]
    assert docs[0].url == "https://tinsang.example.vn/a-1.htm" and [d.source_offset for d in docs] == [0, 1]
    assert docs[1].meta["fields"]["text"] == "maintext"
    from baochi.extract import extract_article

    first, second = (extract_article(d) for d in docs)
    assert first.title == "Tiêu đề một"  # the row's metadata over the page's
    assert first.body and first.body[0].startswith("Sở Giao thông Hà Nội")  # through the HTML extractor
    assert second.body == ["Nội dung bài thứ hai."]


def test_parquet_fields_option_overrides_defaults() -> None:
    cols = ["body_html", "content", "headline", "link"]
    got = resolve_fields(cols, ReadOptions(fields={"html": "body_html"}).fields)
    assert got == {"html": "body_html", "text": "content", "title": "headline", "url": "link"}


@pytest.mark.parametrize(
    ("data", "http", "expected"),
    [
        (b"\xef\xbb\xbf<p>H\xc3\xa0 N\xe1\xbb\x99i</p>", None, "Hà Nội"),
        ('<meta charset="windows-1258"><p>Hà Nội</p>'.encode("cp1258", "replace"), None, "Hà N"),
        ('<meta charset="iso-8859-1"><p>Hà Nội</p>'.encode(), None, "Hà Nội"),  # lies: it is UTF-8
        ("<p>Hà Nội đây là nội dung tiếng Việt</p>".encode("cp1258", "replace"), "windows-1258", "Hà N"),
        # undeclared Windows-1258 (tone marks as combining characters) is detected
        (
            b"<p>H\xe0 N\xf4\xf2i \xf0\xfd\xf5\xf2c ch\xe2\xecp thu\xe2\xf2n cho ng\xfd\xf5\xcci d\xe2n</p>"
            * 20,
            None,
            "Hà Nội được",
        ),
    ],
)
def test_html_charset_decoding(data: bytes, http: str | None, expected: str) -> None:
    text, _ = decode_html(data, http)
    assert expected in text


def test_html_charset_declarations() -> None:
    assert header_charset("text/html; charset=UTF-8") == "utf-8"
    assert header_charset("text/html") is None
    assert (
        meta_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">')
        == "cp1258"
    )
