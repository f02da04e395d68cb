"""Worker processes for the local engine: documents out, outcomes back, in input order.

Built so that the workers never wait for the main process (which reads the inputs and writes the store,
and so is busy for a while at every batch it writes):

- **prefetch**: each worker has up to ``DEPTH`` documents queued (``QUEUED_BYTES`` at most), sent in
  chunks of up to ``CHUNK`` documents per message; a thread of the worker takes the messages off its pipe
  as they come, so a send from the main process never waits on a busy worker;
- **outcomes in batches**: a second thread of the worker sends its finished outcomes, all those ready in
  one message, so a worker keeps working while the main process is writing a batch and does not read;
- the main process waits on every pipe and every process at once, and puts the outcomes back in input
  order (a bounded window ahead of the oldest unfinished document).

A worker that dies (a crash in a C extension, ``os._exit``, the OOM killer) or that spends longer than the
time limit on one document is killed and replaced, and the run goes on. With one document queued, that
document is counted as failed; with more, which one it was is not known for sure (outcomes finished just
before a crash may not have left the worker), so they are all handed out again one at a time, to a worker
that holds nothing else: the document that crashes or hangs again is then the one counted as failed.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import pickle
import queue
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from baochi.model import Document
from baochi.pipeline import Outcome, where

Task = Callable[[Document], Outcome]
Logged = tuple[str, int, str]  # logger name, level, message

# Documents queued per worker (the one it works on included), and their bytes at most: enough work to
# carry a worker through the main process's longest pause (writing a batch of records), small in memory.
DEPTH = 64
QUEUED_BYTES = 8 * 1024 * 1024
# Documents per message to a worker.
CHUNK = 16
# Outcomes held ahead of the oldest unfinished document, per worker: room for every worker's queue past a
# slow document, bounded so that memory stays flat.
WINDOW_PER_WORKER = 2 * DEPTH
PROTOCOL = pickle.HIGHEST_PROTOCOL


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


def _receive(conn: Connection, inbox: queue.SimpleQueue[bytes | None], orphan: threading.Event) -> None:
    """A worker's thread: messages off the pipe into the inbox as they come, until told to stop (or the
    parent is gone: ``orphan`` is set)."""
    parent = os.getppid()
    try:
        while True:
            # A forked worker holds both ends of its own pipe (and those of the workers forked before it),
            # so a parent killed with -9 gives it no EOF: it looks for its parent once a second.
            while not conn.poll(1.0):
                if os.getppid() != parent:
                    orphan.set()
                    return
            data = conn.recv_bytes()
            if data == b"":
                return
            inbox.put(data)
    except (EOFError, OSError):  # the parent is gone
        orphan.set()
        return
    finally:
        inbox.put(None)


def _send(conn: Connection, outbox: queue.SimpleQueue[bytes | None]) -> None:
    """A worker's thread: every finished outcome ready, in one message, until the end mark."""
    while True:
        first = outbox.get()
        if first is None:
            return
        batch = [first]
        end = False
        while True:
            try:
                item = outbox.get_nowait()
            except queue.Empty:
                break
            if item is None:
                end = True
                break
            batch.append(item)
        try:
            conn.send_bytes(pickle.dumps(batch, PROTOCOL))
        except OSError:  # the parent is gone
            os._exit(0)
        if end:
            return


def _pack(seq: int, doc: Document, out: Outcome, logged: list[Logged]) -> bytes:
    try:
        return pickle.dumps((seq, out, logged), PROTOCOL)
    except Exception as exc:  # an outcome that cannot be pickled
        failed = Outcome(failed=f"{where(doc)}: internal error: cannot send the record: {exc}")
        return pickle.dumps((seq, failed, logged), PROTOCOL)


