"""Every input its own record across a run, and one spelling per outlet.

Ids come from a record's canonical URL, else from its title and text (``extract.finalize``): two inputs
holding the same story (the same page saved twice, one text under two file names, two equal rows of a
dump) would share one. The second and later get an id from the first one and their source
(``source_id``), as the store gives them (``store.db``), so ``baochi extract``, ``baochi.read`` and
``baochi ingest`` give the same ids; copies stay linked by their story cluster.

Outlets named only by an attribution (no domain) are merged by their folded key (case and diacritics
aside): the first spelling met in the run (or stored, for the store) is the one every record gets.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from baochi.lang.fold import fold_key
from baochi.model import Article, Document, Outlet, stable_id
from baochi.pipeline import Counters, Sink


def source_id(article_id: str, source: str, source_offset: int | None) -> str:
    """The id of a record whose own id is another input's: from that id and its source (path, row)."""
    offset = -1 if source_offset is None else source_offset
    return stable_id(f"{article_id}\n{source}\n{offset}")


class RunIdentities:
    """The ids and outlet spellings given so far in one run; ``settle`` each record in input order.

    ``stored_spelling`` answers the outlet spelling already in a store for a folded key (None: none)."""

    def __init__(self, stored_spelling: Callable[[str], str | None] | None = None) -> None:
        self._ids: set[str] = set()
        self._spellings: dict[str, str] = {}
        self._stored = stored_spelling

    def settle(self, article: Article) -> Article:
        """The record with an id no earlier record of the run has, and its outlet's first spelling."""
        if article.id in self._ids:
            article.id = source_id(article.id, article.source, article.source_offset)
        self._ids.add(article.id)
        outlet = article.outlet
        if outlet is not None and outlet.domain is None and outlet.name:
            key = fold_key(outlet.name)
            name = self._spellings.get(key)
            if name is None:
                name = (self._stored(key) if self._stored else None) or outlet.name
                self._spellings[key] = name
            if name != outlet.name:
                article.outlet = Outlet(name=name)
        return article


class SettledSink(Sink):
    """A sink whose records are settled (``RunIdentities``) in input order before they reach ``sink``:
    what a Ray task writes gets the ids a local run gives, for the copies within its shard."""

    def __init__(self, sink: Sink) -> None:
        self.sink = sink
        self.identities = RunIdentities()

    def admit(self, doc: Document, counters: Counters) -> bool:
        """As the wrapped sink."""
        return self.sink.admit(doc, counters)

    def write(self, doc: Document, article: Article, counters: Counters, prepared: Any = None) -> None:
        """The settled record to the wrapped sink (nothing prepared: this sink has no preparer)."""
        self.sink.write(doc, self.identities.settle(article), counters)

    def release(self, doc: Document) -> None:
        """As the wrapped sink."""
        self.sink.release(doc)

    def close(self, counters: Counters) -> None:
        """As the wrapped sink."""
        self.sink.close(counters)
