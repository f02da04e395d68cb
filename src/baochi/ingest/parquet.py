"""Parquet corpus dumps (CC-NEWS-style, Hugging Face-style) -> one Document per row, row group by row group.

Every row becomes a ``record`` Document holding the row as JSON, extracted by the JSON record extractor
like a JSONL line: its text through the scraped-text rules, or its HTML through the HTML extractor, with
the row's title, URL, date and authors laid over. ``source_offset`` is the row number.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from baochi.errors import InputError
from baochi.ingest.files import reading
from baochi.ingest.options import ReadOptions
from baochi.model import Document

# Default field names per role, first match wins: news-please / CC-NEWS dumps, then common HF datasets.
DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "html": ("html", "raw_html", "content_html", "html_content", "page_html"),
    "text": ("maintext", "text", "content", "body", "article"),
    "title": ("title", "headline"),
    "url": ("url", "source_url", "link"),
    "date": ("date_publish", "published_at", "publish_date", "date", "published", "timestamp"),
    "authors": ("authors", "author", "byline"),
}
# Rows per batch: bounded memory even when a row group holds gigabytes of HTML.
_BATCH_ROWS = 256


def resolve_fields(columns: list[str], overrides: dict[str, str]) -> dict[str, str]:
    """Role -> column name, from the user's ``--field role=name`` options, then the defaults."""
    present = set(columns)
    out: dict[str, str] = {}
    for role, names in DEFAULT_FIELDS.items():
        if role in overrides:
            if overrides[role] in present:
                out[role] = overrides[role]
            continue
        for name in names:
            if name in present:
                out[role] = name
                break
    for role, name in overrides.items():
        if role not in out and name in present:
            out[role] = name
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    return value


def _other(value: Any) -> Any:
    """JSON for the Arrow types without one (Decimal, duration, ...): their text form."""
    if isinstance(value, timedelta):
        return value.total_seconds()
    return str(value)


def read_parquet_file(
    path: str, on_error: Callable[[InputError], None], options: ReadOptions, row_group: int | None = None
) -> Iterator[Document]:
    """Every row of a Parquet file (or of its row group number ``row_group``: one shard of a distributed
    run) as a ``record`` Document, streamed batch by batch."""
    try:
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is in the `all` extra
        on_error(InputError(path, "reading Parquet needs pyarrow: pip install 'baochi[all]'"))
        return
    try:
        pf = pq.ParquetFile(path)
    except Exception as err:  # pyarrow raises ArrowInvalid, OSError, ...
        on_error(InputError(path, f"cannot read Parquet: {err}"))
        return
    fields = resolve_fields(list(pf.schema_arrow.names), options.fields)
    if "html" not in fields and "text" not in fields:
        on_error(InputError(path, f"no HTML or text column among {pf.schema_arrow.names}"))
        return
    row_no = 0
    groups = None
    if row_group is not None:
        groups = [row_group]
        row_no = sum(pf.metadata.row_group(i).num_rows for i in range(row_group))
    position = _RowPosition(path, pf.metadata.num_rows)
    try:
        with reading(path, position):
            for batch in pf.iter_batches(batch_size=_BATCH_ROWS, row_groups=groups):
                for row in batch.to_pylist():
                    source = f"{path}#{row_no}"
                    yield from _row_document(path, row_no, row, fields, options, on_error, source)
                    row_no += 1
                    position.rows_read = row_no
    except Exception as err:  # a corrupt page/row group: report, keep what was read
        on_error(InputError(f"{path}#{row_no}", f"cannot read Parquet rows: {err}"))


class _RowPosition:
    """How far a Parquet file was read, in bytes, estimated from the rows read (pyarrow reads it)."""

    def __init__(self, path: str, rows: int) -> None:
        self.size = os.path.getsize(path)
        self.rows = max(1, rows)
        self.rows_read = 0

    def tell(self) -> int:
        """The file's size times the share of its rows read."""
        return self.size * min(self.rows_read, self.rows) // self.rows


def _row_document(
    path: str,
    row_no: int,
    row: dict[str, Any],
    fields: dict[str, str],
    options: ReadOptions,
    on_error: Callable[[InputError], None],
    source: str,
) -> Iterator[Document]:
    html = row.get(fields["html"]) if "html" in fields else None
    text = row.get(fields["text"]) if "text" in fields else None
    if not html and not text:
        on_error(InputError(source, "row has neither HTML nor text"))
        return
    url = row.get(fields["url"]) if "url" in fields else None
    try:
        payload = json.dumps(_jsonable(row), ensure_ascii=False, default=_other).encode("utf-8")
    except (TypeError, ValueError, RecursionError) as err:  # one odd cell costs its row, not the file
        on_error(InputError(source, f"row cannot be converted: {err}"))
        return
    if len(payload) > options.bounds.max_document_bytes:
        on_error(
            InputError(source, f"row larger than the limit of {options.bounds.max_document_bytes} bytes")
        )
        return
    # the record extractor reads the row like a JSONL line (HTML through the HTML extractor, metadata laid
    # over); it gets the column of every role found here, so non-default names work too
    yield Document(
        source=path,
        source_offset=row_no,
        data=payload,
        kind="record",
        url=url if isinstance(url, str) and url else None,
        meta={"fields": dict(fields)},
    )
