"""JSON and JSONL dumps of crawlers and corpora: one Document(kind="record") per JSON object.

``data`` holds the object's JSON as UTF-8 bytes (what ``baochi.extract.record`` reads back);
``source_offset`` is the line number (JSONL, from 1) or the index in a JSON array (from 0).
JSONL is streamed line by line (any file size; each line bounded by ``max_document_bytes``); a ``.json``
file is parsed whole (bounded by ``max_json_bytes``). Whatever a line holds -- numbers of 5,000 digits,
arrays nested 200,000 deep, lone surrogates -- is reported against that line and the next one is read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from baochi.errors import InputError
from baochi.ingest.decode import decode_bytes
from baochi.ingest.files import TruncatedInput, iter_lines, open_input, read_input, read_stream
from baochi.ingest.options import ReadOptions
from baochi.model import Document

# Field names that carry the page URL in the dumps we know (news-please, Hugging Face, crawler CSVs).
URL_FIELDS = ("url", "link", "canonical_url", "canonical_link", "source_url")
# Lone UTF-16 surrogates (JSON allows "\ud800"; UTF-8 cannot hold them): replaced by U+FFFD.
_SURROGATE = re.compile("[\ud800-\udfff]")
# What json.loads raises on hostile but well-formed input besides JSONDecodeError: numbers past Python's
# int digit limit (ValueError), nesting past the recursion limit (RecursionError).
_JSON_ERRORS = (ValueError, RecursionError)


def record_url(obj: dict[str, Any], options: ReadOptions) -> str | None:
    """The record's URL (the ``url`` role of options.fields first), or None."""
    names = (options.fields["url"],) if "url" in options.fields else URL_FIELDS
    for name in names:
        value = obj.get(name)
        if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
            return value.strip()
    return None


def record_document(path: str, obj: dict[str, Any], offset: int | None, options: ReadOptions) -> Document:
    """Wrap one JSON object as a record Document (lone surrogates replaced by U+FFFD)."""
    text = json.dumps(obj, ensure_ascii=False)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
        url = record_url(obj, options)
        url = _SURROGATE.sub("\ufffd", url) if url else None
    else:
        url = record_url(obj, options)
    meta: dict[str, Any] = {"fields": dict(options.fields)} if options.fields else {}
    return Document(
        source=path, data=text.encode("utf-8"), kind="record", source_offset=offset, url=url, meta=meta
    )


def text_field_names(options: ReadOptions) -> list[str]:
    """The field names that can hold a record's text or HTML (the ``--field`` choices first)."""
    from baochi.extract.record import default_fields

    names: list[str] = []
    for role in ("text", "html"):
        names += [options.fields[role]] if role in options.fields else list(default_fields().get(role, ()))
    return names


def has_text_field(obj: dict[str, Any], options: ReadOptions) -> bool:
    """True when the record has a field that can hold its text or HTML."""
    from baochi.extract.record import _get  # the one reader of dotted field names

    return any(_get(obj, name) is not None for name in text_field_names(options))


# The fields named in that error: enough to spot the text field of a dump, not a screenful.
_FIELDS_SHOWN = 8
_FIELD_CHARS = 32


def no_text_field(source: str, keys: Iterable[str]) -> InputError:
    """The error for a dump whose records name their text in no field baochi knows."""
    names = [str(k) for k in keys]
    # one readable line: a dump keyed by URLs (a dict of records) has hundreds of long "fields"
    shown = [n if len(n) <= _FIELD_CHARS else n[: _FIELD_CHARS - 1] + "…" for n in names[:_FIELDS_SHOWN]]
    more = f", … ({len(names) - _FIELDS_SHOWN} more)" if len(names) > _FIELDS_SHOWN else ""
    seen = (", ".join(shown) + more) or "none"
    return InputError(
        source, f"no text or HTML field (fields seen: {seen}); name one with --field text=NAME or html=NAME"
    )


class RecordChecker:
    """The first record of a dump must name its text or HTML in a field baochi knows (or one given with
    ``--field``): otherwise the whole file fails with one error listing the fields seen, instead of
    giving one empty record per line. Later records without text become ``other`` records as before."""

    def __init__(self, path: str, options: ReadOptions) -> None:
        self.path = path
        self.options = options
        self.first = True

    def check(self, obj: dict[str, Any]) -> InputError | None:
        """None when the record can be extracted, else the error that fails the file."""
        first, self.first = self.first, False
        if not first or has_text_field(obj, self.options):
            return None
        return no_text_field(self.path, obj.keys())


