"""Worker processes for the local engine: documents out, outcomes back, in input order.

Each worker is a process with its own pipe; the parent sends a document only to an idle worker (so a
send never blocks on a busy one), waits on every pipe and every process at once, and puts the outcomes
back in input order (a bounded window ahead of the oldest unfinished document). A worker that dies on a
document (a crash in a C extension, ``os._exit``, the OOM killer) or that spends longer than the time
limit on one is killed and replaced; that one document is counted as failed and the run goes on.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from baochi.model import Document
from baochi.pipeline import Outcome, where

Task = Callable[[Document], Outcome]
Logged = tuple[str, int, str]  # logger name, level, message

# Outcomes held ahead of the oldest unfinished document, per worker: enough to keep every worker busy
# past a slow document, bounded so that memory stays flat.
WINDOW_PER_WORKER = 32


class _Collect(logging.Handler):
    """A worker's log records, sent to the parent with each outcome (which shows a warning once per run,
    not once per worker)."""

    def __init__(self) -> None:
        super().__init__()
        self.records: list[Logged] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.exc_info and record.exc_info[0] is not None:
            message += "\n" + "".join(traceback.format_exception(*record.exc_info)).rstrip()
        self.records.append((record.name, record.levelno, message))

    def take(self) -> list[Logged]:
        out, self.records = self.records, []
        return out


def _serve(conn: Connection, task: Task) -> None:
    """A worker's loop: receive (seq, document), send (seq, outcome, log records), until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    collect = _Collect()
    logging.getLogger().handlers = [collect]
    parent = os.getppid()
    while True:
        try:
            # A forked worker holds both ends of its own pipe (and those of the workers forked before
            # it), so a parent killed with -9 gives it no EOF: it looks for its parent once a second.
            while not conn.poll(1.0):
                if os.getppid() != parent:
                    return
            msg = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if msg is None:
            return
        seq, doc = msg
        out = task(doc)
        try:
            conn.send((seq, out, collect.take()))
        except (BrokenPipeError, OSError):
            return
        except Exception as exc:  # an outcome that cannot be pickled
            failed = Outcome(failed=f"{where(doc)}: internal error: cannot send the record: {exc}")
            conn.send((seq, failed, []))


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    seq: int | None = None  # the document it is working on
    doc: Document | None = None
    started: float = 0.0


def _context() -> Any:
    # fork: workers start in milliseconds and inherit what the parent imported (a test's injected step too)
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


class WorkerPool:
    """``workers`` processes running ``task`` on documents; use as a context manager."""

    def __init__(self, task: Task, workers: int, *, time_limit: float | None = None) -> None:
        self.task = task
        self.size = max(1, workers)
        self.time_limit = time_limit if time_limit and time_limit > 0 else None
        self._ctx = _context()
        self._workers: list[_Worker] = []
        self.replaced = 0
        self._warned: set[str] = set()

    def __enter__(self) -> WorkerPool:
        self._workers = [self._spawn() for _ in range(self.size)]
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        proc = self._ctx.Process(target=_serve, args=(child, self.task), daemon=True, name="baochi-worker")
        proc.start()
        child.close()
        return _Worker(process=proc, conn=parent)

    def _replace(self, w: _Worker) -> None:
        if w.process.is_alive():
            w.process.kill()
        w.process.join(5)
        w.conn.close()
        self._workers[self._workers.index(w)] = self._spawn()
        self.replaced += 1

    def close(self) -> None:
        """Stop every worker (killing those still busy)."""
        for w in self._workers:
            try:
                if w.seq is None:
                    w.conn.send(None)
            except OSError:
                pass
        deadline = time.monotonic() + 2
        for w in self._workers:
            if w.seq is not None:
                w.process.kill()
            w.process.join(max(0.0, deadline - time.monotonic()))
            if w.process.is_alive():
                w.process.kill()
                w.process.join()
            w.conn.close()
        self._workers = []

    def map(self, docs: Iterable[Document]) -> Iterator[tuple[Document, Outcome]]:
        """(document, outcome) of every document, in input order."""
        source = iter(docs)
        exhausted = False
        done: dict[int, tuple[Document, Outcome]] = {}
        next_in = next_out = 0
        window = self.size * WINDOW_PER_WORKER
        while True:
            # hand documents to idle workers while the window allows
            for w in self._workers:
                if w.seq is not None or exhausted or next_in - next_out >= window:
                    continue
                doc = next(source, None)
                if doc is None:
                    exhausted = True
                    break
                w.seq, w.doc, w.started = next_in, doc, time.monotonic()
                next_in += 1
                with contextlib.suppress(OSError):  # died while idle: the crash check below counts it
                    w.conn.send((w.seq, doc))
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            busy = [w for w in self._workers if w.seq is not None]
            if not busy:
                if exhausted:
                    return
                continue
            self._collect(busy, done)

    def _relog(self, logged: list[Logged]) -> None:
        """Log the workers' records here; a warning only the first time in the run."""
        for name, level, message in logged:
            if level >= logging.WARNING:
                if message in self._warned:
                    continue
                self._warned.add(message)
            logging.getLogger(name).log(level, "%s", message)

    def _collect(self, busy: list[_Worker], done: dict[int, tuple[Document, Outcome]]) -> None:
        """Wait for outcomes, crashes or the time limit of the busy workers."""
        timeout = None
        if self.time_limit is not None:
            first = min(w.started for w in busy)
            timeout = max(0.0, first + self.time_limit - time.monotonic())
        by_handle: dict[Any, _Worker] = {}
        for w in busy:
            by_handle[w.conn] = w
            by_handle[w.process.sentinel] = w
        ready = wait(list(by_handle), timeout)
        finished: set[int] = set()
        for handle in ready:
            w = by_handle[handle]
            if id(w) in finished or w.seq is None or w.doc is None:
                continue
            seq, doc = w.seq, w.doc
            if handle is w.conn or w.conn.poll():
                try:
                    got_seq, outcome, logged = w.conn.recv()
                except (EOFError, OSError):
                    got_seq, outcome, logged = seq, None, []
                self._relog(logged)
                if outcome is not None and got_seq == seq:
                    done[seq] = (doc, outcome)
                    w.seq = w.doc = None
                    finished.add(id(w))
                    continue
            code = w.process.exitcode
            if code is None:  # readable pipe but nothing complete: it died mid-send
                w.process.join(1)
                code = w.process.exitcode
            done[seq] = (doc, Outcome(failed=f"{where(doc)}: worker crashed (exit status {code})"))
            finished.add(id(w))
            self._replace(w)
        if self.time_limit is None:
            return
        now = time.monotonic()
        for w in list(self._workers):
            if w.seq is not None and w.doc is not None and now - w.started > self.time_limit:
                message = f"{where(w.doc)}: time limit of {self.time_limit:g} s per document exceeded"
                done[w.seq] = (w.doc, Outcome(failed=message))
                self._replace(w)


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
