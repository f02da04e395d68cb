"""JSON and JSONL dumps of crawlers and corpora: one Document(kind="record") per JSON object.

``data`` holds the object's JSON as UTF-8 bytes (what ``baochi.extract.record`` reads back);
``source_offset`` is the line number (JSONL, from 1) or the index in a JSON array (from 0).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from baochi.errors import InputError
from baochi.ingest.decode import decode_bytes
from baochi.ingest.files import read_input
from baochi.ingest.options import ReadOptions
from baochi.model import Document

# Field names that carry the page URL in the dumps we know (news-please, Hugging Face, crawler CSVs).
URL_FIELDS = ("url", "link", "canonical_url", "canonical_link", "source_url")


def record_url(obj: dict[str, Any], options: ReadOptions) -> str | None:
    """The record's URL (the ``url`` role of options.fields first), or None."""
    names = (options.fields["url"],) if "url" in options.fields else URL_FIELDS
    for name in names:
        value = obj.get(name)
        if isinstance(value, str) and value.strip().lower().startswith(("http://", "https://")):
            return value.strip()
    return None


def record_document(path: str, obj: dict[str, Any], offset: int | None, options: ReadOptions) -> Document:
    """Wrap one JSON object as a record Document."""
    data = json.dumps(obj, ensure_ascii=False).encode("utf-8")
    meta: dict[str, Any] = {"fields": dict(options.fields)} if options.fields else {}
    return Document(
        source=path, data=data, kind="record", source_offset=offset, url=record_url(obj, options), meta=meta
    )


def _text(path: str, options: ReadOptions) -> str:
    data = read_input(path)
    if not data.strip():
        raise InputError(path, "empty file")
    return decode_bytes(data, options.encoding, source=path)[0]


def iter_json_text(
    path: str, text: str, on_error: Callable[[InputError], None], options: ReadOptions
) -> Iterator[Document]:
    """Documents of a JSON text: one object, or an array of objects."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        on_error(InputError(path, f"invalid JSON: {exc.msg} at line {exc.lineno}"))
        return
    if isinstance(value, dict):
        yield record_document(path, value, None, options)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield record_document(path, item, i, options)
            else:
                on_error(InputError(f"{path}[{i}]", "array item is not a JSON object"))
    else:
        on_error(InputError(path, "JSON is neither an object nor an array of objects"))


def iter_jsonl_text(
    path: str, text: str, on_error: Callable[[InputError], None], options: ReadOptions
) -> Iterator[Document]:
    """Documents of a JSON-lines text; a bad line is reported (with its number) and skipped."""
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.strip()
        if not line:
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            on_error(InputError(f"{path}:{number}", f"line {number} is not valid JSON: {exc.msg}"))
            continue
        if not isinstance(value, dict):
            on_error(InputError(f"{path}:{number}", f"line {number} is not a JSON object"))
            continue
        yield record_document(path, value, number, options)


def read_json_file(
    path: str, on_error: Callable[[InputError], None], options: ReadOptions
) -> Iterator[Document]:
    """Records of a ``.json`` file (one object or an array of objects)."""
    try:
        text = _text(path, options)
    except InputError as err:
        on_error(err)
        return
    yield from iter_json_text(path, text, on_error, options)


def read_jsonl_file(
    path: str, on_error: Callable[[InputError], None], options: ReadOptions
) -> Iterator[Document]:
    """Records of a ``.jsonl`` / ``.ndjson`` file, one object per line."""
    try:
        text = _text(path, options)
    except InputError as err:
        on_error(err)
        return
    yield from iter_jsonl_text(path, text, on_error, options)
