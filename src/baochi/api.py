"""The public Python API: one call for the common case, typed, documented in ``docs/api.md``.

>>> import baochi
>>> article = baochi.extract_article("Giá vàng tăng mạnh\\n\\nGiá vàng trong nước sáng nay tăng mạnh.")
>>> article.title
'Giá vàng tăng mạnh'

``extract_article`` makes the record of one document held in memory; ``read`` yields the records of
files, folders and globs; ``deduplicate`` marks exact and near duplicates and story clusters in a stream of
records; ``baochi.Store`` (``baochi.corpus.Store``) is the embedded database with ``ingest``,
``search``, ``get``, ``people``. The ``baochi`` command is a thin layer over these.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Literal, cast

from baochi.errors import BaochiError, ExtractionError, InputError
from baochi.ingest.options import ReadOptions
from baochi.model import Article, Document
from baochi.pipeline import Counters, Step

if TYPE_CHECKING:
    from baochi.dedup.batch import BatchStats

log = logging.getLogger("baochi")

Kind = Literal["text", "html", "record"]
Steps = str | Sequence[str | Step]
PathLike = str | os.PathLike[str]
Paths = PathLike | Iterable[PathLike]
# A progress callback: (phase, how many more units were done); phases are named by each function.
Progress = Callable[[str, int], None]


def step_list(steps: Steps) -> tuple[Step, ...]:
    """The record steps named by ``"all"``, ``"none"``, ``"lang,enrich"`` or a list of names or steps
    (``["lang"]``, ``[baochi.pipeline.Lang()]``), in pipeline order."""
    from baochi.pipeline import select_steps

    if isinstance(steps, str):
        if not steps.strip():
            raise ValueError("no steps named: use 'all', 'none' or a comma list of lang, enrich")
        return select_steps(steps)
    names = [s if isinstance(s, str) else s.name for s in steps]
    return select_steps(",".join(names)) if names else ()


def path_list(paths: Paths) -> Iterator[str]:
    """One path or many, as strings (``-`` is standard input), lazily: a generator of paths is
    consumed one input at a time."""
    if isinstance(paths, str | os.PathLike):
        yield os.fspath(paths)
        return
    for p in paths:
        yield os.fspath(p)


def _document(raw: bytes, kind: Kind | None, url: str | None, source: str, options: ReadOptions) -> Document:
    from baochi.ingest.records import record_document
    from baochi.ingest.sniff import sniff_kind
    from baochi.ingest.text import text_document

    if kind is None:
        sniffed = sniff_kind(raw)
        if sniffed == "warc":
            raise InputError(source, "a WARC file holds many pages: use baochi.read(path)")
        kind = "html" if sniffed == "html" else "record" if sniffed in ("json", "jsonl") else "text"
    if kind == "record":
        try:
            obj = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise InputError(source, f"not one JSON object: {exc}") from None
        if not isinstance(obj, dict):
            raise InputError(source, "not one JSON object (use baochi.read for a dump of many)")
        doc = record_document(source, obj, None, options)
        doc.url = url or doc.url
        return doc
    if kind == "html":
        if not raw.strip():
            raise InputError(source, "empty document")
        meta: dict[str, object] = {"encoding": options.encoding} if options.encoding else {}
        return Document(source=source, data=raw, kind="html", url=url, meta=meta)
    if kind == "text":
        doc = text_document(source, raw, options)
        doc.url = url
        return doc
    raise ValueError(f"kind must be 'text', 'html' or 'record', not {kind!r}")


def extract_article(
    data: bytes | str,
    *,
    url: str | None = None,
    kind: Kind | None = None,
    steps: Steps = "all",
    source: str = "<data>",
    encoding: str | None = None,
    fields: Mapping[str, str] | None = None,
) -> Article:
    """The record of one document held in memory: a scraped text, an HTML page or one JSON record.

    ``kind`` is sniffed when not given (HTML by its tags, a record by its opening brace, else text);
    ``url`` is the page's address when known (it names the outlet and the id); ``steps`` are the record
    steps run after extraction (``"all"``, ``"none"``, ``"lang"``, ``"enrich"``); ``encoding`` forces the
    character set of bytes; ``fields`` maps record roles to field names (``{"text": "noi_dung"}``).
    Raises ``baochi.errors.InputError`` for empty or unreadable data, ``ExtractionError`` when no
    record can be made.
    """
    from baochi.extract import extract_article as extract_document
    from baochi.pipeline import run_steps

    chosen = step_list(steps)  # checked before the work
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    options = ReadOptions.given(fields=fields, encoding=encoding)
    doc = _document(raw, kind, url, source, options)
    return run_steps(extract_document(doc), chosen)


class Records(Iterator[Article]):
    """The records of a ``read``: iterate them; ``counters`` says what was read, kept and failed."""

    def __init__(self, articles: Iterator[Article], counters: Counters) -> None:
        self._articles = articles
        self.counters = counters

    def __iter__(self) -> Records:
        return self

    def __next__(self) -> Article:
        return next(self._articles)

    @property
    def errors(self) -> list[str]:
        """One message per input that failed so far."""
        return self.counters.errors


def read(
    paths: Paths,
    *,
    steps: Steps = "all",
    fields: Mapping[str, str] | None = None,
    encoding: str | None = None,
    outlet: str | None = None,
    date: str | None = None,
    follow_symlinks: bool = False,
    strict: bool = False,
    on_error: Callable[[str], None] | None = None,
    workers: int | None = 1,
    time_limit: float | None = None,
) -> Records:
    """The records of files, folders and globs (any input ``baochi extract`` reads), lazily.

    Every input gives its own record: an input whose id (from its URL, else its title and text) an
    earlier one of the run has gets one from its source, as ``Store.ingest`` gives it.

    An input that cannot be read or extracted is skipped: its one-line message goes to ``on_error``
    (default: a logged warning) and to ``records.errors``; with ``strict=True`` the first failure raises
    ``baochi.errors.BaochiError`` (after the records read before it). ``workers`` processes extract and
    run the steps (1: this process; 0 or None: every core); ``time_limit`` is the seconds one document may
    take (default ``baochi.engines.local.TIME_LIMIT``; 0: no limit). ``outlet`` and ``date`` are defaults for
    inputs that carry none; ``follow_symlinks`` follows links in folders that point out of the inputs.
    """
    from baochi.engines.local import TIME_LIMIT, read_records

    counters = Counters()
    chosen = step_list(steps)  # checked before the work
    options = ReadOptions.given(
        fields=fields, encoding=encoding, outlet=outlet, date=date, follow_symlinks=follow_symlinks
    )
    report = on_error or (lambda message: log.warning("baochi: %s", message))

    def generate() -> Iterator[Article]:
        from baochi.identity import RunIdentities

        identities = RunIdentities()  # every input its own id, as the store gives them
        told = 0
        for article in read_records(
            lazy_paths(paths),
            options=options,
            steps=chosen,
            workers=workers,
            time_limit=TIME_LIMIT if time_limit is None else time_limit or None,
            counters=counters,
            strict=strict,
        ):
            yield identities.settle(article)
            while told < len(counters.errors):
                report(counters.errors[told])
                told += 1
        for message in counters.errors[told:]:
            report(message)
        if strict and counters.errors:
            raise BaochiError(counters.errors[0])

    return Records(generate(), counters)


def lazy_paths(paths: Paths) -> Sequence[str]:
    """The paths for ``pipeline.Read``, kept lazy: the local engine reads them one input at a time, so
    a caller handing a generator can follow the progress of a run input by input."""
    return cast("Sequence[str]", path_list(paths))


class Deduplication(Iterator[Article]):
    """The records of a ``deduplicate``, each with ``cluster_id``, ``duplicate_of`` and ``similarity`` set;
    ``stats`` (a ``baochi.dedup.batch.BatchStats``) counts what was found, once iteration started."""

    def __init__(self, articles: Iterable[Article], drop_duplicates: bool, progress: Progress | None) -> None:
        from baochi.dedup.batch import BatchDeduplicator

        self._input = articles
        self._drop = drop_duplicates
        self._progress = progress or (lambda phase, n: None)
        self._dd = BatchDeduplicator()
        self._out: Iterator[Article] | None = None
        self.written = 0

    @property
    def stats(self) -> BatchStats:
        """Counts of the run: documents, exact copies, same URL, candidates, verified duplicates, clusters."""
        return self._dd.stats

    def __iter__(self) -> Deduplication:
        return self

    def __next__(self) -> Article:
        if self._out is None:
            self._out = self._run()
        return next(self._out)

    def _run(self) -> Iterator[Article]:
        """Two passes over a spill file: memory grows with the number of records (about 200 bytes
        each), not with their text; candidate pairs are verified by reading their two records back."""
        from baochi.dedup.text import article_text, sentence_syllables

        offsets = array("q")
        with tempfile.TemporaryFile("w+b", prefix="baochi-dedup-") as spill:
            for article in self._input:
                offsets.append(spill.tell())
                spill.write(json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8") + b"\n")
                self._dd.add(article)
                self._progress("read", 1)
            spill.flush()

            def sentences_of(i: int) -> list[list[str]]:
                spill.seek(offsets[i])
                return sentence_syllables(article_text(Article.from_dict(json.loads(spill.readline()))))

            self._progress("verify", len(offsets))
            assignments = self._dd.resolve(sentences_of)
            spill.seek(0)
            for a, line in zip(assignments, _lines(spill, len(offsets)), strict=True):
                self._progress("write", 1)
                if self._drop and a.duplicate_of is not None:
                    continue
                article = Article.from_dict(json.loads(line))
                article.cluster_id, article.duplicate_of, article.similarity = (
                    a.cluster_id,
                    a.duplicate_of,
                    a.similarity,
                )
                self.written += 1
                yield article


def _lines(fh: IO[bytes], n: int) -> Iterator[bytes]:
    for _ in range(n):
        yield fh.readline()


def deduplicate(
    articles: Iterable[Article], *, drop_duplicates: bool = False, progress: Progress | None = None
) -> Deduplication:
    """Exact and near duplicates and story clusters of a stream of records (``baochi dedup``).

    Every record is read first (kept in a temporary file, not in memory), then yielded in input order
    with ``cluster_id`` (the canonical member's id), ``duplicate_of`` and ``similarity`` set; with
    ``drop_duplicates=True`` only the canonical member of each cluster is yielded. ``progress`` is called
    with ``("read", 1)`` per record read, ``("verify", n)`` once, ``("write", 1)`` per record yielded.
    """
    return Deduplication(articles, drop_duplicates, progress)


def load_jsonl(path: PathLike) -> Iterator[Article]:
    """The records of a JSON-lines file written by ``baochi extract`` or ``baochi dedup``."""
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield Article.from_dict(json.loads(line))
                except (ValueError, TypeError) as exc:
                    raise ExtractionError(f"{os.fspath(path)}:{n}: not a baochi record: {exc}") from None


def write_jsonl(articles: Iterable[Article], out: IO[str]) -> int:
    """Write records as JSON lines (format v1); returns how many were written."""
    n = 0
    for article in articles:
        out.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
        n += 1
    return n


__all__ = [
    "Deduplication",
    "Records",
    "deduplicate",
    "extract_article",
    "load_jsonl",
    "path_list",
    "read",
    "step_list",
    "write_jsonl",
]
