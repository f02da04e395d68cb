"""Ranked search over the store: FTS5 BM25 with column weights, exact-diacritic matches first, filters.

Hits come in tiers, each ranked by BM25 (title weighs most, then lead, then body), each searched in
title and lead first, then anywhere in the text, and only while fewer than ``limit`` hits are found:

1. (query typed with diacritics) every accented word matches exactly (``bà`` finds ``bà``) and all the
   words stand side by side, in order (the accented ones side by side as typed);
2. the accented words exactly, anywhere;
3. all the words side by side, diacritics aside (``ben tre`` finds ``Bến Tre``);
4. every word, diacritics aside, anywhere.

Vietnamese words are written as separate syllables (``đảng bộ``, ``hà nội``, ``bến tre``), so
adjacency is what tells the word ``đảng bộ`` from ``đảng`` ... ``bộ`` scattered in a text: a record
holding the words side by side only in its body ranks above one holding them apart in its headline.

Searching title and lead first keeps common words fast: ranking every match of ``công an`` in 100,000
bodies takes ~80 ms, in titles and leads ~10 ms (bench/store_search.py), and a record whose headline or
lead holds the words is the better hit anyway.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from baochi.model import Article
from baochi.search.filters import Filters, NoMatch, filter_match
from baochi.search.folding import fold_text_fast
from baochi.search.query import Query, parse_query
from baochi.search.snippet import snippet
from baochi.store import Store
from baochi.store.fts import exact_text, fold_text

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


# User words never reach the ``meta`` column of filter tokens (``0y2017`` typed is a word, not a year).
USER_COLUMNS = "- {meta} : "
# Abbreviation variants are looked for in the first characters of a query only: a variant of a
# pasted paragraph would find nothing new, and the expansion copies the text once per match.
MAX_VARIANT_TEXT = 200


def tiers(query: Query) -> list[tuple[str, bool]]:
    """The MATCH expressions of the ranking tiers, best first, and whether each is exact (see the
    module docstring): side by side before apart, diacritics as typed before loose."""
    out: list[tuple[str, bool]] = []
    adjacent = query.adjacency()
    exact = query.exact_match()
    if exact:
        together = query.exact_adjacency() or adjacent
        out += [(f"({exact}) AND {together}", True)] if together else []
        out.append((exact, True))
    folded = query.folded_match()
    out += [(f"({folded}) AND {adjacent}", False)] if adjacent else []
    out.append((folded, False))
    return out


def _user(match: str, restrict: str | None) -> str:
    """The full MATCH string: the user's expression on the text columns, AND the filters."""
    user = f"{USER_COLUMNS}({match})"
    return f"({user}) AND {restrict}" if restrict else user


def _ranked(
    store: Store, table: str, match: str, exclude: list[int], limit: int, allowed: str | None = None
) -> list[tuple[int, float]]:
    bm25 = f"bm25({table}, {', '.join(str(w) for w in WEIGHTS[table])})"
    sql = f"SELECT rowid, {bm25} AS s FROM {table} WHERE {table} MATCH ?"
    args: list[Any] = [match]
    if exclude:
        sql += f" AND rowid NOT IN ({', '.join('?' * len(exclude))})"
        args += exclude
    if allowed is not None:
        # the rows left by filters the index cannot express (a JSON array of row numbers)
        sql += " AND rowid IN (SELECT value FROM json_each(?))"
        args.append(allowed)
    sql += " ORDER BY s LIMIT ?"
    args.append(limit)
    return [(int(r), float(s)) for r, s in store.conn.execute(sql, args)]


def ranked_rows(
    store: Store,
    query: Query,
    limit: int,
    *,
    restrict: str | None = None,
    allowed: str | None = None,
    exclude: list[int] | None = None,
    exact_only: bool = False,
    tables: tuple[str, ...] = ("search_head", "search_text"),
) -> list[tuple[int, float, bool]]:
    """Up to ``limit`` (row number, bm25, exact) of the records matching ``query`` and the filter
    expression ``restrict``, best first, tier by tier; ``allowed``: a JSON array of the only rows
    wanted; ``exclude``: rows already taken; ``exact_only``: the tiers honouring diacritics only."""
    rows: list[tuple[int, float, bool]] = []
    seen = list(exclude or [])
    for match, is_exact in tiers(query):
        if exact_only and not is_exact:
            continue
        for table in tables:
            if len(rows) >= limit:
                return rows
            got = _ranked(store, table, _user(match, restrict), seen, limit - len(rows), allowed)
            rows += [(r, s, is_exact) for r, s in got]
            seen += [r for r, _ in got]
    return rows


@lru_cache(maxsize=1024)
def _phrase_re(words: tuple[str, ...]) -> re.Pattern[str]:
    """The words (lower case) in order with only spaces between them (not newlines), as whole words.
    The first word leads the pattern and its start is checked by a look-behind after it: a pattern that
    begins with a literal is searched for by that literal (~300x faster than a look-behind tried at
    every position of a body)."""
    first = re.escape(words[0])
    rest = "".join(r"[^\S\n]+" + re.escape(w) for w in words[1:])
    return re.compile(rf"{first}(?<![^\W_]{first}){rest}(?![^\W_])")


def texts_of(store: Store, nums: list[int]) -> dict[int, list[str]]:
    """Title, lead, body paragraphs and captions of records by row number (SQLite picks the fields out
    of the record JSON: much cheaper than rebuilding whole records)."""
    if not nums:
        return {}
    marks = ", ".join("?" * len(nums))
    # one json_extract with three paths: SQLite parses each record once
    sql = (
        "SELECT num, title, json_extract(record, '$.lead', '$.body', '$.captions')"
        f" FROM articles WHERE num IN ({marks})"
    )
    out: dict[int, list[str]] = {}
    for num, title, fields in store.conn.execute(sql, nums):
        lead, body, captions = json.loads(fields)
        parts = [title or "", lead or ""]
        for value in (body, captions):
            parts += [str(p) for p in value] if isinstance(value, list) else []
        out[int(num)] = parts
    return out


