"""Records to Parquet: the table schema of ``writers.schema`` as Arrow types, written row group by row group.

The only module of the writers that imports pyarrow (the ``all`` extra), on first use.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from baochi.errors import BaochiError
from baochi.writers.schema import COLUMNS, Type, to_row

# Records per row group: a few MB of text, so a reader can stream a file and a writer holds little.
ROW_GROUP = 2000


def _pa() -> Any:
    try:
        import pyarrow as pa
    except ImportError:
        raise BaochiError("writing Parquet needs pyarrow: pip install 'baochi[all]'") from None
    return pa


def _arrow_type(kind: Type) -> Any:
    pa = _pa()
    if isinstance(kind, str):
        return {"string": pa.string(), "int64": pa.int64(), "int32": pa.int32(), "float64": pa.float64()}[
            kind
        ]
    if kind[0] == "list":
        return pa.list_(_arrow_type(kind[1]))
    return pa.struct([pa.field(name, _arrow_type(sub)) for name, sub in kind[1]])


@cache
def arrow_schema(fields: tuple[str, ...] | None = None) -> Any:
    """The Arrow schema of the record table (of the ``fields`` named, in their order, if given)."""
    pa = _pa()
    types = dict(COLUMNS)
    names = fields or tuple(types)
    return pa.schema([pa.field(name, _arrow_type(types[name])) for name in names])


class ParquetFile:
    """A Parquet file of records, written a row group at a time (``write`` buffers, ``close`` flushes)."""

    def __init__(
        self, path: str | Path, *, fields: Sequence[str] | None = None, row_group: int = ROW_GROUP
    ) -> None:
        import pyarrow.parquet as pq

        self.fields = tuple(fields) if fields else None
        self.schema = arrow_schema(self.fields)
        self.row_group = row_group
        self._rows: list[dict[str, Any]] = []
        self._writer = pq.ParquetWriter(str(path), self.schema, compression="zstd")
        self.rows = 0

    def write(self, record: dict[str, Any]) -> None:
        """Add one record (its JSON form)."""
        row = to_row(record)
        if self.fields:
            row = {name: row[name] for name in self.fields}
        self._rows.append(row)
        self.rows += 1
        if len(self._rows) >= self.row_group:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            table = _pa().Table.from_pylist(self._rows, schema=self.schema)
            self._writer.write_table(table)
            self._rows = []

    def close(self) -> None:
        """Write the last row group and the footer."""
        self._flush()
        self._writer.close()


def read_rows(path: str | Path) -> list[dict[str, Any]]:
    """Every row of a Parquet file as a dict (tests, small files)."""
    import pyarrow.parquet as pq

    rows: list[dict[str, Any]] = pq.read_table(str(path)).to_pylist()
    return rows
