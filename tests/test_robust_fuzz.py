"""Fuzzing (Hypothesis) the parts that read what users and crawlers send: the readers, the HTML path, the
time-expression parser and the query parser. Whatever the input, each either gives a result or reports a
BaochiError; nothing else escapes, and nothing hangs (Hypothesis' deadline)."""

from __future__ import annotations

import contextlib
import gzip
import string
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baochi.errors import BaochiError, InputError
from baochi.ingest import iter_documents
from baochi.model import Document

FUZZ = settings(max_examples=60, deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Bytes that matter to the readers: JSON and HTML punctuation, UTF-8 lead bytes, NUL, gzip magic.
_PIECES = st.sampled_from(
    [
        b"{",
        b"}",
        b"[",
        b"]",
        b'"',
        b":",
        b",",
        b"<",
        b">",
        b"</",
        b"div",
        b"\n",
        b"\x00",
        b"\xff",
        b"\xc3",
        b"\xe1\xba",
        b"\\ud800",
        b"WARC/1.0\r\n",
        b"Content-Length: 99\r\n\r\n",
        b"\x1f\x8b",
        b"9" * 50,
        "Hà Nội".encode(),
        b"title",
        b"text",
        b"\x1b[2J",
    ]
)
_BYTES = st.one_of(st.binary(max_size=2000), st.lists(_PIECES, max_size=200).map(b"".join))
_SUFFIXES = st.sampled_from(
    [".txt", ".json", ".jsonl", ".html", ".warc", ".csv", ".tsv", "", ".txt.gz", ".jsonl.gz"]
)


@FUZZ
@given(data=_BYTES, suffix=_SUFFIXES)
def test_robust_fuzz_readers_report_never_raise(tmp_path_factory: object, data: bytes, suffix: str) -> None:
    folder = Path(str(tmp_path_factory.mktemp("fuzz")))  # type: ignore[attr-defined]
    path = folder / f"x{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
    errors: list[InputError] = []
    docs = list(iter_documents([str(path)], on_error=errors.append))
    assert all(isinstance(d, Document) for d in docs)


@FUZZ
@given(data=_BYTES)
def test_robust_fuzz_html_path(data: bytes) -> None:
    from baochi.extract import extract_article

    try:
        article = extract_article(Document(source="x.html", data=data, kind="html"))
    except BaochiError:
        return
    assert "\x00" not in (article.title or "") + article.main_text


@FUZZ
@given(
    text=st.text(
        alphabet=st.characters(codec="utf-8") | st.sampled_from(list("0123456789/-. ngàythángnămIVX")),
        max_size=400,
    )
)
def test_robust_fuzz_time_expressions(text: str) -> None:
    from baochi.lang.times import find_time_expressions

    for found in find_time_expressions(text, anchor="2021-04-19"):
        assert text[found["start"] : found["end"]] == found["text"]


@FUZZ
@given(text=st.text(alphabet=st.sampled_from(list(string.printable) + list('"ăđơưàá*:()-')), max_size=300))
def test_robust_fuzz_query_parser(text: str) -> None:
    from baochi.search.query import parse_query

    with contextlib.suppress(BaochiError):  # a refused query is an answer; anything else is a bug
        parse_query(text)
