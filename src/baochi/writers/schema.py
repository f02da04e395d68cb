"""The record as a typed table (Parquet, Arrow): its columns, and rows to and from the JSON form (format v1).

``COLUMNS`` declares every field of the record with its type, nested fields included: ``body`` is a list of
strings, ``entities`` a list of structs (with their ``admin`` unit as a struct), and so on, so that pyarrow,
pandas, polars, DuckDB and Hugging Face ``datasets`` read them typed, never as JSON strings. Plain data
here (no pyarrow): ``writers.parquet`` turns it into an Arrow schema.

A JSON record leaves some keys out when they have no value (an entity's ``kind``, ``admin``, ``country``);
a table has the column anyway, null. ``to_row`` / ``from_row`` make that round trip exact, and carry the
one value of several types -- a time expression's ``value``: a number (ordinal), a text (date, datetime,
...) or a ``{start, end}`` range -- in a struct with one member per type.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from baochi.model import RECORD_FORMAT, Article, Document

log = logging.getLogger(__name__)

# A type: "string" | "int64" | "int32" | "float64" | ("list", type) | ("struct", ((name, type), ...)).
Type = Any

_S, _I, _F = "string", "int64", "float64"


def _struct(*fields: tuple[str, Type]) -> Type:
    return ("struct", fields)


def _list(item: Type) -> Type:
    return ("list", item)


_STRINGS = _list(_S)
_WARDS = _list(_struct(("name", _S), ("code", _S)))
_AFTER_2025 = _struct(("province", _S), ("province_code", _S), ("wards", _WARDS))
_ADMIN = _struct(
    ("level", _S),
    ("code", _S),
    ("name", _S),
    ("province", _S),
    ("province_code", _S),
    ("after_2025", _AFTER_2025),
)
_TIME_VALUE = _struct(("number", _I), ("text", _S), ("start", _S), ("end", _S))
_TIME_VALUE_KEYS = {"number", "text", "start", "end"}

COLUMNS: tuple[tuple[str, Type], ...] = (
    ("format", "int32"),
    ("id", _S),
    ("source", _S),
    ("source_offset", _I),
    ("raw_sha256", _S),
    ("page_type", _S),
    ("url", _S),
    ("outlet", _struct(("name", _S), ("domain", _S))),
    ("title", _S),
    ("published_at", _S),
    ("dateline", _struct(("prefix", _S), ("place", _S), ("date", _S))),
    ("section", _S),
    ("tags", _STRINGS),
    ("lead", _S),
    ("body", _STRINGS),
    ("captions", _STRINGS),
    ("authors", _STRINGS),
    ("byline", _struct(("raw", _S), ("roles", _STRINGS))),
    ("attribution", _S),
    ("boilerplate", _STRINGS),
    ("language", _S),
    ("content_hash", _S),
    ("cluster_id", _S),
    ("duplicate_of", _S),
    ("similarity", _F),
    (
        "spelling",
        _list(_struct(("field", _S), ("start", _I), ("end", _I), ("text", _S), ("suggestion", _S))),
    ),
    (
        "time_expressions",
        _list(
            _struct(
                ("field", _S), ("start", _I), ("end", _I), ("text", _S), ("kind", _S), ("value", _TIME_VALUE)
            )
        ),
    ),
    (
        "entities",
        _list(
            _struct(
                ("type", _S),
                ("text", _S),
                ("field", _S),
                ("start", _I),
                ("end", _I),
                ("canonical", _S),
                ("id", _S),
                ("kind", _S),
                ("admin", _ADMIN),
                ("country", _S),
            )
        ),
    ),
    (
        "positions",
        _list(
            _struct(
                ("person", _S),
                ("title", _S),
                ("organization", _S),
                ("place", _S),
                ("date", _S),
                ("person_id", _S),
                ("field", _S),
                ("start", _I),
            )
        ),
    ),
    (
        "events",
        _list(
            _struct(
                ("type", _S),
                ("text", _S),
                ("organization", _S),
                ("number", _I),
                ("date", _S),
                ("chair", _S),
                ("field", _S),
                ("start", _I),
                ("end", _I),
            )
        ),
    ),
    ("warnings", _STRINGS),
)
NAMES = tuple(name for name, _ in COLUMNS)

# Keys a JSON record leaves out when they have no value, by where they sit: dropped again when null.
_OMITTED_WHEN_NULL: dict[str, frozenset[str]] = {
    "entities": frozenset({"kind", "admin", "country"}),
    "entities.admin.after_2025": frozenset({"province", "province_code", "wards"}),
}

_warned: set[str] = set()


def _known_keys(kind: Type) -> frozenset[str]:
    return frozenset(name for name, _ in kind[1])


def _check_keys(where: str, item: dict[str, Any], kind: Type) -> None:
    """Warn (once per key) when a record holds a key the table has no column for: it would be lost."""
    extra = item.keys() - _known_keys(kind)
    for key in extra:
        name = f"{where}.{key}"
        if name not in _warned:
            _warned.add(name)
            log.warning(
                "baochi: warning: record field %s has no column in the table schema: not written", name
            )


def _time_value(value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if isinstance(value, bool | int):
        return {"number": int(value)}
    if isinstance(value, str):
        return {"text": value}
    if isinstance(value, dict) and set(value) <= {"start", "end"}:
        return {"start": value.get("start"), "end": value.get("end")}
    return {"text": json.dumps(value, ensure_ascii=False)}


def _from_time_value(value: Any) -> Any:
    if not isinstance(value, dict) or set(value) != _TIME_VALUE_KEYS:  # a JSON line's value: as it is
        return value
    if value.get("number") is not None:
        return value["number"]
    if value.get("text") is not None:
        return value["text"]
    return {k: value[k] for k in ("start", "end") if value.get(k) is not None}


def to_row(record: dict[str, Any]) -> dict[str, Any]:
    """A record's JSON form (``Article.to_dict()``) as a row of the table."""
    row = {name: record.get(name) for name in NAMES}
    for name, kind in COLUMNS:
        value = row[name]
        if not isinstance(value, list) or kind[0] != "list" or kind[1][0] != "struct":
            continue
        for item in value:
            if isinstance(item, dict):
                _check_keys(name, item, kind[1])
    if row["time_expressions"]:
        row["time_expressions"] = [
            {**t, "value": _time_value(t.get("value"))} for t in row["time_expressions"]
        ]
    return row


