"""The store's entity tables (migration 2): written with each record, read by people/person/entities.

Kept apart from the detectors so the store imports nothing heavy. ``store_batch`` is an ingest hook
(``baochi.writers.store.INDEXES``): it runs inside each stored batch's transaction. Rows of a record are
replaced when the record is stored again; they go with it when it is deleted (ON DELETE CASCADE).
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Any

from baochi.model import Article

if TYPE_CHECKING:
    from baochi.store import Store


def store_batch(store: Store, articles: list[Article]) -> None:
    """Ingest hook: write the entity rows of each record just stored."""
    for a in articles:
        row = store.conn.execute("SELECT num FROM articles WHERE id = ?", (a.id,)).fetchone()
        if row is not None:
            index_entities(store.conn, int(row[0]), a)


def index_entities(conn: sqlite3.Connection, num: int, article: Article) -> None:
    """Write the entities, positions and events of one stored record (article row ``num``)."""
    conn.execute("DELETE FROM entity_mentions WHERE article_num = ?", (num,))
    conn.execute("DELETE FROM positions WHERE article_num = ?", (num,))
    conn.execute("DELETE FROM events WHERE article_num = ?", (num,))
    for e in article.entities:
        if not e.get("id"):
            continue
        admin = json.dumps(e["admin"], ensure_ascii=False) if e.get("admin") else None
        conn.execute(
            "INSERT INTO entities (id, type, canonical, kind, admin) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET canonical = excluded.canonical, kind = excluded.kind,"
            " admin = COALESCE(excluded.admin, entities.admin)",
            (e["id"], e["type"], e["canonical"], e.get("kind"), admin),
        )
        conn.execute(
            'INSERT INTO entity_mentions (article_num, entity_id, type, text, field, start, "end")'
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (num, e["id"], e["type"], e["text"], e["field"], e["start"], e["end"]),
        )
    for p in article.positions:
        conn.execute(
            "INSERT INTO positions (article_num, person_id, person, title, organization, place, date)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                num,
                p.get("person_id") or "",
                p["person"],
                p["title"],
                p.get("organization"),
                p.get("place"),
                p.get("date"),
            ),
        )
    for ev in article.events:
        conn.execute(
            "INSERT INTO events (article_num, type, text, organization, number, date, chair)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                num,
                ev["type"],
                ev["text"],
                ev.get("organization"),
                ev.get("number"),
                ev.get("date"),
                ev.get("chair"),
            ),
        )


def entity_rows(conn: sqlite3.Connection, type_: str | None, top: int) -> list[dict[str, Any]]:
    """Entities by number of articles naming them (most first)."""
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
    return [dict(zip(cols, row, strict=True)) for row in conn.execute(sql, args)]


def person_records(conn: sqlite3.Connection) -> list[tuple[str, str, str, list[dict[str, Any]]]]:
    """(article id, person id, name, posts) of every stored record, for ``linking.link_people``."""
    posts: dict[tuple[str, str], list[dict[str, Any]]] = {}
    names: dict[tuple[str, str], str] = {}
    rows = conn.execute(
        "SELECT a.id, m.entity_id, e.canonical, a.published_at FROM entity_mentions m"
        " JOIN articles a ON a.num = m.article_num JOIN entities e ON e.id = m.entity_id"
        " WHERE m.type = 'PER'"
    )
    for article, pid, name, _ in rows:
        names[(article, pid)] = name
        posts.setdefault((article, pid), [])
    for article, pid, name, title, org, place, date in conn.execute(
        "SELECT a.id, p.person_id, p.person, p.title, p.organization, p.place, p.date FROM positions p"
        " JOIN articles a ON a.num = p.article_num"
    ):
        names.setdefault((article, pid), name)
        posts.setdefault((article, pid), []).append(
            {"title": title, "organization": org, "place": place, "date": date}
        )
    return [(a, pid, names[(a, pid)], ps) for (a, pid), ps in posts.items()]
