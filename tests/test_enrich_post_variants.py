"""Variants of one post merged in a person's timeline (hand-made records, licence-clean)."""

from __future__ import annotations

from typing import Any

from baochi.enrich.linking import link_people
from baochi.enrich.post_variants import base_title


def post(title: str, org: str | None, place: str | None = None, date: str = "2017-07-01") -> dict[str, Any]:
    return {"title": title, "organization": org, "place": place, "date": date}


def timeline(*posts: dict[str, Any]) -> list[dict[str, Any]]:
    records = [(f"a{k}", "id", "Trần Văn Hùng", [p]) for k, p in enumerate(posts)]
    (person,) = link_people(records)
    return person.timeline()


UB = "Ủy ban nhân dân thành phố Hải Phòng"


def test_post_variants_base_title() -> None:
    assert base_title("Chủ tịch UBND TP Hải Phòng") == "chủ tịch"
    assert base_title("Phó Chủ tịch UBND TP") == "phó chủ tịch"
    assert base_title("nguyên Bộ trưởng Bộ Y tế") == "nguyên bộ trưởng"
    assert base_title("tổng thống Mỹ") == "tổng thống"


def test_post_variants_spellings_short_forms_and_typos_are_one_post() -> None:
    items = timeline(
        post("Chủ tịch UBND TP Hải Phòng", UB),
        post("Chủ tịch UBND TP Hải Phòng", UB),
        post("Chủ tịch UBND thành phố Hải Phòng", UB),
        post("Chủ tịch UBND TP", UB),  # cut short, the organ resolved from the story
        post("Chủ tịch UBDN TP Hải Phòng", "UBDN TP Hải Phòng"),  # a typo of the organ
        post("Chủ tịch HP", "HP"),  # an abbreviation of the city
        post("Chủ tịch", None),  # the title alone
    )
    assert len(items) == 1
    (item,) = items
    assert item["title"] == "Chủ tịch UBND TP Hải Phòng" and item["organization"] == UB
    assert "Chủ tịch UBDN TP Hải Phòng" in item["variants"] and "Chủ tịch" in item["variants"]
    assert item["count"] == 7 and len(item["articles"]) == 7


def test_post_variants_deputy_and_other_organs_stay_apart() -> None:
    items = timeline(
        post("Chủ tịch UBND TP Hải Phòng", UB, date="2017-01-01"),
        post("Phó Chủ tịch UBND TP Hải Phòng", UB, date="2015-01-01"),
        post("Chủ tịch HĐND TP Hải Phòng", "Hội đồng nhân dân thành phố Hải Phòng"),
        post("Bí thư Thành ủy Hải Phòng", "Thành ủy Hải Phòng"),
    )
    assert len(items) == 4


def test_post_variants_foreign_post_by_country() -> None:
    items = timeline(
        post("Tổng thống Mỹ", None, "Mỹ"),
        post("Tổng thống Mỹ", None, "Mỹ"),
        post("tổng thống Mỹ", None, "Mỹ"),
        post("Tổng thống Hoa Kỳ", None, "Hoa Kỳ"),
        post("Tổng thống", None),
        post("Tổng thống Pháp", None, "Pháp"),
    )
    titles = sorted((i["title"], i["count"]) for i in items)
    assert titles == [("Tổng thống Mỹ", 5), ("Tổng thống Pháp", 1)]


def test_post_variants_short_organisation_joins_the_full_one() -> None:
    items = timeline(
        post("Chủ tịch UBND", "Ủy ban nhân dân"),
        post("Chủ tịch UBND TP Hải Phòng", UB),
    )
    assert [(i["organization"], i["count"]) for i in items] == [(UB, 2)]
