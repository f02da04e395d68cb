"""Which reader reads which file: by name suffix, then by sniffing the first bytes."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from functools import cache

from baochi.errors import InputError
from baochi.ingest.options import ReadOptions
from baochi.model import Document

Reader = Callable[[str, Callable[[InputError], None], ReadOptions], Iterator[Document]]

# Name suffix (after removing .gz) -> reader, as "module:function"; imported on first use.
READERS = {
    ".txt": "baochi.ingest.text:read_text_file",
    ".json": "baochi.ingest.records:read_json_file",
    ".jsonl": "baochi.ingest.records:read_jsonl_file",
    ".ndjson": "baochi.ingest.records:read_jsonl_file",
    ".html": "baochi.ingest.html:read_html_file",
    ".htm": "baochi.ingest.html:read_html_file",
    ".warc": "baochi.ingest.warc:read_warc_file",
    ".parquet": "baochi.ingest.parquet:read_parquet_file",
}
DEFAULT_READER = "baochi.ingest.sniff:read_unknown_file"


@cache
def _reader(spec: str) -> Reader:
    module, name = spec.split(":")
    fn: Reader = getattr(importlib.import_module(module), name)
    return fn


def reader_for(path: str) -> Reader:
    """The reader for a path, chosen by its suffix (``x.warc.gz`` -> WARC); unknown -> sniffing."""
    name = path.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    dot = name.rfind(".")
    suffix = name[dot:] if dot > name.rfind("/") else ""
    return _reader(READERS.get(suffix, DEFAULT_READER))


def read_path(
    path: str, on_error: Callable[[InputError], None], options: ReadOptions | None = None
) -> Iterator[Document]:
    """Every document of one input file (``-`` is standard input, sniffed)."""
    reader = _reader(DEFAULT_READER) if path == "-" else reader_for(path)
    yield from reader(path, on_error, options or ReadOptions())
