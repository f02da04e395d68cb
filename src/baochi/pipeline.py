"""Stages over records, their composition and their counters. Imports no engine.

A *step* is a pure function ``Article -> Article`` (easy to test and to ship to a worker); a *stage* is
a generator ``Iterable[T] -> Iterator[T]``. ``as_stage`` lifts a step into a stage that counts what it
sees, keeps, drops and fails on, so that one bad record never stops a batch.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import reduce
from typing import TypeVar

from baochi.errors import BaochiError

T = TypeVar("T")
Stage = Callable[[Iterable[T]], Iterator[T]]

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
        """Add another set of counters (from a worker) into this one."""
        self.counts.update(other.counts)
        self.errors.extend(other.errors)

    def as_dict(self) -> dict[str, int]:
        """The counters as a plain sorted dict."""
        return dict(sorted(self.counts.items()))


class Dropped(Exception):
    """Raised by a step to drop a record for a stated reason (counted as ``dropped.<reason>``)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def as_stage(name: str, step: Callable[[T], T], counters: Counters) -> Stage[T]:
    """Lift a pure step into a counting stage; BaochiError and Dropped are counted, not raised."""

    def stage(items: Iterable[T]) -> Iterator[T]:
        for item in items:
            counters.add(name, "seen")
            try:
                out = step(item)
            except Dropped as exc:
                counters.add(name, f"dropped.{exc.reason}")
                continue
            except BaochiError as exc:
                counters.error(name, str(exc))
                log.debug("%s: %s", name, exc)
                continue
            counters.add(name, "kept")
            yield out

    return stage


def compose(*stages: Stage[T]) -> Stage[T]:
    """Chain stages left to right into one stage."""

    def composed(items: Iterable[T]) -> Iterator[T]:
        return iter(reduce(lambda acc, st: st(acc), stages, items))

    return composed
