"""``baochi.Store``: the embedded database as the Python API offers it (``docs/api.md``).

The storage layer (``baochi.store.Store``: records, raw inputs, the full-text index, transactions) plus
what a user does with a corpus: ``ingest`` inputs, ``search`` them (one hit per story cluster), ``get`` a
record, list ``people``, one ``person``'s timeline and the ``entities`` most named. The ``baochi``
commands call these methods and print what they return.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from baochi.api import Paths, Steps, lazy_paths, step_list
from baochi.errors import QueryError
from baochi.ingest.options import ReadOptions
from baochi.lang.fold import fold_key
from baochi.pipeline import Counters
from baochi.search.engine import Hit
from baochi.store import DEFAULT_DB
from baochi.store import Store as _Storage

if TYPE_CHECKING:
    from baochi.enrich.linking import Person
    from baochi.store.dedup_tables import Copy

ENTITY_TYPES = ("PER", "ORG", "LOC")


@dataclass(slots=True, kw_only=True)
class StoryHit(Hit):
    """A search hit; when it stands for a story cluster, how many copies it has and their outlets."""

    copies: int = 1
    outlets: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` form: id, title, outlet, published_at, score, snippet (and copies, outlets
        when the hit stands for several records)."""
        row = Hit.to_json(self)
        if self.copies > 1:
            row["copies"], row["outlets"] = self.copies, self.outlets
        return row


@dataclass(slots=True, kw_only=True)
class Source:
    """An article stating a post of a person: id, title, date and outlet, for a timeline."""

    id: str
    title: str | None
    published_at: str | None
    outlet: str | None


def _story_hit(hit: Hit, copies: int = 1, outlets: list[str] | None = None) -> StoryHit:
    values = {f.name: getattr(hit, f.name) for f in dataclasses.fields(Hit)}
    return StoryHit(**values, copies=copies, outlets=outlets or [])


