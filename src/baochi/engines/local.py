"""The local engine: a pipeline on this machine's cores.

The source is read and the sink written in this process (the store has one writer); the work on each
document -- extraction and the steps -- runs in ``workers`` processes (``-j N``; with 1, in this process,
as baochi always ran). Records reach the sink in input order whatever the number of workers, so ``-j 2``
and ``-j 1`` build the same store and write the same files.

The per-document time limit (``time_limit`` seconds, default ``TIME_LIMIT``): with workers, a worker still
busy on one document past it is killed and replaced, and that input counted as failed; in-process
(``workers=1``) an alarm signal interrupts the Python code of the step (a C extension that never returns
to Python is only bounded with workers).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from types import FrameType

from baochi.engines.pool import WorkerPool, default_workers
from baochi.errors import InputError
from baochi.ingest.options import ReadOptions
from baochi.model import Article, Document
from baochi.pipeline import STEPS, Counters, Outcome, Pipeline, Read, Sink, Step, TimeLimitExceeded, Work

# Seconds one document may take in extraction and the steps together. Measured: the slowest of the 3,736
# baomoi texts with every step takes well under a second; a minute is far out of a healthy document's reach.
TIME_LIMIT = 60.0

Progress = Callable[[Counters], None]


class Stop(Exception):
    """Raised in strict mode at the first failed input."""


@contextmanager
def _alarm(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimitExceeded in this (main) thread after ``seconds``; nothing elsewhere."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def ring(signum: int, frame: FrameType | None) -> None:
        raise TimeLimitExceeded(f"time limit of {seconds:g} s per document exceeded")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(slots=True)
class _Timed:
    """The work with the in-process alarm around it."""

    work: Work
    seconds: float | None

    def __call__(self, doc: Document) -> Outcome:
        try:
            with _alarm(self.seconds):
                return self.work(doc)
        except TimeLimitExceeded as exc:  # rang between the work's end and the alarm's reset
            return Outcome(failed=f"{doc.source}: {exc}")


@dataclass(slots=True, kw_only=True)
class LocalExecutor:
    """Runs pipelines on ``workers`` processes (None: every core); counts into ``counters``."""

    workers: int | None = 1
    time_limit: float | None = TIME_LIMIT
    strict: bool = False
    progress: Progress | None = None
    counters: Counters | None = None

    def __post_init__(self) -> None:
        if self.counters is None:
            self.counters = Counters()

    @property
    def size(self) -> int:
        """The number of worker processes (1: the work runs in this process)."""
        return self.workers if self.workers and self.workers > 0 else default_workers()

    def _tick(self) -> None:
        if self.progress is not None:
            assert self.counters is not None
            self.progress(self.counters)

    def _failed(self, stage: str, message: str) -> None:
        assert self.counters is not None
        self.counters.error(stage, message)
        self._tick()
        if self.strict:
            raise Stop(message)

    def _documents(self, pipeline: Pipeline, halt: list[str]) -> Iterator[Document]:
        counters = self.counters
        assert counters is not None

        def on_error(err: InputError) -> None:
            counters.error("read", str(err))
            self._tick()
            if self.strict:  # stop reading; what was read before is still finished and written
                halt.append(str(err))

        for doc in pipeline.source.documents(on_error):
            if halt:
                return
            counters.add("read", "documents")
            if pipeline.sink is None or pipeline.sink.admit(doc, counters):
                yield doc
            else:
                self._tick()

    def _outcomes(self, pipeline: Pipeline, halt: list[str]) -> Iterator[tuple[Document, Outcome]]:
        work = pipeline.work
        if pipeline.sink is not None and (prepare := pipeline.sink.preparer()) is not None:
            work = replace(work, prepare=prepare)
        docs = self._documents(pipeline, halt)
        if self.size <= 1:
            timed = _Timed(work, self.time_limit)
            for doc in docs:
                yield doc, timed(doc)
            return
        work.warm()  # what the stages load is loaded once, before the fork, and shared
        with WorkerPool(work, self.size, time_limit=self.time_limit) as pool:
            yield from pool.map(docs)

    def _results(self, pipeline: Pipeline) -> Iterator[tuple[Document, Outcome]]:
        """(document, outcome) of every input giving a record, in order; failures and drops are counted,
        not raised (strict mode: ``Stop`` at the first)."""
        counters = self.counters
        assert counters is not None
        sink = pipeline.sink
        halt: list[str] = []
        for doc, out in self._outcomes(pipeline, halt):
            if out.article is None:
                if sink is not None:
                    sink.release(doc)
                if out.dropped is not None:
                    counters.add("skip", out.dropped)
                    self._tick()
                else:
                    self._failed("extract", out.failed or f"{doc.source}: failed")
                continue
            counters.add("pages", out.article.page_type)
            yield doc, out
            self._tick()
        if halt:
            raise Stop(halt[0])

    def records(self, pipeline: Pipeline) -> Iterator[tuple[Document, Article]]:
        """(document, record) of every input, in order; failures and drops are counted, not raised
        (strict mode: ``Stop`` at the first)."""
        for doc, out in self._results(pipeline):
            assert out.article is not None
            yield doc, out.article

    def run(self, pipeline: Pipeline) -> Counters:
        """Run a pipeline with a sink to its end; returns the counters. In strict mode stops (after
        writing what came before) at the first failure."""
        assert self.counters is not None
        sink = pipeline.sink
        if sink is None:
            raise ValueError("run() needs a pipeline ending in a sink; records() yields the records")
        try:
            for doc, out in self._results(pipeline):
                assert out.article is not None
                sink.write(doc, out.article, self.counters, out.prepared)
        except Stop:
            pass
        finally:
            sink.close(self.counters)
        return self.counters


def read_records(
    paths: Sequence[str],
    *,
    options: ReadOptions | None = None,
    steps: Iterable[Step] = STEPS,
    workers: int | None = 1,
    time_limit: float | None = TIME_LIMIT,
    counters: Counters | None = None,
    strict: bool = False,
) -> Iterator[Article]:
    """The records of every input, in order (no store); failures are counted in ``counters``."""
    executor = LocalExecutor(workers=workers, time_limit=time_limit, counters=counters, strict=strict)
    pipeline = Pipeline.of(Read(paths, options or ReadOptions()), steps)
    try:
        for _, article in executor.records(pipeline):
            yield article
    except Stop:
        return


def run_into(
    sink: Sink,
    paths: Sequence[str],
    *,
    options: ReadOptions | None = None,
    steps: Iterable[Step] = STEPS,
    workers: int | None = 1,
    time_limit: float | None = TIME_LIMIT,
    strict: bool = False,
    progress: Progress | None = None,
) -> Counters:
    """Read, extract and run the steps on every input, into ``sink`` (a StoreWriter: ``baochi ingest``)."""
    executor = LocalExecutor(workers=workers, time_limit=time_limit, strict=strict, progress=progress)
    return executor.run(Pipeline.of(Read(paths, options or ReadOptions()), steps, sink))
