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
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from baochi.errors import QueryError
from baochi.search.catalog import EPOCH, UNDATED, BoolArray, Catalog, IntArray, day_date, distinct
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
    _pairs: tuple[IntArray, IntArray] | None = None

    def pairs(self, cat: Catalog) -> tuple[IntArray, IntArray]:
        """The (row, entity) pairs of the matches (computed once: facets and top entities both ask)."""
        if self._pairs is None:
            self._pairs = cat.pairs_of(self.rows)
        return self._pairs


def _fts_rows(store: Store, match: str) -> IntArray:
    """Every row matching (SQLite joins them into one string: a Python tuple per row cost 3x more)."""
    sql = "SELECT group_concat(rowid) FROM search_text WHERE search_text MATCH ?"
    joined = store.conn.execute(sql, (match,)).fetchone()[0]
    return np.asarray(joined.split(",") if joined else [], dtype=np.int64)


def _catalog_mask(cat: Catalog, sq: StoryQuery) -> BoolArray | None:
    mask: BoolArray | None = None
    if sq.outlet and sq.outlet in cat.outlets:
        # an outlet named exactly as the store names it (a facet value): that outlet only (the index
        # matches the words of its name, which other names may hold: ``Tuổi Trẻ`` in ``Tuổi Trẻ Thủ Đô``)
        mask = cat.outlet == cat.outlets.index(sq.outlet)
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
        rows = _fts_rows(store, restrict) if restrict else cat.rows(cat.present)
    else:
        exact_match = queries[0].exact_match()
        rows = _fts_rows(store, _user(exact_match, restrict)) if exact_match else np.zeros(0, np.int64)
        exact = rows.size > 0
        if not exact:  # every word diacritics aside, for the query and its abbreviation variants
            rows = np.concatenate([_fts_rows(store, _user(q.folded_match(), restrict)) for q in queries])
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
    return _distinct_counts(cat, keys[ok], cat.cluster[rows][ok])


def _distinct_counts(
    cat: Catalog, keys: IntArray, clusters: IntArray, one_per_row: bool = True
) -> dict[int, int]:
    """For each key value, the number of distinct clusters paired with it. With ``one_per_row`` (each
    row gives a key at most once), pairs of one-record clusters are distinct already (a bincount); the
    others are made distinct by one 1-D sort."""
    if keys.size == 0:
        return {}
    single = (cat.cluster_size[clusters] == 1) if one_per_row else np.zeros(keys.size, dtype=bool)
    counts = np.bincount(keys[single], minlength=int(keys.max()) + 1)
    if not single.all():
        n = len(cat.cluster_ids) + 1
        per_key = distinct(keys[~single] * n + clusters[~single]) // n
        counts[: int(per_key.max()) + 1] += np.bincount(per_key)
    values = np.flatnonzero(counts)
    return {int(v): int(counts[v]) for v in values}


FACETS = ("outlet", "page_type", "year", "province")
# The query fields each facet's own filter is set by (a facet's counts leave its own filter out).
FACET_FIELDS = {"outlet": ("outlet",), "page_type": ("page_type",), "year": ("since", "until"),
                "province": ("province",)}  # fmt: skip


def facet(cat: Catalog, m: Matches, name: str) -> list[dict[str, Any]]:
    """The values of one filter among the matches with the number of stories each would leave (the
    top FACET_VALUES; every year)."""
    rows = m.rows

    def top(counts: dict[int, int], label: Any) -> list[dict[str, Any]]:
        items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:FACET_VALUES]
        return [{**label(k), "count": n} for k, n in items]

    if name == "outlet":
        return top(_story_counts(cat, rows, cat.outlet[rows]), lambda k: {"value": cat.outlets[k]})
    if name == "page_type":
        return top(_story_counts(cat, rows, cat.page_type[rows]), lambda k: {"value": cat.page_types[k]})
    if name == "year":
        days = cat.day[rows]
        years = days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
        years_counts = _story_counts(cat, rows, np.where(days == UNDATED, -1, years))
        return [{"value": str(y), "count": n} for y, n in sorted(years_counts.items(), reverse=True)]
    if name == "province":
        pnum, prov = cat.provinces_of(rows)  # a province once per row
        counts = _distinct_counts(cat, prov, cat.cluster[pnum])
        return top(counts, lambda k: {"value": cat.provinces[k][0], "label": cat.provinces[k][1]})
    raise ValueError(f"no facet {name!r}")


