"""The catalog's entity pairs of a set of rows are the same whichever way they are gathered (ranges of
the pair arrays for a few rows, a row mask for many)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np

from baochi.search.catalog import load


def test_pairs_of_ranges_equal_the_mask(web_db: Path) -> None:
    with sqlite3.connect(web_db) as conn:
        cat = load(conn)
    rng = np.random.default_rng(3)
    present = cat.rows(cat.present)
    assert cat.pair_num.size > 0
    for size in (0, 1, 2, 5, len(present) // 8, len(present) // 5, len(present)):
        rows = np.sort(rng.choice(present, size=size, replace=False))
        sel = cat.mask_of(rows)[cat.pair_num]
        got = cat.pairs_of(rows)
        assert np.array_equal(got[0], cat.pair_num[sel]) and np.array_equal(got[1], cat.pair_entity[sel])


def test_province_pairs_are_the_distinct_provinces_of_the_places_named(web_db: Path) -> None:
    with sqlite3.connect(web_db) as conn:
        cat = load(conn)
    prov = cat.province_of_entity[cat.pair_entity]
    expected = {(int(r), int(p)) for r, p in zip(cat.pair_num, prov, strict=True) if p >= 0}
    nums, provs = cat.province_pairs()
    assert expected and sorted(expected) == list(zip(nums.tolist(), provs.tolist(), strict=True))
    rows = cat.rows(cat.present)[::3]
    got = cat.provinces_of(rows)
    assert set(zip(got[0].tolist(), got[1].tolist(), strict=True)) == {
        e for e in expected if e[0] in set(rows)
    }
    for p in range(len(cat.provinces)):
        assert set(cat.rows(cat.province_rows_mask(p))) == {r for r, q in expected if q == p}
