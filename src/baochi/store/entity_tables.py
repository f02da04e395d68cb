"""The store's entity tables (migration 2): every read and write of them, as ``Store.entities``.

``entities`` holds one row per entity id, ``entity_mentions``, ``positions`` and ``events`` the rows of
each stored record, written from its JSON form (format v1) when it is stored (the ingest hook
``baochi.enrich.index.store_batch``), replaced when it is stored again, gone with it when it is deleted
(ON DELETE CASCADE). Read by ``baochi people``, ``person`` and ``entities``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from baochi.model import Article

if TYPE_CHECKING:
    from baochi.store.db import Store

PersonRecord = tuple[str, str, str, list[dict[str, Any]]]


# The rows of one record, without its row number: entities (upserted), mentions, positions, events.
EntityRows = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]], list[tuple[Any, ...]]]


def entity_rows(a: Article) -> EntityRows:
    """The entity, mention, position and event rows of a record (a pure function of it: the ingest makes
    them in its worker processes). Items are read as their JSON objects are (typed or plain dicts)."""
    entities: list[tuple[Any, ...]] = []
    mentions: list[tuple[Any, ...]] = []
    for e in a.entities:
        if not e.get("id"):
            continue
        admin = json.dumps(e["admin"], ensure_ascii=False) if e.get("admin") else None
        entities.append((e["id"], e["type"], e["canonical"], e.get("kind"), admin))
        mentions.append((e["id"], e["type"], e["text"], e["field"], e["start"], e["end"]))
    positions = [
        (
            p.get("person_id") or "",
            p["person"],
            p["title"],
            p.get("organization"),
            p.get("place"),
            p.get("date"),
        )
        for p in a.positions
    ]
    events = [
        (ev["type"], ev["text"], ev.get("organization"), ev.get("number"), ev.get("date"), ev.get("chair"))
        for ev in a.events
    ]
    return entities, mentions, positions, events


class EntityTables:
    """Reads and writes of the entity rows of one open store (inside the caller's transaction)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.conn = store.conn

    def write(self, articles: list[Article], rows: Sequence[EntityRows] | None = None) -> None:
        """Write the entity, position and event rows of records already stored (others are skipped);
        ``rows``: ``entity_rows`` of each record, made beforehand (in a worker process)."""
        for i, a in enumerate(articles):
            row = self.conn.execute("SELECT num FROM articles WHERE id = ?", (a.id,)).fetchone()
            if row is not None:
                self._write_one(int(row[0]), rows[i] if rows is not None else entity_rows(a))

    def _write_one(self, num: int, rows: EntityRows) -> None:
        conn = self.conn
        conn.execute("DELETE FROM entity_mentions WHERE article_num = ?", (num,))
        conn.execute("DELETE FROM positions WHERE article_num = ?", (num,))
        conn.execute("DELETE FROM events WHERE article_num = ?", (num,))
        entities, mentions, positions, events = rows
        conn.executemany(
            "INSERT INTO entities (id, type, canonical, kind, admin) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET canonical = excluded.canonical, kind = excluded.kind,"
            " admin = COALESCE(excluded.admin, entities.admin)",
            entities,
        )
        conn.executemany(
            'INSERT INTO entity_mentions (article_num, entity_id, type, text, field, start, "end")'
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(num, *m) for m in mentions],
        )
        conn.executemany(
            "INSERT INTO positions (article_num, person_id, person, title, organization, place, date)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(num, *p) for p in positions],
        )
        conn.executemany(
            "INSERT INTO events (article_num, type, text, organization, number, date, chair)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(num, *e) for e in events],
        )

    def top(self, type_: str | None, top: int) -> list[dict[str, Any]]:
        """Entities by number of articles naming them (most first): id, type, canonical, kind, articles,
        mentions."""
        sql = (
            "SELECT e.id, e.type, e.canonical, e.kind, COUNT(DISTINCT m.article_num) AS articles,"
            " COUNT(*) AS mentions FROM entities e JOIN entity_mentions m ON m.entity_id = e.id"
        )
        args: list[Any] = []
        if type_:
            sql += " WHERE e.type = ?"
            args.append(type_)
        sql += " GROUP BY e.id ORDER BY articles DESC, mentions DESC, e.canonical LIMIT ?"
        args.append(top)
        cols = ("id", "type", "canonical", "kind", "articles", "mentions")
        return [dict(zip(cols, row, strict=True)) for row in self.conn.execute(sql, args)]

    def person_records(self) -> list[PersonRecord]:
        """(article id, person id, name, posts) of every stored record that names a person or states a
        post, for ``baochi.enrich.linking.link_people``."""
        posts: dict[tuple[str, str], list[dict[str, Any]]] = {}
        names: dict[tuple[str, str], str] = {}
        rows = self.conn.execute(
            "SELECT a.id, m.entity_id, e.canonical FROM entity_mentions m"
            " JOIN articles a ON a.num = m.article_num JOIN entities e ON e.id = m.entity_id"
            " WHERE m.type = 'PER'"
        )
        for article, pid, name in rows:
            names[(article, pid)] = name
            posts.setdefault((article, pid), [])
        for article, pid, name, title, org, place, date in self.conn.execute(
            "SELECT a.id, p.person_id, p.person, p.title, p.organization, p.place, p.date FROM positions p"
            " JOIN articles a ON a.num = p.article_num"
        ):
            names.setdefault((article, pid), name)
            posts.setdefault((article, pid), []).append(
                {"title": title, "organization": org, "place": place, "date": date}
            )
        return [(a, pid, names[(a, pid)], ps) for (a, pid), ps in posts.items()]
