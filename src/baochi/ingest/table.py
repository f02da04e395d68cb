"""CSV and TSV dumps of crawlers (``.csv``, ``.tsv``, optionally gzipped): one record per row.

The header row names the columns; each row becomes a ``record`` Document holding the row as a JSON object
(column name -> cell), read by the JSON record extractor like a JSONL line, so the same field names and
``--field ROLE=NAME`` options apply. ``source_offset`` is the row number (the header is row 0). A file
whose header names no text or HTML column fails with one error listing its columns. Rows are streamed;
a row over ``max_document_bytes`` is reported and skipped.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from typing import Any

from baochi.errors import InputError
from baochi.ingest.files import iter_lines, open_input
from baochi.ingest.options import ReadOptions
from baochi.ingest.records import has_text_field, no_text_field, record_document
from baochi.model import Document

# Delimiters a crawler CSV uses, in the order they are preferred when the header is ambiguous.
_DELIMITERS = ",;\t|"


def _delimiter(path: str, header: str) -> str:
    if path.lower().removesuffix(".gz").endswith(".tsv"):
        return "\t"
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _text_lines(path: str, options: ReadOptions, on_error: Callable[[InputError], None]) -> Iterator[str]:
    limit = options.bounds.max_document_bytes
    encoding = options.encoding or "utf-8-sig"
    with open_input(path) as stream:
        first = True
        for _, line in iter_lines(stream, limit, path, on_error):
            if first and encoding == "utf-8-sig":
                line = line.removeprefix(b"\xef\xbb\xbf")
            first = False
            yield line.decode(encoding, errors="replace")


def read_csv_file(
    path: str, on_error: Callable[[InputError], None], options: ReadOptions
) -> Iterator[Document]:
    """Every row of a CSV/TSV file as a ``record`` Document."""
    limit = options.bounds.max_document_bytes
    csv.field_size_limit(limit)
    try:
        lines = _text_lines(path, options, on_error)
        header_line = next(lines, None)
        if header_line is None or not header_line.strip():
            raise InputError(path, "empty file")
        delimiter = _delimiter(path, header_line)
        header = next(csv.reader([header_line], delimiter=delimiter))
        names = [h.strip() or f"column{i + 1}" for i, h in enumerate(header)]
        if not has_text_field(dict.fromkeys(names, ""), options):
            raise no_text_field(path, names)
        rows = csv.reader(lines, delimiter=delimiter)
        number = 0
        while True:
            number += 1
            try:
                row = next(rows)
            except StopIteration:
                break
            except csv.Error as exc:
                on_error(InputError(f"{path}:{number}", f"row {number} cannot be read: {exc}"))
                continue
            if not any(cell.strip() for cell in row):
                continue
            obj: dict[str, Any] = dict(zip(names, row, strict=False))
            if len(row) > len(names):
                obj["_extra"] = row[len(names) :]
            yield record_document(path, obj, number, options)
    except InputError as err:
        on_error(err)
    except (UnicodeError, LookupError) as exc:
        on_error(InputError(path, f"cannot decode: {exc}"))
