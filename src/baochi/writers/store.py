"""The store as the sink of a run (``baochi ingest``): one writer, batches in transactions.

Inputs already stored unchanged are skipped before any work is spent on them (``admit``); the same bytes
under another source are not: every input keeps its own record (``baochi.identity``). The rest are
written in batches, one transaction each, so a crash (even kill -9) loses at most the batch in flight
and never leaves half of it; a re-run resumes where it stopped, and is idempotent. After the records of
a batch are put, the *indexes* -- the entity tables and the story clusters -- are brought up to date
inside the same transaction.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from baochi.identity import RunIdentities
from baochi.model import Article, Document
from baochi.pipeline import Counters, Sink
from baochi.store import Store
from baochi.store.db import Prepared, prepare
from baochi.store.entity_tables import EntityRows, entity_rows

if TYPE_CHECKING:
    from baochi.dedup.index import Entry

# Something kept in step with the stored records, called with each batch inside its transaction.
Index = Callable[[Store, list[Article]], None]

# Documents per transaction: large enough that commits cost little next to extraction, small enough
# that a crash or Ctrl-C loses only a moment of work.
BATCH = 200
# Merging the full-text index segments rewrites the whole index: worth it only after a large ingest.
OPTIMIZE_MIN = 1000


@dataclass(frozen=True, slots=True)
class Ready:
    """What storing a record computes from the record alone, made where the work is done (the workers):
    its JSON form and full-text rows, its entity rows, its dedup index entry. The writer is left with
    what only the store can do (SQL, candidates against the stored records)."""

    put: Prepared
    entities: EntityRows
    dedup: tuple[Any, ...]  # the dedup Entry's fields, its sentences as one string (10x cheaper to send)

    def entry(self) -> Entry:
        """The dedup index entry."""
        from baochi.dedup.index import Entry

        id_, count, text, *rest = self.dedup
        sents = [s.split(" ") if s else [] for s in text.split("\n")] if count else []
        return Entry(id_, sents, *rest)


def ready(article: Article) -> Ready:
    """The ``Ready`` of a record (``StoreWriter.preparer``)."""
    from baochi.dedup.batch import DedupParams
    from baochi.dedup.index import entries

    e = entries([article], DedupParams())[0]
    text = "\n".join(" ".join(s) for s in e.sents)
    return Ready(
        prepare(article), entity_rows(article), (e.id, len(e.sents), text, e.text_key, e.url_key, e.hashes)
    )


class PreparedIndex:
    """An index that takes the ``Ready`` of each record of the batch when the workers made them."""

    def __call__(self, store: Store, batch: list[Article], ready: Sequence[Ready | None] = ()) -> None:
        raise NotImplementedError


class _EntityRows(PreparedIndex):
    """The entity, position and event tables of the records just stored."""

    def __call__(self, store: Store, batch: list[Article], ready: Sequence[Ready | None] = ()) -> None:
        if ready and all(r is not None for r in ready):
            store.entities.write(batch, [r.entities for r in ready if r is not None])
            return
        from baochi.enrich.index import store_batch

        store_batch(store, batch)


class _StoryClusters(PreparedIndex):
    """The near-duplicate index and story clusters, updated with the records just stored."""

    def __call__(self, store: Store, batch: list[Article], ready: Sequence[Ready | None] = ()) -> None:
        from baochi.dedup.index import index_articles

        index_articles(store, batch, prepared=[r.entry() if r is not None else None for r in ready] or None)


entity_rows_index: Index = _EntityRows()
story_clusters: Index = _StoryClusters()
INDEXES: tuple[Index, ...] = (entity_rows_index, story_clusters)


class StoreWriter(Sink):
    """Writes records into an open store in batches; idempotent (unchanged inputs are skipped)."""

    def __init__(self, store: Store, *, batch: int = BATCH, indexes: Sequence[Index] = INDEXES) -> None:
        self.store = store
        self.batch = batch
        self.indexes: list[Index] = list(indexes)
        self._pending: list[tuple[Document, Article, Any]] = []
        # documents admitted but not yet stored: their skip checks cannot ask the store
        self._queued_keys: dict[tuple[str, int | None], str] = {}
        self.identities = RunIdentities(store.outlet_spelling)

    def admit(self, doc: Document, counters: Counters) -> bool:
        """False (counted as ``skip.unchanged``) when the same source is already stored, or queued, with
        the same bytes. The same bytes from another source are admitted: each input keeps its record."""
        key = (doc.source, doc.source_offset)
        sha = doc.raw_sha256
        status = self.store.document_status(doc).status
        if (
            self._queued_keys.get(key) == sha
            or status == "unchanged"
            or (status == "duplicate" and self._same_file(doc))
        ):
            counters.add("skip", "unchanged")
            return False
        self._queued_keys[key] = sha
        return True

    def _same_file(self, doc: Document) -> bool:
        """True when the same bytes are stored from this very file named by another path (``samples/x.txt``
        then ``/home/me/samples/x.txt``): the same source, not a copy."""
        for source, offset in self.store.sources_of(doc.raw_sha256):
            if offset == doc.source_offset:
                try:
                    if os.path.samefile(source, doc.source):
                        return True
                except (OSError, ValueError):
                    continue
        return False

    def preparer(self) -> Callable[[Article], Any]:
        """``ready``: what storing a record computes from it alone, made in the workers."""
        return ready

    def write(self, doc: Document, article: Article, counters: Counters, prepared: Any = None) -> None:
        """Queue one record (its id and outlet spelling settled for the run); a full batch is written.
        What the workers prepared is dropped when settling changed the record (the writer makes it)."""
        before = (article.id, article.outlet)
        article = self.identities.settle(article)
        if (article.id, article.outlet) != before:
            prepared = None
        self._pending.append((doc, article, prepared))
        if len(self._pending) >= self.batch:
            self.flush(counters)

    def flush(self, counters: Counters) -> None:
        """Write the queued records and bring the indexes up to date, in one transaction."""
        if not self._pending:
            return
        with self.store.transaction():
            stored = []
            made: list[Ready | None] = []
            for doc, article, prepared in self._pending:
                r = prepared if isinstance(prepared, Ready) else None
                counters.add("store", self.store.put(article, doc, prepared=r.put if r else None))
                stored.append(article)
                made.append(r)
            for index in self.indexes:
                if isinstance(index, PreparedIndex):
                    index(self.store, stored, made)
                else:
                    index(self.store, stored)
        for doc, _, _ in self._pending:  # stored now: the store answers for them
            self.release(doc)
        self._pending.clear()

    def release(self, doc: Document) -> None:
        """Forget an admitted document (stored, failed or dropped)."""
        self._queued_keys.pop((doc.source, doc.source_offset), None)

    def close(self, counters: Counters) -> None:
        """Write what is pending; optimise the search index after a large ingest."""
        self.flush(counters)
        stored = counters.counts["store.new"] + counters.counts["store.updated"]
        # worth it only after a large share of the index was written by this run (segments left by many
        # small batches slow common-word queries)
        if stored >= OPTIMIZE_MIN and stored * 10 >= self.store.count():
            self.store.optimize()
