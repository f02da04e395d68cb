"""Ranked search over the store: FTS5 BM25 with column weights, exact-diacritic matches first, filters.

Hits come in tiers, each ranked by BM25 (title weighs most, then lead, then body), each searched only
while fewer than ``limit`` hits are found:

1. (query typed with diacritics) every accented word matches exactly (``bà`` finds ``bà``), in title
   or lead; 2. the same anywhere in the text;
3. every word matches without regard to diacritics (``ba``, ``bá``), in title or lead; 4. anywhere.

Within each, the records holding all the query's words side by side, in order, come first: Vietnamese
words are written as separate syllables (``đảng bộ``, ``hà nội``), so adjacency tells the word
``đảng bộ`` from ``đảng`` ... ``bộ`` scattered in a text.

Searching title and lead first keeps common words fast: ranking every match of ``công an`` in 100,000
bodies takes ~80 ms, in titles and leads ~10 ms (bench/store_search.py), and a record whose headline or
lead holds the words is the better hit anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from baochi.model import Article
from baochi.search.filters import Filters, NoMatch, filter_match
from baochi.search.query import Query, parse_query
from baochi.search.snippet import snippet
from baochi.store import Store

# BM25 column weights (columns as in store/fts.py): a word in the headline says what the article is
# about far more than one in the body; the lead summarises it; exact accented words add a little.
WEIGHTS = {
    "search_head": (10.0, 4.0, 2.0, 0.0),  # title, lead, accents, meta (filter tokens)
    "search_text": (10.0, 4.0, 1.0, 2.0, 0.0),  # title, lead, body, accents, meta
}


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


def _ranked(store: Store, table: str, match: str, exclude: list[int], limit: int) -> list[tuple[int, float]]:
    bm25 = f"bm25({table}, {', '.join(str(w) for w in WEIGHTS[table])})"
    sql = f"SELECT rowid, {bm25} AS s FROM {table} WHERE {table} MATCH ?"
    args: list[Any] = [match]
    if exclude:
        sql += f" AND rowid NOT IN ({', '.join('?' * len(exclude))})"
        args += exclude
    sql += " ORDER BY s LIMIT ?"
    args.append(limit)
    return [(int(r), float(s)) for r, s in store.conn.execute(sql, args)]


def search_query(store: Store, query: Query, *, limit: int = 10, filters: Filters | None = None) -> list[Hit]:
    """Hits for a parsed query, best first."""
    if query.empty or limit <= 0:
        return []
    try:
        restrict = filter_match(store, filters or Filters())
    except NoMatch:
        return []
    exact = query.exact_match()
    side_by_side = query.adjacency()
    matches = ([(exact, True)] if exact else []) + [(query.folded_match(), False)]
    tiers = []
    for m, is_exact in matches:
        for table in ("search_head", "search_text"):
            variants = [f"({m}) AND {side_by_side}", m] if side_by_side else [m]
            tiers += [(table, f"({v}) AND {restrict}" if restrict else v, is_exact) for v in variants]
    rows: list[tuple[int, float, bool]] = []
    for table, match, is_exact in tiers:
        if len(rows) >= limit:
            break
        seen = [r[0] for r in rows]
        rows += [(r, s, is_exact) for r, s in _ranked(store, table, match, seen, limit - len(rows))]
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
    """Parse ``text`` and search; a query with nothing searchable gives no hits (never an error).

    Abbreviations count as their expansions and back (``ủy ban nhân dân`` also finds ``UBND``): hits
    of the query as typed come first, then those of its variants (``baochi.lang.abbreviations``)."""
    from baochi.lang.abbreviations import expand_query_variants

    hits = search_query(store, parse_query(text), limit=limit, filters=filters)
    seen = {h.id for h in hits}
    for variant in expand_query_variants(text, quote=True)[1:]:
        if len(hits) >= limit:
            break
        for hit in search_query(store, parse_query(variant), limit=limit, filters=filters):
            if hit.id not in seen and len(hits) < limit:
                seen.add(hit.id)
                hits.append(hit)
    return hits
