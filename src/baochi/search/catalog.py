"""The catalog: every record's story cluster, outlet, day and page type, and the entities it names, as
numpy arrays indexed by the record's row number (``articles.num``, what the full-text index returns).

Totals, facet counts, attention over time and top entities of a query are then array operations over
its matching rows (a few milliseconds for 10,000 matches) instead of joins per match. Built once per
version of the store (2-3 s per 100,000 records) and rebuilt when another process has committed
(``store.queries.Reader`` watches SQLite's ``data_version``); ``generation`` numbers the builds.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

EPOCH = dt.date(1970, 1, 1)
UNDATED = -1


def day_number(published_at: str | None) -> int:
    """Days since 1970-01-01 of the date a ``published_at`` starts with (a year or month alone: its
    first day); UNDATED when it holds no date."""
    s = published_at or ""
    try:
        y = int(s[0:4])
        m = int(s[5:7]) if len(s) >= 7 and s[4] == "-" else 1
        d = int(s[8:10]) if len(s) >= 10 and s[7] == "-" else 1
        return (dt.date(y, m, d) - EPOCH).days
    except ValueError:
        return UNDATED


def day_date(day: int) -> dt.date:
    """The date of a day number."""
    return EPOCH + dt.timedelta(days=int(day))


@dataclass(slots=True)
class Entity:
    """One entity of the store."""

    id: str
    type: str
    name: str
    kind: str | None
    admin: dict[str, Any] | None


@dataclass(slots=True)
class Catalog:
    """Arrays over row numbers: ``present``, ``cluster`` (index into ``cluster_ids``), ``outlet``
    (index into ``outlets``, -1 unknown), ``day`` (UNDATED), ``page_type`` (index into
    ``page_types``), ``story_day`` (the first day of the record's story); entity pairs ``pair_num`` /
    ``pair_entity`` (index into ``entities``) sorted by row; provinces of the places named."""

    generation: int
    present: BoolArray
    cluster: IntArray
    outlet: IntArray
    day: IntArray
    story_day: IntArray
    page_type: IntArray
    cluster_ids: list[str]
    outlets: list[str]
    page_types: list[str]
    entities: list[Entity]
    entity_index: dict[str, int]
    pair_num: IntArray
    pair_entity: IntArray
    province_of_entity: IntArray  # entity index -> province index (-1)
    provinces: list[tuple[str, str]]  # (code, name)
    cluster_size: IntArray
    entity_types: npt.NDArray[np.str_]
    cluster_day: IntArray  # cluster index -> the first day of its records (UNDATED)
    _cache: dict[Any, Any] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Records in the store."""
        return int(self.present.sum())

    def rows(self, mask: BoolArray) -> IntArray:
        """Row numbers where ``mask`` holds."""
        return np.flatnonzero(mask).astype(np.int64)

    def mask_of(self, rows: IntArray | list[int]) -> BoolArray:
        """A mask over row numbers with ``rows`` set (rows beyond the catalog ignored)."""
        mask = np.zeros(len(self.present), dtype=bool)
        r = np.asarray(rows, dtype=np.int64)
        mask[r[(r >= 0) & (r < len(mask))]] = True
        return mask & self.present

    def entity_rows_mask(self, entity_ids: list[str]) -> BoolArray:
        """Rows naming any of these entities."""
        wanted = np.zeros(len(self.entities) + 1, dtype=bool)
        wanted[[self.entity_index[e] for e in entity_ids if e in self.entity_index]] = True
        return self.mask_of(self.pair_num[wanted[self.pair_entity]])

    def province_rows_mask(self, province: int) -> BoolArray:
        """Rows naming a place in this province."""
        nums, provs = self.province_pairs()
        return self.mask_of(nums[provs == province])

    def pairs_of(self, rows: IntArray) -> tuple[IntArray, IntArray]:
        """The (row, entity) pairs of these rows (sorted, distinct row numbers), in row order. For a
        few rows, their ranges of the pair arrays (``pair_start``: one binary search per catalog, then
        the ranges joined); for many, a gather through a row mask over all the pairs."""
        r = np.asarray(rows, dtype=np.int64)
        r = r[(r >= 0) & (r < len(self.present))]
        if r.size * 4 > len(self.present):
            sel = self.mask_of(r)[self.pair_num]
            return self.pair_num[sel], self.pair_entity[sel]
        idx = _ranges(self._starts("pair_start", self.pair_num), r)
        return self.pair_num[idx], self.pair_entity[idx]

    def _starts(self, key: str, nums: IntArray) -> IntArray:
        """For each row number (and one past the last), the index of its first entry in ``nums``
        (sorted row numbers of pairs); computed once per catalog."""
        if key not in self._cache:
            bounds = np.arange(len(self.present) + 1, dtype=np.int64)
            self._cache[key] = np.searchsorted(nums, bounds, side="left").astype(np.int64)
        found: IntArray = self._cache[key]
        return found

    def province_pairs(self) -> tuple[IntArray, IntArray]:
        """The distinct (row, province index) pairs of the places the rows name, sorted by row (far
        fewer than the entity pairs; computed once per catalog)."""
        key = "province_pairs"
        if key not in self._cache:
            prov = self.province_of_entity[self.pair_entity]
            ok = prov >= 0
            width = len(self.provinces) + 1
            keys = distinct(self.pair_num[ok] * width + prov[ok])
            self._cache[key] = (keys // width, keys % width)
        found: tuple[IntArray, IntArray] = self._cache[key]
        return found

    def provinces_of(self, rows: IntArray) -> tuple[IntArray, IntArray]:
        """The (row, province index) pairs of these rows (sorted, distinct row numbers): each row
        gives a province once."""
        nums, provs = self.province_pairs()
        r = np.asarray(rows, dtype=np.int64)
        r = r[(r >= 0) & (r < len(self.present))]
        idx = _ranges(self._starts("province_start", nums), r)
        return nums[idx], provs[idx]

    def stories(self, rows: IntArray) -> int:
        """Distinct story clusters among ``rows``."""
        return int(distinct(self.cluster[rows]).size)


def _ranges(starts: IntArray, rows: IntArray) -> IntArray:
    """The indices starts[r] .. starts[r+1]-1 of every row r of ``rows``, concatenated."""
    lo, hi = starts[rows], starts[rows + 1]
    lengths = hi - lo
    total = int(lengths.sum())
    idx: IntArray = np.arange(total, dtype=np.int64) + np.repeat(lo - (np.cumsum(lengths) - lengths), lengths)
    return idx


def distinct(values: IntArray) -> IntArray:
    """The sorted distinct values (a sort: numpy's hashing ``unique`` was 10x slower here)."""
    if values.size == 0:
        return values
    s = np.sort(values)
    return s[np.concatenate(([True], s[1:] != s[:-1]))]


def _index(values: list[str | None]) -> tuple[IntArray, list[str]]:
    names = sorted({v for v in values if v is not None})
    pos = {v: i for i, v in enumerate(names)}
    return np.asarray([pos[v] if v is not None else -1 for v in values], dtype=np.int64), names


def load(conn: sqlite3.Connection, generation: int = 0) -> Catalog:
    """Read the catalog of an open store."""
    rows = conn.execute(
        "SELECT a.num, a.id, a.outlet_name, a.published_at, a.page_type, m.cluster_id"
        " FROM articles a LEFT JOIN dedup_members m ON m.article_id = a.id"
    ).fetchall()
    n = (max((r[0] for r in rows), default=0)) + 1
    nums = np.asarray([r[0] for r in rows], dtype=np.int64)
    present = np.zeros(n, dtype=bool)
    present[nums] = True

    def dense(values: IntArray, fill: int) -> IntArray:
        out = np.full(n, fill, dtype=np.int64)
        out[nums] = values
        return out

    clusters, cluster_ids = _index([r[5] or r[1] for r in rows])
    outlets, outlet_names = _index([r[2] for r in rows])
    ptypes, ptype_names = _index([r[4] for r in rows])
    days = np.asarray([day_number(r[3]) for r in rows], dtype=np.int64)
    cluster = dense(clusters, -1)
    day = dense(days, UNDATED)
    # a story's day: the first day any of its records is dated
    first = np.full(len(cluster_ids) + 1, np.iinfo(np.int64).max, dtype=np.int64)
    dated = days != UNDATED
    np.minimum.at(first, clusters[dated], days[dated])
    first[first == np.iinfo(np.int64).max] = UNDATED
    story_day = np.full(n, UNDATED, dtype=np.int64)
    story_day[nums] = first[clusters]
    sizes = np.bincount(clusters, minlength=len(cluster_ids)).astype(np.int64)

    entities: list[Entity] = []
    entity_index: dict[str, int] = {}
    province_names: dict[str, str] = {}
    province_codes: list[str | None] = []
    for eid, etype, name, kind, admin in conn.execute(
        "SELECT id, type, canonical, kind, admin FROM entities ORDER BY id"
    ):
        info = json.loads(admin) if admin else None
        entity_index[eid] = len(entities)
        entities.append(Entity(eid, etype, name, kind, info))
        code = str(info.get("province_code") or "") if isinstance(info, dict) else ""
        if code:
            province_names.setdefault(code, str(info.get("province") or code) if info else code)
        province_codes.append(code or None)
    prov_idx, codes = _index(province_codes)
    pairs = conn.execute(
        "SELECT DISTINCT article_num, entity_id FROM entity_mentions ORDER BY article_num"
    ).fetchall()
    pair_num = np.asarray([p[0] for p in pairs if p[1] in entity_index], dtype=np.int64)
    pair_entity = np.asarray([entity_index[p[1]] for p in pairs if p[1] in entity_index], dtype=np.int64)
    return Catalog(
        generation=generation,
        present=present,
        cluster=cluster,
        outlet=dense(outlets, -1),
        day=day,
        story_day=story_day,
        page_type=dense(ptypes, -1),
        cluster_ids=cluster_ids,
        outlets=outlet_names,
        page_types=ptype_names,
        entities=entities,
        entity_index=entity_index,
        pair_num=pair_num,
        pair_entity=pair_entity,
        province_of_entity=prov_idx,
        provinces=[(c, province_names[c]) for c in codes],
        cluster_size=sizes,
        entity_types=np.asarray([e.type for e in entities], dtype="<U3"),
        cluster_day=first[: len(cluster_ids)],
    )
