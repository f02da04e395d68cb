"""Ranked search over the store: FTS5 BM25 with column weights, exact-diacritic matches first, filters.

A query typed with diacritics runs in two tiers: first the records where every accented word matches
exactly (``bà`` finds ``bà``), then the rest of the accent-insensitive matches (``ba``, ``bá``). Within a
tier hits are ordered by BM25 (title weighs most, then lead, then body).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from baochi.errors import QueryError
from baochi.lang.fold import fold_key
from baochi.model import Article
from baochi.search.query import Query, parse_query
from baochi.search.snippet import snippet
from baochi.store import Store

# BM25 column weights in FTS_COLUMNS order (folded title, lead, body, then exact ones): a word in the
# headline says what the article is about far more than one in the body; the lead summarises it.
WEIGHTS = (10.0, 4.0, 1.0, 10.0, 4.0, 1.0)
_BM25 = f"bm25(articles_fts, {', '.join(str(w) for w in WEIGHTS)})"
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(slots=True, kw_only=True)
class Filters:
    """Restrictions on hits: outlet (name, abbreviation or domain), dates on ``published_at``."""

    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    entity: str | None = None  # an entity id (``baochi entities``, ``baochi people``): records naming it


@dataclass(slots=True, kw_only=True)
class Hit:
    """One search result."""

    id: str
    title: str | None
    outlet: dict[str, Any] | None
    published_at: str | None
    score: float
    snippet: str
    article: Article

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` form: exactly id, title, outlet, published_at, score, snippet."""
        return {
            "id": self.id,
            "title": self.title,
            "outlet": self.outlet,
            "published_at": self.published_at,
            "score": self.score,
            "snippet": self.snippet,
        }


def _check_date(name: str, value: str) -> str:
    value = value.strip()
    if not _DATE.fullmatch(value):
        raise QueryError(f"--{name} wants a date YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    return value


def _outlet_keys(name: str) -> list[str]:
    """Folded outlet names to look for: what was typed, and the registry's name for it (``VNE``)."""
    from baochi.extract.outlets import registry

    keys = [fold_key(name.strip())]
    info = registry().by_name(name)
    if info is not None:
        keys.append(fold_key(info.name))
    return [k for k in dict.fromkeys(keys) if k]


def filter_sql(filters: Filters) -> tuple[str, list[Any]]:
    """SQL conditions on the ``articles a`` table and their parameters."""
    conds: list[str] = []
    params: list[Any] = []
    if filters.outlet and filters.outlet.strip():
        arg = filters.outlet.strip().lower()
        ors = []
        if "." in arg and " " not in arg:
            domain = arg.removeprefix("www.")
            ors.append("a.outlet_domain = ? OR a.outlet_domain LIKE ?")
            params += [domain, "%." + domain.replace("%", "").replace("_", "")]
        for key in _outlet_keys(filters.outlet):
            ors.append("instr(a.outlet_key, ?) > 0")
            params.append(key)
        conds.append("(" + " OR ".join(ors) + ")")
    if filters.since:
        conds.append("a.published_at >= ?")
        params.append(_check_date("since", filters.since))
    if filters.until:
        until = _check_date("until", filters.until)
        conds.append("substr(a.published_at, 1, ?) <= ?")
        params += [len(until), until]
    if filters.entity:
        conds.append("a.num IN (SELECT article_num FROM entity_mentions WHERE entity_id = ?)")
        params.append(filters.entity.strip())
    return " AND ".join(conds), params


def _ranked(
    store: Store, match: str, where: str, params: list[Any], exclude: list[int], limit: int
) -> list[tuple[int, float]]:
    sql = f"SELECT articles_fts.rowid, {_BM25} AS s FROM articles_fts"
    conds = ["articles_fts MATCH ?"]
    args: list[Any] = [match]
    if where:
        sql += " JOIN articles a ON a.num = articles_fts.rowid"
        conds.append(where)
        args += params
    if exclude:
        conds.append(f"articles_fts.rowid NOT IN ({', '.join('?' * len(exclude))})")
        args += exclude
    sql += " WHERE " + " AND ".join(conds) + " ORDER BY s LIMIT ?"
    args.append(limit)
    return [(int(r), float(s)) for r, s in store.conn.execute(sql, args)]


def search_query(store: Store, query: Query, *, limit: int = 10, filters: Filters | None = None) -> list[Hit]:
    """Hits for a parsed query, best first."""
    if query.empty or limit <= 0:
        return []
    where, params = filter_sql(filters or Filters())
    rows: list[tuple[int, float]] = []
    exact = query.exact_match()
    if exact:
        rows = _ranked(store, exact, where, params, [], limit)
    if len(rows) < limit:
        rows += _ranked(store, query.folded_match(), where, params, [r for r, _ in rows], limit - len(rows))
    records = store.get_many([r for r, _ in rows])
    tokens = query.folded_tokens()
    hits = []
    for num, score in rows:
        a = records[num]
        hits.append(
            Hit(
                id=a.id,
                title=a.title,
                outlet={"name": a.outlet.name, "domain": a.outlet.domain} if a.outlet else None,
                published_at=a.published_at,
                # FTS5's bm25() is negative, lower is better; users expect higher = better.
                score=round(-score, 4),
                snippet=snippet(a, tokens),
                article=a,
            )
        )
    return hits


def search(store: Store, text: str, *, limit: int = 10, filters: Filters | None = None) -> list[Hit]:
    """Parse ``text`` and search; a query with nothing searchable gives no hits (never an error)."""
    return search_query(store, parse_query(text), limit=limit, filters=filters)