class Store(_Storage):
    """An open baochi database (``baochi.db`` by default); a context manager.

    >>> with baochi.Store("news.db") as store:                                # doctest: +SKIP
    ...     store.ingest("samples/")
    ...     hits = store.search("bến tre", since="2021")
    """

    def __init__(self, path: str | Path = DEFAULT_DB, *, create: bool = True) -> None:
        super().__init__(path, create=create)

    def ingest(
        self,
        paths: Paths,
        *,
        steps: Steps = "all",
        fields: Mapping[str, str] | None = None,
        encoding: str | None = None,
        outlet: str | None = None,
        date: str | None = None,
        follow_symlinks: bool = False,
        strict: bool = False,
        workers: int | None = 1,
        time_limit: float | None = None,
        progress: Callable[[Counters], None] | None = None,
        counters: Counters | None = None,
    ) -> Counters:
        """Read, extract, enrich, cluster and store inputs; idempotent (unchanged inputs are skipped).

        Returns the run's counters (``counts["store.new"]``, ``errors``: one message per failed input).
        ``progress`` is called with the counters as the run goes; pass ``counters`` to count into them.
        ``workers``: processes extracting and running the steps (1: this process; 0 or None: every core);
        ``time_limit``: seconds one document may take (default ``baochi.engines.local.TIME_LIMIT``; 0: no
        limit). With ``strict=True`` the run stops at the first failure, after storing what came before."""
        from baochi.engines.local import TIME_LIMIT, LocalExecutor
        from baochi.pipeline import Pipeline, Read
        from baochi.writers.store import StoreWriter

        executor = LocalExecutor(
            workers=workers,
            time_limit=TIME_LIMIT if time_limit is None else time_limit or None,
            strict=strict,
            progress=progress,
            counters=counters if counters is not None else Counters(),
        )
        options = ReadOptions.given(
            fields=fields, encoding=encoding, outlet=outlet, date=date, follow_symlinks=follow_symlinks
        )
        source = Read(lazy_paths(paths), options)
        return executor.run(Pipeline.of(source, step_list(steps), StoreWriter(self)))

    def search(
        self,
        query: str,
        *,
        limit: int = 10,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        entity: str | None = None,
        collapse: bool = True,
    ) -> list[StoryHit]:
        """Ranked, accent-insensitive full-text search; one hit per story cluster unless ``collapse``
        is False. Filters: ``outlet`` (name, abbreviation or domain), ``since``/``until`` (``YYYY``,
        ``YYYY-MM`` or ``YYYY-MM-DD``), ``entity`` (an id of ``entities()``/``people()``). Raises
        ``baochi.errors.QueryError`` for a limit below 1, a reversed date range or an outlet that no
        stored record and no known outlet has."""
        from baochi.search import Filters, search
        from baochi.search.filters import parse_bound

        if limit < 1:
            raise QueryError(f"limit must be 1 or more, not {limit}")
        if since and until and parse_bound(since, end=False, name="since") > parse_bound(until, end=True):
            raise QueryError(f"--since {since} is after --until {until}")
        filters = Filters(outlet=outlet, since=since, until=until, entity=entity)
        if not collapse:
            hits = [_story_hit(h) for h in search(self, query, limit=limit, filters=filters)]
        else:
            from baochi.dedup.stories import collapse as collapse_hits

            # ask for more hits than shown: copies of one story collapse into one
            found = search(self, query, limit=limit * 4, filters=filters)
            kept = collapse_hits(self, [h.id for h in found], limit)
            hits = [_story_hit(found[c.hit_index], c.copies, c.outlets) for c in kept]
        if not hits and outlet and outlet.strip():
            self._check_outlet(outlet)
        return hits

    def outlets(self) -> list[tuple[str | None, str | None]]:
        """(name, domain) of every outlet of the stored records."""
        return self.outlet_names()

    def _check_outlet(self, outlet: str) -> None:
        """Raise QueryError when ``outlet`` names neither a known outlet nor any stored record's."""
        from baochi.extract.outlets import registry

        key = fold_key(outlet.strip())
        stored = self.outlets()
        for name, domain in stored:
            if (name and key in fold_key(name)) or (domain and key in domain.lower()):
                return
        if registry().by_name(outlet.strip()) is not None:
            return
        names = sorted({n for n, _ in stored if n})
        known = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "") if names else "none"
        raise QueryError(f"--outlet {outlet!r} matches no stored outlet (stored: {known}; see baochi stats)")

    def copies(self, article_id: str) -> list[Copy]:
        """The other records of the story cluster of a record (its copies and near duplicates)."""
        return self.dedup.copies(article_id)

    def people(self, name: str | None = None, *, limit: int | None = None) -> list[Person]:
        """Persons linked across articles, most written about first; ``name`` keeps those whose name
        contains it (diacritics optional)."""
        from baochi.enrich.linking import link_people

        people = link_people(self.entities.person_records())
        if name:
            key = fold_key(name)
            people = [p for p in people if key in fold_key(p.name)]
        people.sort(key=lambda p: (-len(p.articles), p.name))
        return people if limit is None else people[:limit]

    def person(self, who: str) -> list[Person]:
        """The persons with this id, or else with exactly this name (diacritics optional)."""
        people = self.people()
        key = fold_key(who)
        return [p for p in people if who in p.ids] or [p for p in people if fold_key(p.name) == key]

    def sources(self, article_ids: list[str]) -> dict[str, Source]:
        """Title, date and outlet of records by id (for timelines), without decoding whole records."""
        return {
            aid: Source(id=aid, title=title, published_at=published, outlet=outlet)
            for aid, title, published, outlet in self.heads(article_ids)
        }

    def timeline(self, person: Person) -> list[dict[str, Any]]:
        """A person's posts in time order (title, organization, place, first, last, articles), each
        with ``stated_in``: the articles stating it (id, title, published_at, outlet), oldest first."""
        items = person.timeline()
        found = self.sources(sorted({a for item in items for a in item["articles"]}))
        for item in items:
            stated = [found[a] for a in item["articles"] if a in found]
            stated.sort(key=lambda s: (s.published_at or "", s.id))
            item["stated_in"] = [dataclasses.asdict(s) for s in stated]
        return items

    def top_entities(self, type: str | None = None, *, limit: int = 20) -> list[dict[str, Any]]:
        """Entities by the number of articles naming them: id, type, canonical, kind, articles, mentions.
        ``type`` is PER, ORG or LOC (any case)."""
        kind = type.upper() if type else None
        if kind is not None and kind not in ENTITY_TYPES:
            raise QueryError(f"entity type must be one of {', '.join(ENTITY_TYPES)}, not {type!r}")
        if limit < 1:
            raise QueryError(f"limit must be 1 or more, not {limit}")
        return self.entities.top(kind, limit)
