"""Documents -> records -> store: the run behind ``baochi ingest`` and ``baochi extract``.

``extract_records`` reads inputs, extracts one record per document and runs the step list; ``Ingest``
adds the store: inputs already stored unchanged are skipped before extraction, the rest are written in
batches, one transaction each (a crash loses at most the batch in flight, never leaves half of it).
Everything is counted in ``baochi.pipeline.Counters``; one message per failed input is kept.

Later stages hook in without touching the loop: the functions named in ``INGEST_HOOKS`` (and any
added to ``Ingest.hooks``) are called with the store and each batch of stored records, inside the
batch's transaction (dedup and entities keep their tables in step with the records that way).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from baochi.errors import BaochiError, InputError
from baochi.ingest import iter_documents
from baochi.ingest.options import ReadOptions
from baochi.model import Article, Document
from baochi.pipeline import Counters, Dropped
from baochi.steps import ARTICLE_STEPS, run_steps
from baochi.store import Store

log = logging.getLogger(__name__)

Hook = Callable[[Store, list[Article]], None]

# Hooks run by every ingest after each stored batch, as "module:function" names, imported on first use.
INGEST_HOOKS: list[str] = [
    "baochi.enrich.index:store_batch",
    "baochi.dedup.index:index_articles",
]
# Documents per transaction: large enough that commits cost little next to extraction, small enough
# that a crash or Ctrl-C loses only a moment of work.
BATCH = 200
OPTIMIZE_MIN = 1000


@cache
def load_hook(spec: str) -> Hook:
    """Import one hook by its ``module:function`` name."""
    module, name = spec.split(":")
    fn: Hook = getattr(importlib.import_module(module), name)
    return fn


class Stop(Exception):
    """Raised in --strict mode at the first failed input."""


def _where(doc: Document) -> str:
    return doc.source if doc.source_offset is None else f"{doc.source}:{doc.source_offset}"


@dataclass(slots=True, kw_only=True)
class Run:
    """Options of one run and what it counted."""

    options: ReadOptions = field(default_factory=ReadOptions)
    strict: bool = False
    steps: list[str] = field(default_factory=lambda: list(ARTICLE_STEPS))
    counters: Counters = field(default_factory=Counters)
    on_count: Callable[[], None] | None = None

    def failed(self, stage: str, message: str) -> None:
        """Count a failed input (one message each); stop in strict mode."""
        self.counters.error(stage, message)
        if self.on_count:
            self.on_count()
        if self.strict:
            raise Stop(message)

    def documents(self, paths: Iterable[str]) -> Iterator[Document]:
        """Every readable document; unreadable inputs are counted under ``read.errors``."""

        def on_error(err: InputError) -> None:
            self.failed("read", str(err))

        for doc in iter_documents(paths, on_error, self.options):
            self.counters.add("read", "documents")
            yield doc

    def extract(self, doc: Document) -> Article | None:
        """The record of one document after the steps, or None (counted) when it fails or is dropped."""
        from baochi.extract import extract_article

        try:
            article = run_steps(extract_article(doc), self.steps)
        except Dropped as exc:
            self.counters.add("skip", exc.reason)
            return None
        except BaochiError as exc:
            self.failed("extract", f"{_where(doc)}: {exc}")
            return None
        except Exception as exc:  # a bug on one odd input must not stop a corpus run
            log.debug("extraction failed on %s", _where(doc), exc_info=True)
            self.failed("extract", f"{_where(doc)}: internal error: {type(exc).__name__}: {exc}")
            return None
        self.counters.add("pages", article.page_type)
        return article


def extract_records(paths: Iterable[str], run: Run) -> Iterator[Article]:
    """Records of every input (no store); failures are counted in ``run.counters``."""
    for doc in run.documents(paths):
        article = run.extract(doc)
        if article is not None:
            yield article


class Ingest:
    """Reads, extracts and stores, in batches; idempotent (unchanged inputs are skipped)."""

    def __init__(self, store: Store, run: Run, *, batch: int = BATCH) -> None:
        self.store = store
        self.run = run
        self.batch = batch
        self.hooks: list[Hook] = [load_hook(spec) for spec in INGEST_HOOKS]
        self._pending: list[tuple[Document, Article]] = []
        self._pending_keys: dict[tuple[str, int | None], str] = {}
        self._pending_sha: dict[str, str] = {}

    def _skip(self, doc: Document) -> bool:
        """True when the document is already stored (or queued) as it is; counts why."""
        key = (doc.source, doc.source_offset)
        sha = doc.raw_sha256
        if self._pending_keys.get(key) == sha:
            self.run.counters.add("skip", "unchanged")
            return True
        if sha in self._pending_sha and self._pending_sha[sha] != _where(doc):
            self.run.counters.add("skip", "duplicate")
            return True
        check = self.store.document_status(doc)
        if check.status in ("unchanged", "duplicate"):
            self.run.counters.add("skip", check.status)
            return True
        return False

    def flush(self) -> None:
        """Write the queued records in one transaction."""
        if not self._pending:
            return
        with self.store.transaction():
            stored = []
            for doc, article in self._pending:
                self.run.counters.add("store", self.store.put(article, doc))
                stored.append(article)
            for hook in self.hooks:
                hook(self.store, stored)
        self._pending.clear()
        self._pending_keys.clear()
        self._pending_sha.clear()

    def add(self, doc: Document) -> None:
        """Extract and queue one document (unless unchanged); flushes a full batch."""
        if self._skip(doc):
            return
        article = self.run.extract(doc)
        if article is None:
            return
        self._pending.append((doc, article))
        self._pending_keys[(doc.source, doc.source_offset)] = doc.raw_sha256
        self._pending_sha[doc.raw_sha256] = _where(doc)
        if len(self._pending) >= self.batch:
            self.flush()

    def ingest(self, paths: Iterable[str], on_document: Callable[[], None] | None = None) -> Counters:
        """Ingest every input; returns the counters. In strict mode stops (after storing what was
        read before) at the first failure."""
        try:
            for doc in self.run.documents(paths):
                self.add(doc)
                if on_document:
                    on_document()
        except Stop:
            pass
        finally:
            self.flush()
        c = self.run.counters.counts
        stored = c["store.new"] + c["store.updated"]
        # Merging the index segments rewrites the whole index: worth it only after a large share of it
        # was written by this run (segments left by many small batches slow common-word queries).
        if stored >= OPTIMIZE_MIN and stored * 10 >= self.store.count():
            self.store.optimize()
        return self.run.counters


def summary_lines(counters: Counters) -> list[str]:
    """The end-of-run report: documents read, records by page type, stored, skipped, errors."""
    c = counters.counts
    pages = {k.split(".", 1)[1]: n for k, n in c.items() if k.startswith("pages.")}
    skipped = {k.split(".", 1)[1]: n for k, n in c.items() if k.startswith("skip.")}
    errors = c["read.errors"] + c["extract.errors"]
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
