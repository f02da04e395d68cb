"""Ranked search over the store: FTS5 BM25 with column weights, exact-diacritic matches first, filters.

Hits come in tiers, each ranked by BM25 (title weighs most, then lead, then body), each searched only
while fewer than ``limit`` hits are found:

1. (query typed with diacritics) every accented word matches exactly (``bà`` finds ``bà``), in title
   or lead; 2. the same anywhere in the text;
3. every word matches without regard to diacritics (``ba``, ``bá``), in title or lead; 4. anywhere.

Searching title and lead first keeps common words fast: ranking every match of ``công an`` in 100,000
bodies takes ~80 ms, in titles and leads ~10 ms (bench/store_search.py), and a record whose headline or
lead holds the words is the better hit anyway.
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

# BM25 column weights (columns as in store/fts.py): a word in the headline says what the article is
# about far more than one in the body; the lead summarises it; exact accented words add a little.
WEIGHTS = {
    "search_head": (10.0, 4.0, 2.0),  # title, lead, accents
    "search_text": (10.0, 4.0, 1.0, 2.0),  # title, lead, body, accents
}
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


@dataclass(slots=True, kw_only=True)
class Filters:
    """Restrictions on hits: outlet (name, abbreviation or domain), dates on ``published_at``."""

    outlet: str | None = None
    since: str | None = None
    until: str | None = None


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
    return " AND ".join(conds), params


def _ranked(
    store: Store, table: str, match: str, where: str, params: list[Any], exclude: list[int], limit: int
) -> list[tuple[int, float]]:
    bm25 = f"bm25({table}, {', '.join(str(w) for w in WEIGHTS[table])})"
    sql = f"SELECT {table}.rowid, {bm25} AS s FROM {table}"
    conds = [f"{table} MATCH ?"]
    args: list[Any] = [match]
    if where:
        sql += f" JOIN articles a ON a.num = {table}.rowid"
        conds.append(where)
        args += params
    if exclude:
        conds.append(f"{table}.rowid NOT IN ({', '.join('?' * len(exclude))})")
        args += exclude
    sql += " WHERE " + " AND ".join(conds) + " ORDER BY s LIMIT ?"
    args.append(limit)
    return [(int(r), float(s)) for r, s in store.conn.execute(sql, args)]


def search_query(store: Store, query: Query, *, limit: int = 10, filters: Filters | None = None) -> list[Hit]:
    """Hits for a parsed query, best first."""
    if query.empty or limit <= 0:
        return []
    where, params = filter_sql(filters or Filters())
    exact = query.exact_match()
    tiers = [(t, exact, True) for t in ("search_head", "search_text") if exact]
    tiers += [(t, query.folded_match(), False) for t in ("search_head", "search_text")]
    rows: list[tuple[int, float, bool]] = []
    for table, match, is_exact in tiers:
        if len(rows) >= limit:
            break
        seen = [r[0] for r in rows]
        rows += [
            (r, s, is_exact) for r, s in _ranked(store, table, match, where, params, seen, limit - len(rows))
        ]
    records = store.get_many([r[0] for r in rows])
    hits = []
    for num, score, is_exact in rows:
        a = records[num]
        hits.append(
            Hit(
                id=a.id,
                title=a.title,
                outlet={"name": a.outlet.name, "domain": a.outlet.domain} if a.outlet else None,
                published_at=a.published_at,
                # FTS5's bm25() is negative, lower is better; users expect higher = better.
                score=round(-score, 4),
                snippet=snippet(a, *query.marked_words(is_exact)),
                article=a,
            )
        )
    return hits


def search(store: Store, text: str, *, limit: int = 10, filters: Filters | None = None) -> list[Hit]:
    """Parse ``text`` and search; a query with nothing searchable gives no hits (never an error)."""
    return search_query(store, parse_query(text), limit=limit, filters=filters)
