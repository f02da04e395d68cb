"""Entities in the store and the people/person/entities commands, and search --entity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from baochi.cli import main
from baochi.enrich.index import store_batch
from baochi.enrich.linking import link_people
from baochi.enrich.step import enrich_article
from baochi.errors import QueryError
from baochi.model import Article
from baochi.store import Store


def article(aid: str, title: str, body: str, date: str) -> Article:
    a = Article(id=aid, source=f"{aid}.txt", title=title, body=[body], published_at=date)
    return enrich_article(a)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "t.db"
    records = [
        article(
            "a1",
            "Hội nghị Thành ủy TP. Bến Tre",
            "Bí thư Thành ủy Nguyễn Văn Tuấn chủ trì hội nghị.",
            "2021-04-19T10:00:00+07:00",
        ),
        article(
            "a2",
            "Thành ủy TP. Bến Tre sơ kết",
            "Bí thư Thành ủy Nguyễn Văn Tuấn phát biểu.",
            "2021-07-01T10:00:00+07:00",
        ),
        article(
            "a3",
            "Sở Y tế Hà Nội kiểm tra",
            "Giám đốc Sở Y tế Hà Nội Nguyễn Văn Tuấn kiểm tra khách sạn.",
            "2021-05-02T10:00:00+07:00",
        ),
    ]
    with Store(path) as store, store.transaction():
        for a in records:
            store.put(a)
        store_batch(store, records)  # as the ingest hook does after each stored batch
    return path


def test_store_cli_people_keeps_namesakes_apart(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["people", "--name", "tuan", "--json", "--db", str(db)]) == 0
    people = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(people) == 2
    bentre = next(p for p in people if p["articles"] == 2)
    (post,) = bentre["posts"]
    assert post["organization"] == "Thành ủy thành phố Bến Tre"
    assert (post["first"], post["last"]) == ("2021-04-19", "2021-07-01")


def test_store_cli_person_timeline(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["person", "Nguyen Van Tuan", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "2021-04-19 – 2021-07-01: Bí thư Thành ủy — Thành ủy thành phố Bến Tre" in out
    assert "Giám đốc Sở Y tế Hà Nội — Sở Y tế thành phố Hà Nội" in out


def test_store_cli_entities_and_search_filter(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["entities", "--type", "ORG", "--json", "--db", str(db)]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    thanh_uy = next(r for r in rows if r["canonical"] == "Thành ủy thành phố Bến Tre")
    assert thanh_uy["articles"] == 2
    assert main(["search", "Bí thư", "--entity", thanh_uy["id"], "--json", "--db", str(db)]) == 0
    hits = {json.loads(line)["id"] for line in capsys.readouterr().out.splitlines()}
    assert hits == {"a1", "a2"}


def test_store_entities_rewritten_with_record(db: Path) -> None:
    with Store(db) as store:
        before = store.conn.execute("SELECT COUNT(*) FROM positions").fetchone()[0]
        a = store.get("a1")
        assert a is not None
        again = enrich_article(a)
        store.put(again)
        store_batch(store, [again])
        assert store.conn.execute("SELECT COUNT(*) FROM positions").fetchone()[0] == before


def test_linking_merges_by_shared_organization() -> None:
    posts = [{"title": "Bộ trưởng Bộ Công an", "organization": "Bộ Công an", "date": "2020-01-01"}]
    people = link_people(
        [("a", "id1", "Tô Lâm", posts), ("b", "id2", "Tô Lâm", posts), ("c", "id3", "Tô Lâm", [])]
    )
    # the record without a post says nothing against being the one Tô Lâm the store knows: it joins him
    assert sorted(len(p.articles) for p in people) == [3]


def test_linking_keeps_an_unposted_namesake_apart_when_two_are_known() -> None:
    bentre = [
        {"title": "Bí thư Thành ủy", "organization": "Thành ủy thành phố Bến Tre", "date": "2021-01-01"}
    ]
    hanoi = [{"title": "Giám đốc Sở Y tế", "organization": "Sở Y tế thành phố Hà Nội", "date": "2021-01-01"}]
    people = link_people(
        [
            ("a", "id1", "Nguyễn Văn Tuấn", bentre),
            ("b", "id2", "Nguyễn Văn Tuấn", hanoi),
            ("c", "id3", "Nguyễn Văn Tuấn", []),
        ]
    )
    assert sorted(len(p.articles) for p in people) == [1, 1, 1]


def test_store_search_entity_filter_tells_namesakes_apart(db: Path) -> None:
    from baochi.search import Filters, search

    with Store(db) as store:
        rows = {r["canonical"]: r["id"] for r in store.entities.top("ORG", 50)}
        bentre = rows["Thành ủy thành phố Bến Tre"]
        hanoi = next(i for name, i in rows.items() if name.startswith("Sở Y tế"))

        def ids(entity: str, **kw: str) -> set[str]:
            hits = search(store, "Nguyễn Văn Tuấn", filters=Filters(entity=entity, **kw))
            return {h.id for h in hits}

        assert ids(bentre) == {"a1", "a2"}
        assert ids(hanoi) == {"a3"}
        assert ids(bentre, since="2021-05") == {"a2"}
        assert ids("0123456789abcdef0123") == set()
        with pytest.raises(QueryError):
            ids("--")


def test_ingest_hook_fills_entity_tables(tmp_path: Path) -> None:
    from baochi.engines.local import run_into
    from baochi.writers.store import StoreWriter

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(
        "Hội nghị Thành ủy Bến Tre\n\nBí thư Thành ủy Nguyễn Văn Tuấn chủ trì hội nghị.\n", encoding="utf-8"
    )
    with Store(tmp_path / "i.db") as store:
        run_into(StoreWriter(store), [str(src)])
        persons = store.conn.execute("SELECT DISTINCT person FROM positions").fetchall()
        mentions = store.conn.execute("SELECT COUNT(*) FROM entity_mentions").fetchone()[0]
    assert persons == [("Nguyễn Văn Tuấn",)]
    assert mentions >= 2
