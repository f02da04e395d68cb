"""Records to files: JSON lines, CSV or Parquet; one file, or a directory of shards ``part-NNNNN.<ext>``.

Every format streams: a record is written (or buffered into the current Parquet row group) as it comes,
never the whole run in memory. JSON lines hold the record's JSON form (format v1) as it is; Parquet has
typed, nested columns (``writers.schema``); CSV has one column per field, nested values as JSON text.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, Protocol, TextIO

from baochi.errors import BaochiError
from baochi.model import Article, Document
from baochi.pipeline import Counters, Sink
from baochi.writers.schema import NAMES

Format = Literal["jsonl", "csv", "parquet"]
FORMATS: tuple[Format, ...] = ("jsonl", "csv", "parquet")
SUFFIX: dict[Format, str] = {"jsonl": ".jsonl", "csv": ".csv", "parquet": ".parquet"}
_BY_SUFFIX: dict[str, Format] = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl", ".csv": "csv"}
_BY_SUFFIX[".parquet"] = "parquet"
# Records per shard when a run writes a directory of shards on this machine.
SHARD_ROWS = 100_000


class RecordFile(Protocol):
    """An open output of records."""

    def write(self, record: dict[str, Any]) -> None: ...

    def close(self) -> None: ...


def guess_format(path: str, given: str | None) -> Format:
    """The format asked for, else the one the file name's suffix names, else JSON lines."""
    if given:
        fmt = given.lower()
        if fmt not in FORMATS:
            raise BaochiError(f"unknown format {given!r}; known: {', '.join(FORMATS)}")
        return fmt
    return _BY_SUFFIX.get(Path(path).suffix.lower(), "jsonl")


def check_fields(fields: Sequence[str] | None) -> tuple[str, ...] | None:
    """The field names asked for (``--fields``), checked against the record's fields."""
    if not fields:
        return None
    unknown = [f for f in fields if f not in NAMES]
    if unknown:
        raise BaochiError(f"unknown field {', '.join(unknown)}; fields: {', '.join(NAMES)}")
    return tuple(fields)


class _Jsonl:
    def __init__(self, out: TextIO, fields: tuple[str, ...] | None) -> None:
        self.out, self.fields = out, fields

    def write(self, record: dict[str, Any]) -> None:
        if self.fields:
            record = {k: record.get(k) for k in self.fields}
        self.out.write(json.dumps(record, ensure_ascii=False) + "\n")

    def close(self) -> None:
        if self.out is not sys.stdout:
            self.out.close()
        else:
            self.out.flush()


class _Csv:
    def __init__(self, out: TextIO, fields: tuple[str, ...] | None) -> None:
        self.out = out
        self.fields = fields or ("format", *[n for n in NAMES if n != "format"])
        self.writer = csv.writer(out)
        self.writer.writerow(self.fields)

    def write(self, record: dict[str, Any]) -> None:
        row = []
        for name in self.fields:
            value = record.get(name)
            if isinstance(value, list | dict):
                value = json.dumps(value, ensure_ascii=False)
            row.append("" if value is None else value)
        self.writer.writerow(row)

    def close(self) -> None:
        if self.out is not sys.stdout:
            self.out.close()
        else:
            self.out.flush()


def _open_text(path: str) -> TextIO:
    if path == "-":
        return sys.stdout
    try:
        return open(path, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise BaochiError(f"{path}: cannot write: {exc.strerror or exc}") from None


def open_records(path: str, fmt: Format, fields: Sequence[str] | None = None) -> RecordFile:
    """An output of records in one file (``-``: standard output, not for Parquet)."""
    chosen = check_fields(fields)
    if fmt == "parquet":
        if path == "-":
            raise BaochiError("Parquet cannot go to standard output: name a file or a directory with -o")
        from baochi.writers.parquet import ParquetFile

        try:
            return ParquetFile(path, fields=chosen)
        except OSError as exc:
            raise BaochiError(f"{path}: cannot write: {exc}") from None
    out = _open_text(path)
    return _Csv(out, chosen) if fmt == "csv" else _Jsonl(out, chosen)


def is_directory_target(path: str) -> bool:
    """True when ``-o`` names a directory, written with a trailing slash (``out/``): shards go there."""
    return path != "-" and path.endswith(("/", os.sep))


def shard_path(directory: str | Path, index: int, fmt: Format) -> Path:
    """``DIR/part-NNNNN.<ext>``."""
    return Path(directory) / f"part-{index:05d}{SUFFIX[fmt]}"


class FileWriter(Sink):
    """Records into one file, or into a directory of shards of ``shard_rows`` records each."""

    def __init__(
        self,
        target: str,
        fmt: Format | None = None,
        *,
        fields: Sequence[str] | None = None,
        shard_rows: int = SHARD_ROWS,
        first_shard: int = 0,
    ) -> None:
        self.fmt: Format = fmt or guess_format(target, None)
        self.fields = check_fields(fields)
        self.sharded = is_directory_target(target)
        self.target = target
        self.shard_rows = shard_rows
        self.shard = first_shard
        self.written = 0
        self._in_shard = 0
        if self.sharded:
            try:
                os.makedirs(target, exist_ok=True)
            except OSError as exc:
                raise BaochiError(f"{target}: cannot make the directory: {exc.strerror or exc}") from None
        # opened now: a bad output path fails before any work
        self._out: RecordFile | None = self._open()

    def _open(self) -> RecordFile:
        path = str(shard_path(self.target, self.shard, self.fmt)) if self.sharded else self.target
        return open_records(path, self.fmt, self.fields)

    def add(self, record: dict[str, Any]) -> None:
        """Write one record (its JSON form)."""
        if self._out is None:
            self._out = self._open()
        self._out.write(record)
        self.written += 1
        self._in_shard += 1
        if self.sharded and self._in_shard >= self.shard_rows:
            self._out.close()
            self._out = None
            self.shard += 1
            self._in_shard = 0

    def write(self, doc: Document, article: Article, counters: Counters, prepared: Any = None) -> None:
        """Sink: write the record."""
        self.add(article.to_dict())

    def close(self, counters: Counters | None = None) -> None:
        """Close the current file (a directory target with no record keeps one empty shard)."""
        if self._out is not None:
            self._out.close()
            self._out = None