def _loads(text: str | bytes) -> tuple[Any, str | None]:
    """(value, None) or (None, reason) for one JSON text."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, f"{exc.msg} at line {exc.lineno}"
    except _JSON_ERRORS as exc:
        if isinstance(exc, RecursionError):
            return None, "nested too deeply"
        return None, str(exc).split(";")[0]


def iter_json_text(
    path: str, text: str, on_error: Callable[[InputError], None], options: ReadOptions
) -> Iterator[Document]:
    """Documents of a JSON text: one object, or an array of objects."""
    value, problem = _loads(text)
    if problem is not None:
        on_error(InputError(path, f"invalid JSON: {problem}"))
        return
    checker = RecordChecker(path, options)
    if isinstance(value, dict):
        err = checker.check(value)
        if err:
            on_error(err)
            return
        yield record_document(path, value, None, options)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                on_error(InputError(f"{path}[{i}]", "array item is not a JSON object"))
                continue
            err = checker.check(item)
            if err:
                on_error(err)
                return
            yield record_document(path, item, i, options)
    else:
        on_error(InputError(path, "JSON is neither an object nor an array of objects"))


def _jsonl_objects(
    path: str, lines: Iterable[tuple[int, str | bytes]], on_error: Callable[[InputError], None]
) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in lines:
        if not line.strip():
            continue
        value, problem = _loads(line)
        if problem is not None:
            on_error(InputError(f"{path}:{number}", f"line {number} is not valid JSON: {problem}"))
        elif not isinstance(value, dict):
            on_error(InputError(f"{path}:{number}", f"line {number} is not a JSON object"))
        else:
            yield number, value


def iter_jsonl_lines(
    path: str,
    lines: Iterable[tuple[int, str | bytes]],
    on_error: Callable[[InputError], None],
    options: ReadOptions,
) -> Iterator[Document]:
    """Documents of numbered JSON lines; a bad line is reported (with its number) and skipped."""
    checker = RecordChecker(path, options)
    for number, obj in _jsonl_objects(path, lines, on_error):
        err = checker.check(obj)
        if err:
            on_error(err)
            return
        yield record_document(path, obj, number, options)


def iter_jsonl_text(
    path: str, text: str, on_error: Callable[[InputError], None], options: ReadOptions
) -> Iterator[Document]:
    """Documents of a JSON-lines text."""
    yield from iter_jsonl_lines(path, enumerate(text.split("\n"), start=1), on_error, options)


def read_json_file(
    path: str, on_error: Callable[[InputError], None], options: ReadOptions
) -> Iterator[Document]:
    """Records of a ``.json`` file (one object or an array of objects)."""
    try:
        data = read_input(path, options.bounds.max_json_bytes)
        if not data.strip():
            raise InputError(path, "empty file")
        text = decode_bytes(data, options.encoding, source=path)[0]
    except InputError as err:
        on_error(err)
        return
    yield from iter_json_text(path, text, on_error, options)


def _utf8_lines(
    lines: Iterable[tuple[int, bytes]], path: str, options: ReadOptions
) -> Iterator[tuple[int, str | bytes]]:
    """JSON lines as json.loads takes them: UTF-8 bytes as they are, other encodings decoded."""
    for number, line in lines:
        if options.encoding:
            try:
                yield number, decode_bytes(line, options.encoding, source=f"{path}:{number}")[0]
            except InputError:
                yield number, line  # reported by json.loads as not valid JSON
        else:
            yield number, line


def read_jsonl_file(
    path: str, on_error: Callable[[InputError], None], options: ReadOptions
) -> Iterator[Document]:
    """Records of a ``.jsonl`` / ``.ndjson`` file, one object per line, streamed."""
    limit = options.bounds.max_document_bytes
    try:
        with open_input(path) as stream:
            head = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
            if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head:  # UTF-16: decoded whole
                try:
                    data = read_stream(stream, options.bounds.max_json_bytes, path)
                except TruncatedInput as cut:
                    on_error(cut)
                    data = cut.data
                text = decode_bytes(data, options.encoding, source=path)[0]
                yield from iter_jsonl_text(path, text, on_error, options)
                return
            seen = [False]

            def counted() -> Iterator[tuple[int, bytes]]:
                for number, line in iter_lines(stream, limit, path, on_error):
                    seen[0] = seen[0] or bool(line.strip())
                    yield number, line

            yield from iter_jsonl_lines(path, _utf8_lines(counted(), path, options), on_error, options)
            if not seen[0]:
                on_error(InputError(path, "empty file"))
    except InputError as err:
        on_error(err)
