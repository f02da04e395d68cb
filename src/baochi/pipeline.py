"""The one way a run is built: a source of documents, the per-document stages, a sink -- handed to an engine.

A run is a list of stages, as in datatrove (``[reader, filter, writer]`` handed to an executor)::

    Pipeline([Read(paths), Extract(), Lang(), Enrich(), StoreWriter(store)])

- a **source** (``Read``) yields raw ``Document`` objects; it runs where the engine reads (the main process
  locally, one task per shard on Ray);
- ``Extract`` turns a ``Document`` into an ``Article``; the **steps** (``Lang``, ``Enrich``) are pure
  ``Article -> Article`` functions. Together they make the ``Work`` done for one document: a small,
  picklable object the engine runs in its workers;
- a **sink** (``writers.store.StoreWriter``, ``writers.files.FileWriter``) receives the records in input
  order, in one process: the store has one writer.

Engines (``baochi.engines.local``, ``baochi.engines.ray``) run any pipeline without touching its stages.
Stages import their heavy modules on first call, so building a pipeline costs nothing. Everything is
counted in ``Counters`` (``read.documents``, ``pages.<type>``, ``skip.<reason>``, ``<stage>.errors``, ...),
in the process that receives the outcomes, so the counts are those of the whole run whatever the workers.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from baochi.errors import BaochiError, InputError
from baochi.ingest.options import ReadOptions
from baochi.model import Article, Document

log = logging.getLogger(__name__)


class Counters:
    """Named counters per stage (``seen``, ``kept``, ``dropped.<reason>``, ``errors``), mergeable."""

    __slots__ = ("counts", "errors")

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.errors: list[str] = []

    def add(self, stage: str, name: str, n: int = 1) -> None:
        """Add ``n`` to the counter ``<stage>.<name>``."""
        self.counts[f"{stage}.{name}"] += n

    def error(self, stage: str, message: str) -> None:
        """Count an error of ``stage`` and keep its message for the report."""
        self.add(stage, "errors")
        self.errors.append(message)

    def merge(self, other: Counters) -> None:
        """Add another set of counters (from a worker or a shard) into this one."""
        self.counts.update(other.counts)
        self.errors.extend(other.errors)

    def as_dict(self) -> dict[str, int]:
        """The counters as a plain sorted dict."""
        return dict(sorted(self.counts.items()))


class Dropped(Exception):
    """Raised by a step to drop a record for a stated reason (counted as ``skip.<reason>``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class TimeLimitExceeded(BaochiError):
    """A document took longer than the per-document time limit (its input is counted as failed)."""


# -- per-document stages ------------------------------------------------------------------------------


class Step(ABC):
    """A record step: a pure ``Article -> Article`` function with a short name (``--steps`` uses it).

    Subclasses import their module inside ``__call__``: a step's heavy dependencies load only when it runs.
    """

    name: str

    @abstractmethod
    def __call__(self, article: Article) -> Article:
        """Return the record with this step's fields filled in."""


class Lang(Step):
    """The language layer: language, spelling flags, time expressions (``baochi.lang.step``)."""

    name = "lang"

    def __call__(self, article: Article) -> Article:
        from baochi.lang.step import annotate_article

        return annotate_article(article)


class Enrich(Step):
    """Entities, positions and events (``baochi.enrich.step``)."""

    name = "enrich"

    def __call__(self, article: Article) -> Article:
        from baochi.enrich.step import enrich_article

        return enrich_article(article)


# Order matters: the language layer first (later steps use its sentences and time expressions).
STEPS: tuple[Step, ...] = (Lang(), Enrich())


def select_steps(choice: str) -> tuple[Step, ...]:
    """The steps named by ``all``, ``none`` or a comma list of short names (``lang,enrich``), in order."""
    choice = choice.strip().lower()
    if choice == "all":
        return STEPS
    if choice == "none":
        return ()
    wanted = [c.strip() for c in choice.split(",") if c.strip()]
    known = [s.name for s in STEPS]
    unknown = [w for w in wanted if w not in known]
    if unknown or not wanted:
        raise ValueError(
            f"unknown step {', '.join(unknown) or repr(choice)}; known: all, none, {', '.join(known)}"
        )
    return tuple(s for s in STEPS if s.name in wanted)


def run_steps(article: Article, steps: Iterable[Step] = STEPS) -> Article:
    """Run the steps on one record, in order."""
    for step in steps:
        article = step(article)
    return article


class Extract:
    """``Document -> Article``: the extractor of the document's kind (``baochi.extract``); a record that
    baochi wrote itself (a line of ``extract`` output, a row of a Parquet shard) is taken as it is."""

    name = "extract"

    def __call__(self, doc: Document) -> Article:
        from baochi.writers.schema import restore_record

        restored = restore_record(doc)  # a record baochi wrote (extract/dedup output, shards): as it was
        if restored is not None:
            return restored
        from baochi.extract import extract_article

        return extract_article(doc)


def where(doc: Document) -> str:
    """``source`` or ``source:offset``: how a document is named in messages."""
    return doc.source if doc.source_offset is None else f"{doc.source}:{doc.source_offset}"


@dataclass(slots=True)
class Outcome:
    """What the work on one document gave: a record, or the reason it failed or was dropped."""

    article: Article | None = None
    failed: str | None = None  # one-line reason, the input is counted under extract.errors
    dropped: str | None = None  # reason, counted under skip.<reason>
    prepared: Any = None  # what the sink's preparer made of the record


# A short news text run through the work once before worker processes are forked (``Work.warm``): the
# steps load their lexicons and models on first use, and loaded before the fork they are loaded once,
# shared by the workers' memory, instead of once per worker.
WARM_UP = Document(
    source="<warm-up>",
    kind="text",
    data="Hà Nội họp bàn kế hoạch năm 2025\n\nSáng 5/3, Chủ tịch UBND TP Hà Nội Trần Sỹ Thanh chủ trì"
    " cuộc họp tại trụ sở Thành ủy. Theo kế hoạch, thành phố sẽ hoàn thành dự án trước tháng 6/2025."
    "\n\nTheo Hà Nội Mới\n".encode(),
)


@dataclass(frozen=True, slots=True)
class Work:
    """Extraction then the steps, on one document: what a worker runs. Never raises (bugs are counted).

    ``prepare`` (given by the sink, ``Sink.preparer``) turns the finished record into what the sink
    writes, in the worker: the sink's own work per record is then spread over the workers too."""

    extract: Extract = field(default_factory=Extract)
    steps: tuple[Step, ...] = STEPS
    prepare: Callable[[Article], Any] | None = None

    def __call__(self, doc: Document) -> Outcome:
        try:
            article = self.extract(doc)
            for step in self.steps:
                article = step(article)
            prepared = self.prepare(article) if self.prepare is not None else None
        except Dropped as exc:
            return Outcome(dropped=exc.reason)
        except BaochiError as exc:
            return Outcome(failed=f"{where(doc)}: {exc}")
        except Exception as exc:  # a bug on one odd input must not stop a corpus run
            log.debug("extraction failed on %s", where(doc), exc_info=True)
            return Outcome(failed=f"{where(doc)}: internal error: {type(exc).__name__}: {exc}")
        return Outcome(article=article, prepared=prepared)

    def warm(self) -> None:
        """Run once on a short text, so that what the stages load on first use is loaded here."""
        self(WARM_UP)


# -- sources and sinks --------------------------------------------------------------------------------


class Source(ABC):
    """Where the documents of a run come from."""

    @abstractmethod
    def documents(self, on_error: Callable[[InputError], None]) -> Iterator[Document]:
        """Every document, in order; unreadable inputs go to ``on_error`` and the run goes on."""


@dataclass(slots=True)
class Read(Source):
    """Files, folders, globs and ``-`` (stdin), read by the reader of each file's type (``baochi.ingest``)."""

    paths: Sequence[str]
    options: ReadOptions = field(default_factory=ReadOptions)

    def documents(self, on_error: Callable[[InputError], None]) -> Iterator[Document]:
        from baochi.ingest import iter_documents

        yield from iter_documents(self.paths, on_error, self.options)


class Sink(ABC):
    """Where the records of a run go, in input order, in one process."""

    def admit(self, doc: Document, counters: Counters) -> bool:
        """False to skip a document before any work is spent on it (counted by the sink)."""
        return True

    def preparer(self) -> Callable[[Article], Any] | None:
        """A picklable function of one record that the engine runs where the work is done (the workers)
        and whose result it hands to ``write`` as ``prepared``; None: nothing to prepare."""
        return None

    @abstractmethod
    def write(self, doc: Document, article: Article, counters: Counters, prepared: Any = None) -> None:
        """Take one record (and the document it came from, and what ``preparer`` made of it)."""

    def release(self, doc: Document) -> None:  # noqa: B027 - most sinks hold nothing per document
        """An admitted document will not be written (its work failed or dropped it)."""

    def close(self, counters: Counters) -> None:  # noqa: B027 - most sinks have nothing to flush
        """Flush what is pending (called once, also after an interruption of the run)."""


class Collect(Sink):
    """A sink keeping the records in a list (tests, small runs)."""

    def __init__(self) -> None:
        self.records: list[Article] = []

    def write(self, doc: Document, article: Article, counters: Counters, prepared: Any = None) -> None:
        self.records.append(article)


PipelineStage = Source | Extract | Step | Sink


class Pipeline:
    """A run as a list of stages: a source, ``Extract``, the steps, and a sink (optional: ``records()``)."""

    def __init__(self, stages: Iterable[PipelineStage]) -> None:
        items = list(stages)
        if not items or not isinstance(items[0], Source):
            raise ValueError("a pipeline starts with a source (e.g. Read(paths))")
        self.source: Source = items[0]
        self.sink: Sink | None = items[-1] if isinstance(items[-1], Sink) else None
        middle = items[1 : len(items) - (self.sink is not None)]
        if not middle or not isinstance(middle[0], Extract):
            raise ValueError("the stage after the source is Extract()")
        steps = middle[1:]
        if not all(isinstance(s, Step) for s in steps):
            raise ValueError("only steps (Article -> Article) go between Extract() and the sink")
        self.work = Work(extract=middle[0], steps=tuple(s for s in steps if isinstance(s, Step)))

    @classmethod
    def of(cls, source: Source, steps: Iterable[Step] = STEPS, sink: Sink | None = None) -> Pipeline:
        """The usual run: the source, extraction, the steps given, then the sink."""
        return cls([source, Extract(), *steps, *([sink] if sink is not None else [])])

    @property
    def steps(self) -> tuple[Step, ...]:
        """The record steps, in order."""
        return self.work.steps


def summary_lines(counters: Counters) -> list[str]:
    """The end-of-run report: documents read, records by page type, stored, skipped, errors."""
    c = counters.counts
    pages = {k.split(".", 1)[1]: n for k, n in c.items() if k.startswith("pages.")}
    skipped = {k.split(".", 1)[1]: n for k, n in c.items() if k.startswith("skip.")}
    errors = sum(n for k, n in c.items() if k.endswith(".errors"))
    lines = [
        f"documents read: {c['read.documents']}",
        f"records: {sum(pages.values())} (articles {pages.get('article', 0)}, "
        f"list pages {pages.get('list', 0)}, other {pages.get('other', 0)})",
    ]
    if c["store.new"] or c["store.updated"]:
        lines.append(f"stored: {c['store.new']} new, {c['store.updated']} updated")
    reasons = {
        "unchanged": "already stored, unchanged",
        "duplicate": "same bytes already stored from another source",
    }
    if skipped:
        lines.append(f"skipped: {sum(skipped.values())}")
        lines += [f"  {n} {reasons.get(r, r)}" for r, n in sorted(skipped.items())]
    lines.append(f"errors: {errors}")
    lines += [f"  {m}" for m in counters.errors]
    return lines
