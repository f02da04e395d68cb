"""Typed Entity / Position / Event in the record (same JSON, format v1 round-trips exactly) and one walker
of field addresses (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from baochi.api import extract_article, read
from baochi.lang.step import field_text
from baochi.model import Article, Entity, Event, Position

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seed(seed_document: Path) -> Article:
    return extract_article(seed_document.read_bytes(), source=str(seed_document))


def test_model_results_are_typed(seed: Article) -> None:
    assert seed.entities and all(isinstance(e, Entity) for e in seed.entities)
    assert seed.positions and all(isinstance(p, Position) for p in seed.positions)
    assert seed.events and all(isinstance(e, Event) for e in seed.events)
    (post,) = seed.positions
    assert (post.person, post.title, post.date) == ("Nguyễn Văn Tuấn", "Bí thư Thành ủy", "2021-04-19")
    meeting = next(e for e in seed.events if e.type == "meeting")
    assert (meeting.number, meeting.chair) == (6, "Nguyễn Văn Tuấn")


def test_model_results_read_like_their_json(seed: Article) -> None:
    """Scripts written against the dict form keep working: e["type"], e.get(...), "admin" in e."""
    city = next(e for e in seed.entities if e.text == "TP. Bến Tre")
    assert city["type"] == "LOC" and city.get("kind") == "district" and "admin" in city
    org = next(e for e in seed.entities if e.type == "ORG")
    assert "admin" not in org and org.get("admin") is None and "country" not in set(org.keys())
    with pytest.raises(KeyError):
        org["admin"]
    assert seed.positions[0]["person_id"] == seed.positions[0].person_id


def test_model_json_round_trips_exactly(seed: Article) -> None:
    records = [seed, *read(ROOT / "samples" / "vfnd" / "records", steps="all")]
    for article in records:
        text = json.dumps(article.to_dict(), ensure_ascii=False)
        again = Article.from_dict(json.loads(text))
        assert again == article
        assert json.dumps(again.to_dict(), ensure_ascii=False) == text


def test_model_unknown_keys_of_results_are_kept() -> None:
    d = {
        "id": "x",
        "source": "s",
        "entities": [
            {
                "type": "PER",
                "text": "A",
                "field": "title",
                "start": 0,
                "end": 1,
                "canonical": "A",
                "id": "p",
                "confidence": 0.5,
            }
        ],
        "events": [{"type": "meeting", "text": "Hội nghị", "future_key": [1]}],
    }
    out = Article.from_dict(d).to_dict()
    assert out["entities"] == d["entities"] and list(out["entities"][0]) == list(d["entities"][0])
    assert out["events"][0]["future_key"] == [1] and out["events"][0]["type"] == "meeting"


def test_model_one_walker_resolves_every_span_address(seed: Article) -> None:
    """Every span of the record -- entities (the dateline too), spelling flags, time expressions --
    points at its text through the one walker; the language layer's helper agrees with it."""
    names = [name for name, _ in seed.text_fields()]
    assert names[:3] == ["title", "dateline", "lead"] and "body[2]" in names and "captions[0]" in names
    spans = [(e.field, e.start, e.end, e.text) for e in seed.entities]
    spans += [(s["field"], s["start"], s["end"], s["text"]) for s in seed.spelling + seed.time_expressions]
    assert any(f == "dateline" for f, *_ in spans)
    for address, start, end, text in spans:
        whole = seed.field_text(address)
        assert whole is not None and whole[start:end] == text, address
        assert field_text(seed, address) == whole
    assert seed.field_text("body[99]") is None and seed.field_text("nonsense") is None