def facets(cat: Catalog, m: Matches) -> dict[str, list[dict[str, Any]]]:
    """Every facet over the same matches (see ``facet``)."""
    return {name: facet(cat, m, name) for name in FACETS}


def top_entities(cat: Catalog, m: Matches, per_type: int = 10) -> dict[str, list[dict[str, Any]]]:
    """The persons, organisations and places named in the most matching stories."""
    pnum, pent = m.pairs(cat)
    per_entity = _distinct_counts(cat, pent, cat.cluster[pnum])
    ents = np.asarray(list(per_entity), dtype=np.int64)
    counts = np.asarray(list(per_entity.values()), dtype=np.int64)
    out: dict[str, list[dict[str, Any]]] = {}
    types = cat.entity_types[ents]
    for t in ("PER", "ORG", "LOC"):
        sel = types == t
        e_t, c_t = ents[sel], counts[sel]
        top = np.lexsort((e_t, -c_t))[:per_type]
        out[t] = [
            {
                "id": cat.entities[int(e_t[i])].id,
                "name": cat.entities[int(e_t[i])].name,
                "type": t,
                "stories": int(c_t[i]),
            }
            for i in top
        ]
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


def _story_days(cat: Catalog, rows: IntArray) -> tuple[IntArray, int]:
    """The first day of each story of ``rows`` (dated stories), and the number of undated ones."""
    clusters = distinct(cat.cluster[rows])
    days = cat.cluster_day[clusters]
    dated = days != UNDATED
    return days[dated], int((~dated).sum())


def _binned(days: IntArray, edges: IntArray) -> list[int]:
    """How many of ``days`` fall in each period [edges[i], edges[i+1]) (days outside: in none)."""
    ordered = np.sort(days)
    return [int(c) for c in np.diff(np.searchsorted(ordered, edges, side="left"))]


def _binned_all(cat: Catalog, outlet: int | None, edges: IntArray) -> list[int]:
    """``_binned`` of the first days of every story of the store (or of one outlet): those days are
    sorted once per catalog, then each answer is one binary search per period edge (binning 100,000
    days per request cost ~10 ms)."""
    key = ("story_days", outlet)
    if key not in cat._cache:
        everything = cat.rows(cat.present)
        rows = everything if outlet is None else everything[cat.outlet[everything] == outlet]
        cat._cache[key] = np.sort(_story_days(cat, rows)[0])
    ordered: IntArray = cat._cache[key]
    return [int(c) for c in np.diff(np.searchsorted(ordered, edges, side="left"))]


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
    # period edges: each period's first day, then the day after the last period
    after = _periods(periods[-1], periods[-1] + dt.timedelta(days=31), interval)[1]
    edges = np.asarray([(p - EPOCH).days for p in [*periods, after]], dtype=np.int64)
    days, undated = _story_days(cat, m.rows)
    counts = _binned(days, edges)
    series = [_series(None, periods, counts, _binned_all(cat, None, edges))]
    if by_outlet:
        outlets = cat.outlet[m.rows]
        sizes = _story_counts(cat, m.rows, outlets)
        for o, _n in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_OUTLET_SERIES]:
            own = _binned(_story_days(cat, m.rows[outlets == o])[0], edges)
            series.append(_series(cat.outlets[o], periods, own, _binned_all(cat, o, edges)))
    return {"interval": interval, "total": sum(counts) + undated, "undated": undated, "series": series}


def _series(outlet: str | None, periods: list[dt.date], counts: list[int], base: list[int]) -> dict[str, Any]:
    return {
        "outlet": outlet,
        "points": [
            {"date": p.isoformat(), "count": c, "ratio": round(c / b, 6) if b else 0.0}
            for p, c, b in zip(periods, counts, base, strict=True)
        ],
    }
