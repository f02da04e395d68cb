from __future__ import annotations

import calendar
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baochi.errors import QueryError
from baochi.model import Article, Outlet
from baochi.search import Filters, search
from baochi.search.filters import covering_tokens, parse_bound
from baochi.store import Store


def _days(token: str) -> set[dt.date]:
    """The days a filter token covers."""
    kind, value = token[:2], token[2:]
    y = int(value[:4])
    if kind == "0y":
        first, last = dt.date(y, 1, 1), dt.date(y, 12, 31)
    elif kind == "0m":
        m = int(value[4:6])
        first, last = dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1])
    else:
        first = last = dt.date(y, int(value[4:6]), int(value[6:8]))
    return {first + dt.timedelta(days=i) for i in range((last - first).days + 1)}


@given(st.dates(dt.date(2010, 1, 1), dt.date(2030, 12, 31)), st.integers(0, 3000))
def test_search_filters_date_tokens_cover_the_range_exactly(lo: dt.date, span: int) -> None:
    hi = lo + dt.timedelta(days=span)
    tokens = covering_tokens(lo, hi)
    covered: list[dt.date] = [d for t in tokens for d in _days(t)]
    assert len(covered) == len(set(covered))  # no overlap
    assert set(covered) == {lo + dt.timedelta(days=i) for i in range(span + 1)}
    assert len(tokens) <= 31 + 11 + span // 365 + 1 + 11 + 31


@pytest.mark.parametrize(
    ("value", "end", "expected"),
    [
        ("2021", False, dt.date(2021, 1, 1)),
        ("2021", True, dt.date(2021, 12, 31)),
        ("2024-02", True, dt.date(2024, 2, 29)),
        ("2021-04-19", True, dt.date(2021, 4, 19)),
    ],
)
def test_search_filters_parse_bound(value: str, end: bool, expected: dt.date) -> None:
    assert parse_bound(value, end=end) == expected


@pytest.mark.parametrize("bad", ["2021-02-30", "2021-13", "21-04-19", "2021-04-19T10:00", ""])
def test_search_filters_bad_bound(bad: str) -> None:
    with pytest.raises(QueryError):
        parse_bound(bad, end=False)


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "f.db")
    vne = Outlet(name="VnExpress", domain="vnexpress.net")
    nld = Outlet(name="Người Lao Động", domain="nld.com.vn")
    for i, (outlet, date) in enumerate(
        [
            (vne, "2020-12-31T23:50:00+07:00"),
            (vne, "2021-01-01"),
            (nld, "2021-06-15T08:00:00+07:00"),
            (nld, "2021"),
            (None, None),
        ]
    ):
        s.put(Article(id=f"a{i}", source=str(i), title="Tin giá vàng", outlet=outlet, published_at=date))
    return s


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(), {"a0", "a1", "a2", "a3", "a4"}),
        (Filters(outlet="vnexpress"), {"a0", "a1"}),
        (Filters(outlet="VNE"), {"a0", "a1"}),
        (Filters(outlet="nguoi lao dong"), {"a2", "a3"}),
        (Filters(outlet="lao dong"), {"a2", "a3"}),
        (Filters(outlet="nld.com.vn"), {"a2", "a3"}),
        (Filters(outlet="com.vn"), {"a2", "a3"}),
        (Filters(outlet="tuoitre.vn"), set()),
        (Filters(since="2021"), {"a1", "a2", "a3"}),
        (Filters(until="2020-12-31"), {"a0"}),
        (Filters(since="2021-01-01", until="2021-06-15"), {"a1", "a2"}),
        (Filters(since="2021-06"), {"a2"}),  # a date given as a year alone is not in June
        (Filters(since="2030"), set()),
        (Filters(until="1999"), set()),
        (Filters(outlet="nld", since="2021-06-15", until="2021-06-15"), {"a2"}),
    ],
)
def test_search_filters_select(store: Store, filters: Filters, expected: set[str]) -> None:
    assert {h.id for h in search(store, "gia vang", filters=filters)} == expected
