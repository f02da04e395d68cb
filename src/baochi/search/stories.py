"""Search by story: every match of a query and its filters as a set of rows, one hit per story cluster,
the total in stories, facet counts, attention over time and the entities most named.

The set of matches is what the full-text index returns for the query (the exact forms when the query
is typed with diacritics and they match, else the folded forms; its abbreviation variants too) and the
filters the index holds (outlet, dates, entity); the catalog (``catalog.py``) then applies the others
(province, page type) and does the counting. Ranked hits come from ``engine.ranked_rows`` restricted to
the same set, so the hits listed page after page are exactly the stories counted by ``total``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from baochi.errors import QueryError
from baochi.search.catalog import UNDATED, BoolArray, Catalog, IntArray, day_date
from baochi.search.engine import _user, ranked_rows, restored, variant_queries, verified_first
from baochi.search.filters import Filters, NoMatch, filter_match
from baochi.search.query import Query
from baochi.store import Store

Interval = Literal["day", "week", "month"]
Sort = Literal["relevance", "date"]

# Bounds stated in docs/api.md: hits per page, pages, facet values shown, outlets drawn.
MAX_LIMIT = 100
MAX_PAGE = 1000
FACET_VALUES = 20
MAX_OUTLET_SERIES = 8


@dataclass(slots=True, kw_only=True)
class StoryQuery:
    """A query and its filters, as the search page and the API take them."""

    q: str = ""
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    entity: str | None = None
    province: str | None = None  # a province code (pre-2025), as the facet gives it
    page_type: str | None = None
    sort: Sort = "relevance"
    page: int = 1
    limit: int = 20

    def filters(self) -> Filters:
        """The filters the full-text index answers."""
        return Filters(outlet=self.outlet, since=self.since, until=self.until, entity=self.entity)

    def key(self) -> tuple[Any, ...]:
        """What decides the set of matches (not the page or the order)."""
        return (self.q, self.outlet, self.since, self.until, self.entity, self.province, self.page_type)


@dataclass(slots=True)
class Matches:
    """Every row matching a StoryQuery, the parsed queries, and whether the exact forms decided."""

    rows: IntArray
    queries: list[Query]
    exact: bool
    restrict: str | None
    mask: BoolArray | None = None  # catalog-only filters (province, page type), None: none
    _clusters: dict[str, Any] = field(default_factory=dict)


def _fts_rows(store: Store, match: str) -> list[int]:
    return [
        r for (r,) in store.conn.execute("SELECT rowid FROM search_text WHERE search_text MATCH ?", (match,))
    ]


def _catalog_mask(cat: Catalog, sq: StoryQuery) -> BoolArray | None:
    mask: BoolArray | None = None
    if sq.province:
        codes = [c for c, _ in cat.provinces]
        if sq.province not in codes:
            raise NoMatch
        mask = cat.province_rows_mask(codes.index(sq.province))
    if sq.page_type:
        if sq.page_type not in cat.page_types:
            raise NoMatch
        by_type = cat.page_type == cat.page_types.index(sq.page_type)
        mask = by_type if mask is None else mask & by_type
    return mask


def match(store: Store, cat: Catalog, sq: StoryQuery) -> Matches:
    """The rows matching a query and its filters (QueryError for a filter that cannot be read)."""
    queries = [q for q in variant_queries(sq.q) if not q.empty] if sq.q.strip() else []
    empty = Matches(np.zeros(0, dtype=np.int64), queries, False, None)
    try:
        restrict = filter_match(store, sq.filters())
        mask = _catalog_mask(cat, sq)
    except NoMatch:
        return empty
    if sq.q.strip() and not queries:
        return empty  # nothing searchable typed
    exact = False
    if not queries:
        rows = _fts_rows(store, restrict) if restrict else cat.rows(cat.present).tolist()
    else:
        first = queries[0]
        rows = []
        exact_match = first.exact_match()
        if exact_match:
            rows = _fts_rows(store, _user(exact_match, restrict))
            exact = bool(rows)
        for q in queries if not exact else queries[:1]:
            rows += _fts_rows(store, _user(q.folded_match(), restrict)) if not exact else []
    selected = cat.mask_of(rows)
    if mask is not None:
        selected &= mask
    return Matches(cat.rows(selected), queries, exact, restrict, mask)


@dataclass(slots=True)
class Story:
    """One hit: the record shown for its story, its score and how many records the story has."""

    num: int
    score: float | None
    exact: bool
    copies: int
    cluster: str


def _allowed(cat: Catalog, m: Matches) -> str | None:
    """The JSON array of allowed rows when filters the index cannot express apply."""
    return None if m.mask is None else json.dumps(m.rows.tolist())


def ranked_stories(store: Store, cat: Catalog, m: Matches, sq: StoryQuery) -> list[Story]:
    """One Story per cluster for page ``sq.page`` of ``sq.limit``, in the order asked."""
    want = sq.page * sq.limit
    if m.rows.size == 0:
        return []
    if sq.sort == "date" or not m.queries:
        order = m.rows[np.lexsort((m.rows, -cat.day[m.rows]))]
        ranked: list[tuple[int, float | None, bool]] = [(int(r), None, m.exact) for r in order]
    else:
        ranked = _ranked(store, cat, m, want)
    stories: list[Story] = []
    seen: set[int] = set()
    for num, score, exact in ranked:
        c = int(cat.cluster[num])
        if c in seen:
            continue
        seen.add(c)
        stories.append(Story(num, score, exact, int(cat.cluster_size[c]), cat.cluster_ids[c]))
        if len(stories) >= want:
            break
    return stories[(sq.page - 1) * sq.limit :]


def _ranked(store: Store, cat: Catalog, m: Matches, want: int) -> list[tuple[int, float | None, bool]]:
    """Ranked rows until ``want`` distinct clusters (or every match) are found: for a query typed
    without diacritics, the records holding its usual reading first (``engine.restored``); those really
    holding the words side by side before the others (``engine.verified_first``)."""
    allowed = _allowed(cat, m)
    out: list[tuple[int, float, bool]] = []
    taken: list[int] = []
    clusters: set[int] = set()
    better = None if m.exact else restored(store, m.queries[0], m.restrict)
    plan = [(better, True)] if better is not None else []
    plan += [(q, m.exact) for q in m.queries]
    for q, exact_only in plan:
        batch = want + 8
        while len(clusters) < want:
            rows = ranked_rows(
                store, q, batch, restrict=m.restrict, allowed=allowed, exclude=taken, exact_only=exact_only
            )
            if not rows:
                break
            for num, score, exact in rows:
                out.append((num, score, exact))
                taken.append(num)
                clusters.add(int(cat.cluster[num]))
            if len(rows) < batch:
                break
            batch *= 2
        if len(clusters) >= want or (m.exact and q is not better):
            break
    checked = verified_first(store, better or m.queries[0], out)
    return [(r, s, e) for r, s, e in checked]


def total(cat: Catalog, m: Matches) -> int:
    """Stories (clusters) among the matches."""
    return cat.stories(m.rows)


def _story_counts(cat: Catalog, rows: IntArray, keys: IntArray) -> dict[int, int]:
    """Distinct stories per key value (rows with key -1 left out)."""
    ok = keys >= 0
    pairs = np.unique(np.stack([keys[ok], cat.cluster[rows][ok]]), axis=1)
    values, counts = np.unique(pairs[0], return_counts=True)
    return {int(v): int(c) for v, c in zip(values, counts, strict=True)}


def facets(cat: Catalog, m: Matches) -> dict[str, list[dict[str, Any]]]:
    """Values of each filter among the matches with the number of stories each would leave."""
    rows = m.rows
    out: dict[str, list[dict[str, Any]]] = {}

    def top(counts: dict[int, int], label: Any) -> list[dict[str, Any]]:
        items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_VALUES]
        return [{**label(k), "count": n} for k, n in items]

    out["outlet"] = top(_story_counts(cat, rows, cat.outlet[rows]), lambda k: {"value": cat.outlets[k]})
    out["page_type"] = top(
        _story_counts(cat, rows, cat.page_type[rows]), lambda k: {"value": cat.page_types[k]}
    )
    days = cat.day[rows]
    years = days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    years_counts = _story_counts(cat, rows, np.where(days == UNDATED, -1, years))
    out["year"] = [{"value": str(y), "count": n} for y, n in sorted(years_counts.items(), reverse=True)]
    sel = np.isin(cat.pair_num, rows)
    pnum, pent = cat.pair_num[sel], cat.pair_entity[sel]
    prov = cat.province_of_entity[pent]
    pairs = np.unique(np.stack([prov[prov >= 0], cat.cluster[pnum[prov >= 0]]]), axis=1)
    pv, pc = np.unique(pairs[0], return_counts=True)
    prov_counts = {int(v): int(c) for v, c in zip(pv, pc, strict=True)}
    out["province"] = top(prov_counts, lambda k: {"value": cat.provinces[k][0], "label": cat.provinces[k][1]})
    return out


def top_entities(cat: Catalog, m: Matches, per_type: int = 10) -> dict[str, list[dict[str, Any]]]:
    """The persons, organisations and places named in the most matching stories."""
    sel = np.isin(cat.pair_num, m.rows)
    pnum, pent = cat.pair_num[sel], cat.pair_entity[sel]
    pairs = np.unique(np.stack([pent, cat.cluster[pnum]]), axis=1)
    ents, counts = np.unique(pairs[0], return_counts=True)
    order = np.lexsort((ents, -counts))
    out: dict[str, list[dict[str, Any]]] = {"PER": [], "ORG": [], "LOC": []}
    for i in order:
        e = cat.entities[int(ents[i])]
        bucket = out.get(e.type)
        if bucket is not None and len(bucket) < per_type:
            bucket.append({"id": e.id, "name": e.name, "type": e.type, "stories": int(counts[i])})
    return out


def choose_interval(lo: dt.date, hi: dt.date) -> Interval:
    """Day for up to 3 months, week for up to 2 years, else month."""
    span = (hi - lo).days
    return "day" if span <= 92 else "week" if span <= 731 else "month"


def period_start(d: dt.date, interval: Interval) -> dt.date:
    """The first day of the period holding ``d``."""
    if interval == "day":
        return d
    if interval == "week":
        return d - dt.timedelta(days=d.weekday())
    return d.replace(day=1)


def _periods(lo: dt.date, hi: dt.date, interval: Interval) -> list[dt.date]:
    out = []
    d = period_start(lo, interval)
    while d <= hi:
        out.append(d)
        if interval == "day":
            d += dt.timedelta(days=1)
        elif interval == "week":
            d += dt.timedelta(days=7)
        else:
            d = (d.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return out


def _per_period(
    cat: Catalog, rows: IntArray, periods: list[dt.date], interval: Interval
) -> tuple[list[int], int]:
    """Stories of ``rows`` per period (by the story's first day), and the undated stories."""
    _, first = np.unique(cat.cluster[rows], return_index=True)
    days = cat.story_day[rows][first]
    undated = int((days == UNDATED).sum())
    days = days[days != UNDATED]
    starts = np.asarray([(p - dt.date(1970, 1, 1)).days for p in periods], dtype=np.int64)
    idx = np.searchsorted(starts, days, side="right") - 1
    counts = np.bincount(idx[idx >= 0], minlength=len(periods)).tolist()
    return [int(c) for c in counts], undated


def attention(
    cat: Catalog, m: Matches, interval: Interval | None = None, by_outlet: bool = False
) -> dict[str, Any]:
    """Matching stories per period, with their share of all stories of the period; optionally one
    series per outlet (the stories it carried, and their share of its stories)."""
    if interval is not None and interval not in ("day", "week", "month"):
        raise QueryError(f"interval must be day, week or month, not {interval!r}")
    days = cat.story_day[m.rows]
    days = days[days != UNDATED]
    if days.size == 0:
        total_undated = cat.stories(m.rows)
        return {
            "interval": interval or "month",
            "total": total_undated,
            "undated": total_undated,
            "series": [],
        }
    lo, hi = day_date(int(days.min())), day_date(int(days.max()))
    interval = interval or choose_interval(lo, hi)
    periods = _periods(lo, hi, interval)
    if len(periods) > 5000:
        raise QueryError("too many periods: choose a longer interval")
    everything = cat.rows(cat.present)
    counts, undated = _per_period(cat, m.rows, periods, interval)
    base, _ = _per_period(cat, everything, periods, interval)
    series = [_series(None, periods, counts, base)]
    if by_outlet:
        outlets = cat.outlet[m.rows]
        sizes = _story_counts(cat, m.rows, outlets)
        for o, _n in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_OUTLET_SERIES]:
            own, _ = _per_period(cat, m.rows[outlets == o], periods, interval)
            all_own, _ = _per_period(cat, everything[cat.outlet[everything] == o], periods, interval)
            series.append(_series(cat.outlets[o], periods, own, all_own))
    return {"interval": interval, "total": sum(counts) + undated, "undated": undated, "series": series}


def _series(outlet: str | None, periods: list[dt.date], counts: list[int], base: list[int]) -> dict[str, Any]:
    return {
        "outlet": outlet,
        "points": [
            {"date": p.isoformat(), "count": c, "ratio": round(c / b, 6) if b else 0.0}
            for p, c, b in zip(periods, counts, base, strict=True)
        ],
    }
