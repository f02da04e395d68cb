"""Search filters (outlet, date range, entity) as FTS5 expressions over the ``meta`` filter tokens.

The indexes hold, per record, tokens for its outlet's words, its domain's labels, its year, month and
day of publication and the ids of the entities it names (store/fts.py). A date range becomes the fewest
whole years, months and days that cover it; an entity, its id's token; an outlet, the phrase of its
words (``dong khoi`` matches Báo Đồng Khởi) or of its domain.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from baochi.errors import QueryError
from baochi.store import Store
from baochi.store.fts import DAY, MONTH, YEAR, domain_tokens, entity_tokens, outlet_tokens

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(slots=True, kw_only=True)
class Filters:
    """Restrictions on hits: outlet (name, abbreviation or domain), dates on ``published_at``."""

    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    entity: str | None = None  # an entity id (``baochi entities``, ``baochi people``): records naming it


class NoMatch(Exception):
    """The filters select nothing in this store (a date range outside its dates)."""


def parse_bound(value: str, *, end: bool, name: str = "date") -> dt.date:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` as its first day (or last, with ``end``)."""
    m = _DATE.fullmatch(value.strip())
    try:
        if not m:
            raise ValueError(value)
        y, mo, d = int(m[1]), int(m[2] or (12 if end else 1)), m[3]
        day = int(d) if d else (calendar.monthrange(y, mo)[1] if end else 1)
        return dt.date(y, mo, day)
    except ValueError:
        raise QueryError(f"--{name} wants a date YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}") from None


def covering_tokens(lo: dt.date, hi: dt.date) -> list[str]:
    """The fewest year, month and day tokens whose periods exactly cover ``lo``..``hi``."""
    out: list[str] = []
    d = lo
    while d <= hi:
        month_end = dt.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
        if d.month == 1 and d.day == 1 and dt.date(d.year, 12, 31) <= hi:
            out.append(f"{YEAR}{d.year}")
            d = dt.date(d.year + 1, 1, 1)
        elif d.day == 1 and month_end <= hi:
            out.append(f"{MONTH}{d:%Y%m}")
            d = month_end + dt.timedelta(days=1)
        else:
            out.append(f"{DAY}{d:%Y%m%d}")
            d += dt.timedelta(days=1)
    return out


def _store_dates(store: Store) -> tuple[dt.date, dt.date] | None:
    """First and last days of the years of publication in the store (index look-ups: min and max), or
    None when it has no dates. Whole years, so that dates known only to the year stay inside."""
    # Two queries: SQLite answers a lone min() or max() from the index, both together by a full scan.
    lo = store.conn.execute("SELECT min(published_at) FROM articles").fetchone()[0]
    hi = store.conn.execute("SELECT max(published_at) FROM articles").fetchone()[0]
    try:
        return parse_bound(str(lo)[:4], end=False), parse_bound(str(hi)[:4], end=True)
    except QueryError:
        return None


def _date_match(store: Store, since: str | None, until: str | None) -> str:
    lo = parse_bound(since, end=False, name="since") if since else None
    hi = parse_bound(until, end=True, name="until") if until else None
    span = _store_dates(store)
    if span is None:
        raise NoMatch
    # Clip an open or wide range to the store's dates: a range is turned into tokens, one per period.
    lo = max(lo or span[0], span[0])
    hi = min(hi or span[1], span[1])
    tokens = covering_tokens(lo, hi)
    if not tokens:
        raise NoMatch
    return "(" + " OR ".join(f'"{t}"' for t in tokens) + ")"


def _outlet_match(name: str) -> str:
    from baochi.extract.outlets import registry

    arg = name.strip()
    if "." in arg and " " not in arg:
        tokens = domain_tokens(arg)
        if tokens:
            return f'"{" ".join(tokens)}"'
    names = [arg]
    info = registry().by_name(arg)
    if info is not None:
        names.append(info.name)
    phrases = list(dict.fromkeys(" ".join(outlet_tokens(n)) for n in names))
    phrases = [p for p in phrases if p]
    if not phrases:
        raise QueryError(f"--outlet {name!r} names no outlet")
    return "(" + " OR ".join(f'"{p}"' for p in phrases) + ")"


def filter_match(store: Store, filters: Filters) -> str | None:
    """The FTS5 expression for the filters (None: no filter); raises NoMatch or QueryError."""
    parts = []
    if filters.outlet and filters.outlet.strip():
        parts.append(_outlet_match(filters.outlet))
    if filters.since or filters.until:
        parts.append(_date_match(store, filters.since, filters.until))
    if filters.entity and filters.entity.strip():
        tokens = entity_tokens(filters.entity)
        if not tokens:
            raise QueryError(f"--entity {filters.entity!r} is not an entity id")
        parts.append(f'"{" ".join(tokens)}"')
    return " AND ".join(parts) if parts else None