def _drop_nulls(item: dict[str, Any], keys: frozenset[str]) -> dict[str, Any]:
    return {k: v for k, v in item.items() if v is not None or k not in keys}


def _entity(e: dict[str, Any]) -> dict[str, Any]:
    e = _drop_nulls(e, _OMITTED_WHEN_NULL["entities"])
    admin = e.get("admin")
    if isinstance(admin, dict) and isinstance(admin.get("after_2025"), dict):
        admin = {
            **admin,
            "after_2025": _drop_nulls(admin["after_2025"], _OMITTED_WHEN_NULL["entities.admin.after_2025"]),
        }
        e["admin"] = admin
    return e


def from_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row of the table back to the record's JSON form (exactly what ``to_dict`` gave)."""
    record = dict(row)
    if record.get("time_expressions"):
        record["time_expressions"] = [
            {**t, "value": _from_time_value(t.get("value"))} for t in record["time_expressions"]
        ]
    if record.get("entities"):
        record["entities"] = [_entity(e) for e in record["entities"]]
    return record


def is_record(obj: object) -> bool:
    """True for a baochi record (JSON form or table row): what ``baochi extract`` and ``dedup`` write."""
    return (
        isinstance(obj, dict)
        and obj.get("format") == RECORD_FORMAT
        and isinstance(obj.get("id"), str)
        and isinstance(obj.get("source"), str)
        and isinstance(obj.get("body"), list)
    )


def restore_record(doc: Document) -> Article | None:
    """The record a ``record`` document holds when it is one of baochi's own (a line or row written by
    ``extract``/``dedup``/``export``), as it was written; None for any other record."""
    if doc.kind != "record" or b'"format"' not in doc.data[:200]:
        return None
    try:
        obj = json.loads(doc.data)
    except ValueError:
        return None
    if not is_record(obj):
        return None
    return Article.from_dict(from_row(obj))
