"""Which reader reads which file: by name suffix, then by sniffing the first bytes."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterator
from functools import cache

from baochi.errors import InputError
from baochi.ingest.options import ReadOptions
from baochi.model import Document

log = logging.getLogger(__name__)

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
    ".csv": "baochi.ingest.table:read_csv_file",
    ".tsv": "baochi.ingest.table:read_csv_file",
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


def display_name(path: str) -> str:
    """A file name as it can be stored and printed: bytes that are not UTF-8 (kept by Python as lone
    surrogates) become ``\\xNN`` escapes."""
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        try:
            return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        except UnicodeEncodeError:
            return path.encode("utf-8", "backslashreplace").decode("utf-8")


def _clean_error(err: InputError, path: str, name: str) -> InputError:
    if name == path or path not in err.source:
        return err
    return type(err)(err.source.replace(path, name), err.reason)


def read_path(
    path: str, on_error: Callable[[InputError], None], options: ReadOptions | None = None
) -> Iterator[Document]:
    """Every document of one input file (``-`` is standard input, sniffed).

    Whatever a reader raises is reported against this input and the run goes on; file names that are
    not UTF-8 are escaped in the documents' ``source`` and in error lines; ``--outlet`` / ``--date``
    defaults travel in ``meta``.
    """
    options = options or ReadOptions()
    reader = _reader(DEFAULT_READER) if path == "-" else reader_for(path)
    name = display_name(path)
    raised: list[BaseException] = []

    def report(err: InputError) -> None:
        try:
            on_error(_clean_error(err, path, name))
        except BaseException as exc:  # --strict's stop: not ours to catch below
            raised.append(exc)
            raise

    defaults = {k: v for k, v in (("default_outlet", options.outlet), ("default_date", options.date)) if v}
    try:
        for doc in reader(path, report, options):
            if doc.source == path and name != path:
                doc.source = name
            if defaults:
                doc.meta.update(defaults)
            yield doc
    except Exception as exc:
        if any(exc is r for r in raised):
            raise
        log.debug("reader failed on %s", name, exc_info=True)
        report(InputError(name, f"cannot read: {type(exc).__name__}: {exc}"))
