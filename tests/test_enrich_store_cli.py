"""Entities in the store and the people/person/entities commands, and search --entity."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from baochi.cli import main
from baochi.enrich.linking import link_people
from baochi.enrich.step import enrich_article
from baochi.model import Article
from baochi.store import Store


def article(aid: str, title: str, body: str, date: str) -> Article:
    a = Article(id=aid, source=f"{aid}.txt", title=title, body=[body], published_at=date)
    return enrich_article(a)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "t.db"
    with Store(path) as store:
        store.put(
            article(
                "a1",
                "Hội nghị Thành ủy TP. Bến Tre",
                "Bí thư Thành ủy Nguyễn Văn Tuấn chủ trì hội nghị.",
                "2021-04-19T10:00:00+07:00",
            )
        )
        store.put(
            article(
                "a2",
                "Thành ủy TP. Bến Tre sơ kết",
                "Bí thư Thành ủy Nguyễn Văn Tuấn phát biểu.",
                "2021-07-01T10:00:00+07:00",
            )
        )
        store.put(
            article(
                "a3",
                "Sở Y tế Hà Nội kiểm tra",
                "Giám đốc Sở Y tế Hà Nội Nguyễn Văn Tuấn kiểm tra khách sạn.",
                "2021-05-02T10:00:00+07:00",
            )
        )
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
        store.put(enrich_article(a))
        assert store.conn.execute("SELECT COUNT(*) FROM positions").fetchone()[0] == before


def test_linking_merges_by_shared_organization() -> None:
    posts = [{"title": "Bộ trưởng Bộ Công an", "organization": "Bộ Công an", "date": "2020-01-01"}]
    people = link_people(
        [("a", "id1", "Tô Lâm", posts), ("b", "id2", "Tô Lâm", posts), ("c", "id3", "Tô Lâm", [])]
    )
    assert sorted(len(p.articles) for p in people) == [1, 2]