def _serve(conn: Connection, task: Task) -> None:
    """A worker: chunks of (seq, document) in, (seq, outcome, log records) out, until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    collect = _Collect()
    logging.getLogger().handlers = [collect]
    inbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    orphan = threading.Event()
    threading.Thread(target=_receive, args=(conn, inbox, orphan), daemon=True).start()
    sender = threading.Thread(target=_send, args=(conn, outbox), daemon=True)
    sender.start()
    while not orphan.is_set() and (data := inbox.get()) is not None:
        for seq, doc in pickle.loads(data):
            if orphan.is_set():
                break
            outbox.put(_pack(seq, doc, task(doc), collect.take()))
    if orphan.is_set():  # nobody reads what is left to send (a send to a full pipe would wait forever)
        os._exit(0)
    outbox.put(None)
    sender.join()


@dataclass(slots=True)
class _Worker:
    process: BaseProcess
    conn: Connection
    queue: deque[tuple[int, Document, int]] = field(default_factory=deque)  # (seq, document, bytes)
    queued_bytes: int = 0
    since: float = 0.0  # when the document at the head of its queue started (at the latest)
    careful: bool = False  # holds one document handed out again after a crash: nothing else is queued


def _context() -> Any:
    # fork: workers start in milliseconds and inherit what the parent imported (a test's injected step too)
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _size(doc: Document) -> int:
    return len(doc.data) + 256


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
        self._retry: deque[tuple[int, Document]] = deque()  # queued on a worker that was replaced

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
        """Kill a worker and start another in its place."""
        if w.process.is_alive():
            w.process.kill()
        w.process.join(5)
        w.conn.close()
        self._workers[self._workers.index(w)] = self._spawn()
        self.replaced += 1

    def close(self) -> None:
        """Stop every worker (killing those still busy)."""
        for w in self._workers:
            if w.queue:
                w.process.kill()
                continue
            with contextlib.suppress(OSError):
                w.conn.send_bytes(b"")
        deadline = time.monotonic() + 2
        for w in self._workers:
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

        def take() -> tuple[int, Document] | None:
            nonlocal exhausted, next_in
            if exhausted or next_in - next_out >= window:
                return None
            doc = next(source, None)
            if doc is None:
                exhausted = True
                return None
            next_in += 1
            return next_in - 1, doc

        while True:
            self._dispatch(take)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
            busy = [w for w in self._workers if w.queue]
            if not busy:
                if exhausted and not self._retry:
                    return
                continue
            self._collect(busy, done)

    def _dispatch(self, take: Callable[[], tuple[int, Document] | None]) -> None:
        """Top up the workers' queues, a chunk at a time to the least loaded; documents handed out again
        after a crash go one at a time to idle workers, and nothing else meanwhile."""
        while self._retry:
            idle = [w for w in self._workers if not w.queue]
            if not idle:
                return
            self._send(idle[0], [self._retry.popleft()])
            idle[0].careful = True
        while True:
            w = min(self._workers, key=lambda x: len(x.queue) + DEPTH * x.careful)
            room = min(CHUNK, DEPTH - len(w.queue))
            if room <= 0 or w.careful or w.queued_bytes >= QUEUED_BYTES:
                return
            chunk: list[tuple[int, Document]] = []
            size = w.queued_bytes
            while len(chunk) < room and size < QUEUED_BYTES and (item := take()) is not None:
                chunk.append(item)
                size += _size(item[1])
            if not chunk:
                return
            self._send(w, chunk)

    def _send(self, w: _Worker, chunk: list[tuple[int, Document]]) -> None:
        if not w.queue:
            w.since = time.monotonic()
        for seq, doc in chunk:
            size = _size(doc)
            w.queue.append((seq, doc, size))
            w.queued_bytes += size
        with contextlib.suppress(OSError):  # died while idle: the crash check counts it
            w.conn.send_bytes(pickle.dumps(chunk, PROTOCOL))

    def _relog(self, logged: list[Logged]) -> None:
        """Log the workers' records here; a warning only the first time in the run."""
        for name, level, message in logged:
            if level >= logging.WARNING:
                if message in self._warned:
                    continue
                self._warned.add(message)
            logging.getLogger(name).log(level, "%s", message)

    def _drain(self, w: _Worker, done: dict[int, tuple[Document, Outcome]]) -> bool:
        """Take every outcome the worker has sent; False when its pipe is broken."""
        try:
            while w.conn.poll():
                for blob in pickle.loads(w.conn.recv_bytes()):
                    seq, outcome, logged = pickle.loads(blob)
                    self._relog(logged)
                    _, doc, size = w.queue.popleft()  # outcomes come in the order of the queue
                    w.queued_bytes -= size
                    done[seq] = (doc, outcome)
                    w.since = time.monotonic()
                    w.careful = False
        except (EOFError, OSError):
            return False
        return True

    def _lost(self, w: _Worker, done: dict[int, tuple[Document, Outcome]], message: str) -> None:
        """A worker crashed or hung: its one document fails, or its documents are handed out again."""
        if len(w.queue) == 1:
            seq, doc, _ = w.queue[0]
            done[seq] = (doc, Outcome(failed=f"{where(doc)}: {message}"))
        else:
            self._retry.extendleft((seq, doc) for seq, doc, _ in reversed(w.queue))
        self._replace(w)

    def _collect(self, busy: list[_Worker], done: dict[int, tuple[Document, Outcome]]) -> None:
        """Wait for outcomes, crashes or the time limit of the busy workers."""
        timeout = None
        if self.time_limit is not None:
            timeout = max(0.0, min(w.since for w in busy) + self.time_limit - time.monotonic())
        by_handle: dict[Any, _Worker] = {}
        for w in busy:
            by_handle[w.conn] = w
            by_handle[w.process.sentinel] = w
        ready = {id(by_handle[h]): by_handle[h] for h in wait(list(by_handle), timeout)}
        for w in ready.values():
            alive = self._drain(w, done)
            if alive and w.process.is_alive():
                continue
            w.process.join(1)
            if not self._drain(w, done) or w.process.exitcode is not None:
                self._lost(w, done, f"worker crashed (exit status {w.process.exitcode})")
        if self.time_limit is None:
            return
        now = time.monotonic()
        for w in list(self._workers):
            if w.queue and now - w.since > self.time_limit:
                message = f"time limit of {self.time_limit:g} s per document exceeded"
                self._lost(w, done, message)


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1