def holds_phrase(texts: list[str], query: Query, exact: bool) -> bool:
    """Whether the texts of a record hold every word of the query side by side, in order: as typed
    (accents and all, case aside) when ``exact``, else diacritics aside."""
    words = [t for c in query.clauses for t in (c.tokens if exact else c.folded)]
    pattern = _phrase_re(tuple(words))
    joined = "\n".join(texts)  # a newline is not a space between words: no phrase spans two texts
    return pattern.search(exact_text(joined) if exact else fold_text_fast(joined)) is not None


def verified_first(
    store: Store, query: Query, rows: list[tuple[int, float, bool]]
) -> list[tuple[int, float, bool]]:
    """The ranked rows with those whose text really holds the query's words side by side first (the
    index's adjacency test can be fooled: the ``accents`` column skips unaccented words, and the
    folded phrase may come from another word), order kept otherwise."""
    if query.adjacency() is None or not rows:
        return rows
    texts = texts_of(store, [r[0] for r in rows])
    good: list[tuple[int, float, bool]] = []
    bad: list[tuple[int, float, bool]] = []
    exact = query.exact_match() is not None
    for row in rows:
        held = row[0] in texts and holds_phrase(texts[row[0]], query, row[2] and exact)
        (good if held else bad).append(row)
    return good + bad


def restored(store: Store, query: Query, restrict: str | None = None, sample: int = 30) -> Query | None:
    """For a query of several words typed without diacritics, the reading its words side by side
    have in most of the best-ranked records holding them (``dang bo`` -> ``đảng bộ``, not ``đang bỏ``),
    when one reading has at least half of them; None otherwise."""
    adjacent = query.adjacency()
    if adjacent is None or query.exact_match() is not None:
        return None
    # any records holding the words side by side (unranked: the first the index gives, titles and
    # leads first), a sample of how the pair is written
    phrase = _user(adjacent, restrict)
    rows: list[int] = []
    for table in ("search_head", "search_text"):
        sql = f"SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT ?"
        rows = [r for (r,) in store.conn.execute(sql, (phrase, sample))]
        if len(rows) >= 5:
            break
    words = [t for c in query.clauses for t in c.folded]
    pattern = _phrase_re(tuple(words))
    forms: Counter[str] = Counter()
    for parts in texts_of(store, rows).values():
        text = "\n".join(parts)
        for m in pattern.finditer(fold_text_fast(text)):  # folding keeps every offset
            forms[" ".join(text[m.start() : m.end()].lower().split())] += 1
    if not forms:
        return None
    form, n = forms.most_common(1)[0]
    if n * 2 < sum(forms.values()) or fold_text(form) == form:
        return None
    return parse_query(form)


def make_hit(article: Article, query: Query, score: float, is_exact: bool) -> Hit:
    """A hit for a record found by ``query``."""
    a = article
    return Hit(
        id=a.id,
        title=a.title,
        outlet={"name": a.outlet.name, "domain": a.outlet.domain} if a.outlet else None,
        published_at=a.published_at,
        # FTS5's bm25() is negative, lower is better; users expect higher = better.
        score=round(-score, 4),
        snippet=snippet(a, *query.marked_words(is_exact)),
        article=a,
    )


def search_query(store: Store, query: Query, *, limit: int = 10, filters: Filters | None = None) -> list[Hit]:
    """Hits for a parsed query, best first."""
    if query.empty or limit <= 0:
        return []
    try:
        restrict = filter_match(store, filters or Filters())
    except NoMatch:
        return []
    rows: list[tuple[int, float, bool]] = []
    better = restored(store, query, restrict)
    if better is not None:
        rows = ranked_rows(store, better, limit, restrict=restrict, exact_only=True)
    rows += ranked_rows(store, query, limit - len(rows), restrict=restrict, exclude=[r[0] for r in rows])
    rows = verified_first(store, better or query, rows)
    records = store.get_many([r[0] for r in rows])
    return [make_hit(records[num], query, score, is_exact) for num, score, is_exact in rows]


def variant_queries(text: str) -> list[Query]:
    """The query and its abbreviation variants (``UBND`` <-> ``ủy ban nhân dân``), parsed; the
    variants are looked for in the first MAX_VARIANT_TEXT characters only (linear time)."""
    from baochi.lang.abbreviations import expand_query_variants

    first = parse_query(text)
    out = [first]
    for variant in expand_query_variants(text[:MAX_VARIANT_TEXT], quote=True)[1:]:
        q = parse_query(variant)
        if not q.empty and q not in out:
            out.append(q)
    return out


def search(store: Store, text: str, *, limit: int = 10, filters: Filters | None = None) -> list[Hit]:
    """Parse ``text`` and search; a query with nothing searchable gives no hits (never an error).

    Abbreviations count as their expansions and back (``ủy ban nhân dân`` also finds ``UBND``): hits
    of the query as typed come first, then those of its variants (``baochi.lang.abbreviations``)."""
    hits: list[Hit] = []
    seen: set[str] = set()
    for query in variant_queries(text):
        if len(hits) >= limit:
            break
        for hit in search_query(store, query, limit=limit, filters=filters):
            if hit.id not in seen and len(hits) < limit:
                seen.add(hit.id)
                hits.append(hit)
    return hits
