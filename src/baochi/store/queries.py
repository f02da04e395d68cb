"""The read-only query layer of the store: what the web app and the HTTP API show, as plain data.

``Reader(path)`` opens the store read-only (a ``mode=ro`` URI: nothing is ever written, not even a
schema into an empty file), one connection per thread, and answers: search by story with facet counts
and totals, attention over time, top entities of a query, one record with the other copies of its
story, person / organisation / place pages, outlets with monthly counts, and a streamed export of every
match. Counting runs over the catalog (``baochi.search.catalog``), rebuilt when another process commits.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import sqlite3
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import numpy as np

from baochi.lang.fold import fold_key
from baochi.model import Article, Document, Outlet
from baochi.search import stories
from baochi.search.catalog import Catalog, load
from baochi.search.engine import make_hit
from baochi.search.stories import Matches, StoryQuery
from baochi.store.db import Store

# Bounds stated in docs/api.md.
MAX_EXPORT = 100_000  # records in one export
EXPORT_CHUNK = 200
LIST_LIMIT = 50  # entities in a list answer
PAGE_ARTICLES = 20  # articles on an entity page
CSV_FIELDS = (
    "id",
    "cluster_id",
    "copies",
    "outlet",
    "domain",
    "published_at",
    "page_type",
    "title",
    "url",
    "lead",
)

ExportFormat = Literal["csv", "jsonl"]


def brief(a: Article) -> dict[str, Any]:
    """The short form of a record in lists: id, title, outlet name, date."""
    return {
        "id": a.id,
        "title": a.title,
        "outlet": a.outlet.name if a.outlet else None,
        "published_at": a.published_at,
    }


# Pragmas of the reader's connections (read-only): the file mapped into memory (pages read without a
# system call each; shared between connections by the OS) and a larger page cache per connection.
READ_PRAGMAS = ("PRAGMA mmap_size = 4294967296", "PRAGMA cache_size = -16384", "PRAGMA temp_store = MEMORY")
# Answers kept (search, attention and top entities of recent queries): a page asks for the three of one
# query, the next page and the CSV links again; entries are keyed by the catalog's generation, so an
# answer is never served once another process has committed, and the whole cache is dropped then.
ANSWERS = 1024
MATCH_SETS = 64


class _Lru:
    """A bounded least-recently-used map, safe between threads."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[Any, ...]) -> Any:
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
            return found

    def put(self, key: tuple[Any, ...], value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class Reader:
    """Read-only queries over one store file; safe to share between threads. Answers of recent queries
    are cached (bounded; dropped when the store changes); they are shared: callers must not modify
    them."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._catalog: Catalog | None = None
        self._matches = _Lru(MATCH_SETS)
        self._answers = _Lru(ANSWERS)
        self.store()  # fails now (StoreError) when the file is missing or not a baochi store
        # the connection that watches for commits and reads the catalog, used under the lock only
        uri = f"{self.path.resolve().as_uri()}?mode=ro"
        self._watch = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        self._version: int | None = None

    # -- connections and the catalog -------------------------------------------------------------

    def store(self) -> Store:
        """This thread's read-only connection."""
        st: Store | None = getattr(self._local, "store", None)
        if st is None:
            st = Store(self.path, readonly=True)
            for pragma in READ_PRAGMAS:
                st.conn.execute(pragma)
            self._local.store = st
        return st

    def catalog(self) -> Catalog:
        """The catalog of the store as it is now: rebuilt when another process has committed since it
        was built (SQLite's ``data_version`` of one watching connection: a microsecond to ask)."""
        with self._lock:
            version = self._watch.execute("PRAGMA data_version").fetchone()[0]
            if self._catalog is None or version != self._version:
                generation = self._catalog.generation + 1 if self._catalog else 1
                self._catalog = load(self._watch, generation)
                self._version = version
                self._matches.clear()
                self._answers.clear()
            return self._catalog

    def matches(self, sq: StoryQuery) -> tuple[Catalog, Matches]:
        """Every match of a query (kept for the last MATCH_SETS queries: a page asks for hits,
        attention and entities of one query, and the next page again)."""
        cat = self.catalog()
        key = (cat.generation, *sq.key())
        found: Matches | None = self._matches.get(key)
        if found is not None:
            return cat, found
        m = stories.match(self.store(), cat, sq)
        self._matches.put(key, m)
        return cat, m

    def _cached(self, what: tuple[Any, ...], answer: Any) -> Any:
        """The cached answer for ``what`` under the current catalog, else ``answer()`` (kept)."""
        key = (self.catalog().generation, *what)
        found = self._answers.get(key)
        if found is None:
            found = answer()
            self._answers.put(key, found)
        return found

    # -- search --------------------------------------------------------------------------------------

    def search(self, sq: StoryQuery, *, with_facets: bool = True) -> dict[str, Any]:
        """Hits (one per story) of page ``sq.page``, the total in stories, and facet counts."""
        what = ("search", *sq.key(), sq.sort, sq.page, sq.limit, with_facets)
        found: dict[str, Any] = self._cached(what, lambda: self._search(sq, with_facets))
        return found

    def _search(self, sq: StoryQuery, with_facets: bool) -> dict[str, Any]:
        st = self.store()
        cat, m = self.matches(sq)
        found = stories.ranked_stories(st, cat, m, sq)
        records = self._shown([s.num for s in found])
        query = m.queries[0] if m.queries else None
        hits = []
        for s in found:
            a = records[s.num]
            snippet = make_hit(a, query, s.score or 0.0, s.exact).snippet if query else (a.lead or "")[:220]
            hits.append(
                {
                    "id": a.id,
                    "title": a.title,
                    "outlet": a.outlet.name if a.outlet else None,
                    "published_at": a.published_at,
                    "snippet": snippet,
                    "copies": s.copies,
                    "cluster_id": s.cluster,
                    "outlets": self._cluster_outlets(cat, s.cluster) if s.copies > 1 else [],
                    "score": None if s.score is None else round(-s.score, 4),
                }
            )
        out: dict[str, Any] = {"total": stories.total(cat, m), "records": int(m.rows.size), "hits": hits}
        out["exact"] = m.exact
        if with_facets:
            out["facets"] = self.facets(sq, cat, m)
        return out

    def facets(self, sq: StoryQuery, cat: Catalog, m: Matches) -> dict[str, list[dict[str, Any]]]:
        """Facet counts within the other active filters: each value's count is the stories the query
        leaves with every active filter but the facet's own, and that value (what following its link
        gives); the facet of an inactive filter counts over the matches themselves."""
        out = {}
        for name in stories.FACETS:
            fields = stories.FACET_FIELDS[name]
            within = m
            if any(getattr(sq, f) for f in fields):
                unset: dict[str, Any] = dict.fromkeys(fields)
                within = self.matches(dataclasses.replace(sq, **unset))[1]
            out[name] = stories.facet(cat, within, name)
        return out

    def _shown(self, nums: list[int]) -> dict[int, Article]:
        """What a hit shows of its record (id, title, outlet, date, lead, body), picked out of the
        record JSON by SQLite: rebuilding whole records (entities and all) cost more than the search."""
        if not nums:
            return {}
        marks = ", ".join("?" * len(nums))
        rows = self.store().conn.execute(
            "SELECT num, id, title, outlet_name, outlet_domain, published_at,"
            f" json_extract(record, '$.lead', '$.body') FROM articles WHERE num IN ({marks})",
            nums,
        )
        out = {}
        for num, rid, title, outlet, domain, published, fields in rows:
            lead, body = json.loads(fields)
            out[int(num)] = Article(
                id=rid,
                source="",
                title=title,
                outlet=Outlet(name=outlet, domain=domain) if outlet else None,
                published_at=published,
                lead=lead,
                body=body if isinstance(body, list) else [],
            )
        return out

    def _cluster_outlets(self, cat: Catalog, cluster_id: str) -> list[str]:
        return self.store().dedup.cluster_outlets(cluster_id)

    def attention(
        self, sq: StoryQuery, interval: stories.Interval | None = None, by_outlet: bool = False
    ) -> dict[str, Any]:
        """Stories per day, week or month (chosen to fit the range when not given), with ratios."""

        def answer() -> dict[str, Any]:
            cat, m = self.matches(sq)
            return stories.attention(cat, m, interval, by_outlet)

        found: dict[str, Any] = self._cached(("attention", *sq.key(), interval, by_outlet), answer)
        return found

    def top_entities(self, sq: StoryQuery, per_type: int = 10) -> dict[str, list[dict[str, Any]]]:
        """Persons, organisations and places named in the most matching stories."""

        def answer() -> dict[str, list[dict[str, Any]]]:
            cat, m = self.matches(sq)
            return stories.top_entities(cat, m, per_type)

        found: dict[str, list[dict[str, Any]]] = self._cached(("entities", *sq.key(), per_type), answer)
        return found

    # -- records -------------------------------------------------------------------------------------

    def article(self, article_id: str) -> Article | None:
        """One record (or a unique id prefix of 6+ characters)."""
        return self.store().get(article_id)

    def copies(self, article_id: str) -> list[dict[str, Any]]:
        """The other records of a record's story, canonical first, with their similarity."""
        return [dataclasses.asdict(c) for c in self.store().dedup.copies(article_id)]

    def raw(self, article_id: str) -> Document | None:
        """The raw input a record was made from."""
        return self.store().get_document(article_id)

    # -- entities ------------------------------------------------------------------------------------

    def _articles_of(self, cat: Catalog, entity_ids: list[str], limit: int = PAGE_ARTICLES) -> list[Any]:
        rows = cat.rows(cat.entity_rows_mask(entity_ids))
        rows = rows[np.lexsort((rows, -cat.day[rows]))][:limit]
        records = self.store().get_many(rows.tolist())
        return [brief(records[int(r)]) for r in rows if int(r) in records]

    def _aliases(self, entity_ids: list[str], name: str) -> list[str]:
        marks = ", ".join("?" * len(entity_ids))
        rows = self.store().conn.execute(
            f"SELECT text, count(*) AS n FROM entity_mentions WHERE entity_id IN ({marks})"
            " GROUP BY text ORDER BY n DESC, text LIMIT 20",
            entity_ids,
        )
        return [str(t) for t, _ in rows if t != name]

    def _people(self, cat: Catalog) -> list[Any]:
        from baochi.enrich.linking import link_people

        with self._lock:
            people = cat._cache.get("people")
        if people is None:
            people = link_people(self.store().entities.person_records())
            people.sort(key=lambda p: (-len(p.articles), p.name, p.id))
            with self._lock:
                cat._cache["people"] = people
        return list(people)

    def people(self, q: str = "", limit: int = LIST_LIMIT) -> list[dict[str, Any]]:
        """Persons whose name holds ``q`` (diacritics optional), most written about first."""
        cat = self.catalog()
        key = fold_key(q.strip())
        found = [p for p in self._people(cat) if key in fold_key(p.name)][:limit]
        return [self._person_json(cat, p, articles=3) for p in found]

    def person(self, person_id: str) -> dict[str, Any] | None:
        """One person: names, posts over time, persons named with them, latest articles."""
        cat = self.catalog()
        for p in self._people(cat):
            if person_id == p.id or person_id in p.ids:
                out = self._person_json(cat, p, articles=PAGE_ARTICLES)
                out["related"] = self._related(cat, sorted(p.ids))
                return out
        return None

    def _person_json(self, cat: Catalog, p: Any, articles: int) -> dict[str, Any]:
        ids = sorted(p.ids)
        return {
            "id": p.id,
            "name": p.name,
            "ids": ids,
            "aliases": self._aliases(ids, p.name),
            "positions": p.timeline(),
            "article_count": len(p.articles),
            "articles": self._articles_of(cat, ids, articles),
        }

    def _related(self, cat: Catalog, entity_ids: list[str], limit: int = 15) -> list[dict[str, Any]]:
        """Persons most often named in the same records."""
        mine = {cat.entity_index[e] for e in entity_ids if e in cat.entity_index}
        rows = cat.rows(cat.entity_rows_mask(entity_ids))
        _, ents = cat.pairs_of(rows)
        counts = Counter(int(e) for e in ents if int(e) not in mine)
        out = []
        for e, n in sorted(counts.items(), key=lambda kv: (-kv[1], cat.entities[kv[0]].name)):
            ent = cat.entities[e]
            if ent.type == "PER":
                out.append({"id": ent.id, "name": ent.name, "articles": n})
            if len(out) >= limit:
                break
        return out

    def _entities(self, type_: str, q: str, limit: int) -> list[Any]:
        cat = self.catalog()
        key = fold_key(q.strip())
        found = [e for e in cat.entities if e.type == type_ and key in fold_key(e.name)]
        counts = np.bincount(cat.pair_entity, minlength=len(cat.entities))
        found.sort(key=lambda e: (-int(counts[cat.entity_index[e.id]]), e.name))
        return found[:limit]

    def organizations(self, q: str = "", limit: int = LIST_LIMIT) -> list[dict[str, Any]]:
        """Organisations whose name holds ``q``, most named first."""
        return [self._organization_json(e, brief_only=True) for e in self._entities("ORG", q, limit)]

    def organization(self, entity_id: str) -> dict[str, Any] | None:
        """One organisation: names, its meetings and sessions, persons holding posts in it, articles."""
        cat = self.catalog()
        i = cat.entity_index.get(entity_id)
        if i is None or cat.entities[i].type != "ORG":
            return None
        return self._organization_json(cat.entities[i], brief_only=False)

    def _organization_json(self, e: Any, brief_only: bool) -> dict[str, Any]:
        cat = self.catalog()
        out: dict[str, Any] = {
            "id": e.id,
            "name": e.name,
            "kind": e.kind,
            "aliases": self._aliases([e.id], e.name),
        }
        conn = self.store().conn
        posts = conn.execute(
            "SELECT p.person_id, p.person, p.title, min(p.date), max(p.date), count(*) FROM positions p"
            " WHERE p.organization = ? GROUP BY p.person_id, p.title"
            " ORDER BY count(*) DESC, p.person LIMIT 50",
            (e.name,),
        ).fetchall()
        out["positions"] = [
            {"person_id": r[0], "person": r[1], "title": r[2], "first": r[3], "last": r[4], "articles": r[5]}
            for r in posts
        ]
        if brief_only:
            out["articles"] = self._articles_of(cat, [e.id], 3)
            return out
        events = conn.execute(
            "SELECT ev.type, ev.text, ev.number, ev.date, ev.chair, a.id FROM events ev"
            " JOIN articles a ON a.num = ev.article_num WHERE ev.organization = ?"
            " ORDER BY ev.date IS NULL, ev.date, ev.number LIMIT 100",
            (e.name,),
        ).fetchall()
        cols = ("type", "text", "number", "date", "chair", "article")
        out["events"] = [dict(zip(cols, r, strict=True)) for r in events]
        out["articles"] = self._articles_of(cat, [e.id])
        return out

    def places(self, q: str = "", limit: int = LIST_LIMIT) -> list[dict[str, Any]]:
        """Places whose name holds ``q``, most named first."""
        return [self._place_json(e, articles=3) for e in self._entities("LOC", q, limit)]

    def place(self, entity_id: str) -> dict[str, Any] | None:
        """One place: its administrative unit (codes before and after 2025, parent units), articles."""
        cat = self.catalog()
        i = cat.entity_index.get(entity_id)
        if i is None or cat.entities[i].type != "LOC":
            return None
        return self._place_json(cat.entities[i], articles=PAGE_ARTICLES)

    def _place_json(self, e: Any, articles: int) -> dict[str, Any]:
        cat = self.catalog()
        admin = e.admin or None
        parents = []
        if admin and admin.get("level") != "province" and admin.get("province"):
            parents.append(
                {"level": "province", "name": admin["province"], "code": admin.get("province_code")}
            )
        return {
            "id": e.id,
            "name": e.name,
            "kind": e.kind,
            "aliases": self._aliases([e.id], e.name),
            "admin": admin,
            "parents": parents,
            "positions": [],
            "articles": self._articles_of(cat, [e.id], articles),
        }

    # -- outlets and export ----------------------------------------------------------------------

    def outlets(self) -> list[dict[str, Any]]:
        """Every outlet with its records and their count by month (``undated`` for the others)."""
        rows = self.store().conn.execute(
            "SELECT coalesce(outlet_name, ''), max(outlet_domain), coalesce(substr(published_at, 1, 7), ''),"
            " count(*) FROM articles GROUP BY 1, 3 ORDER BY 1, 3"
        )
        out: dict[str, dict[str, Any]] = {}
        for name, domain, month, n in rows:
            o = out.setdefault(name, {"name": name or None, "domain": domain, "articles": 0, "months": {}})
            o["articles"] += n
            o["domain"] = o["domain"] or domain
            o["months"][month if len(month) == 7 else "undated"] = n
        return sorted(out.values(), key=lambda o: (-o["articles"], o["name"] or ""))

    def export_rows(self, sq: StoryQuery) -> list[int]:
        """Row numbers of every match, newest first, at most MAX_EXPORT."""
        cat, m = self.matches(sq)
        order = m.rows[np.lexsort((m.rows, -cat.day[m.rows]))][:MAX_EXPORT]
        return [int(r) for r in order]

    def export(self, sq: StoryQuery, fmt: ExportFormat) -> Iterator[str]:
        """Every match as CSV (a header, one row per record) or JSON lines (the record, format v1),
        EXPORT_CHUNK records at a time: never the whole export in memory."""
        rows = self.export_rows(sq)
        cat = self.catalog()
        if fmt == "csv":
            yield _csv_line(CSV_FIELDS)
        for start in range(0, len(rows), EXPORT_CHUNK):
            chunk = rows[start : start + EXPORT_CHUNK]
            records = self.store().get_many(chunk)  # this thread's connection: chunks may move threads
            lines = []
            for num in chunk:
                a = records.get(num)
                if a is None:
                    continue
                if fmt == "jsonl":
                    lines.append(json.dumps(a.to_dict(), ensure_ascii=False) + "\n")
                    continue
                c = int(cat.cluster[num]) if num < len(cat.cluster) else -1
                cluster = cat.cluster_ids[c] if c >= 0 else a.id
                copies = int(cat.cluster_size[c]) if c >= 0 else 1
                o = a.outlet
                values = (a.id, cluster, copies, o.name if o else "", o.domain if o else "", a.published_at,
                          a.page_type, a.title, a.url, a.lead)  # fmt: skip
                lines.append(_csv_line(values))
            yield "".join(lines)


# Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"): such a text
# cell is written with a leading apostrophe, which spreadsheets show as text and never evaluate.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell: None as empty, a text starting like a formula neutralised; numbers as they are."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv_line(values: tuple[Any, ...]) -> str:
    """One CSV row, RFC 4180: CRLF line ends, so a cell holding a CR or LF is quoted (with a LF line
    end, Python's writer left a lone CR unquoted and it split the row in spreadsheets)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerow([csv_cell(v) for v in values])
    return buf.getvalue()


def attention_csv(data: dict[str, Any]) -> str:
    """The numbers of an attention answer as CSV: outlet, date, count, ratio."""
    lines = [_csv_line(("outlet", "date", "count", "ratio"))]
    for s in data["series"]:
        for p in s["points"]:
            lines.append(_csv_line((s["outlet"] or "(all)", p["date"], p["count"], p["ratio"])))
    return "".join(lines)
