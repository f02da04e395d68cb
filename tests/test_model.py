from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from baochi.model import Article, Byline, Dateline, Outlet, stable_id


def _article() -> Article:
    return Article(
        id=stable_id("x"),
        source="a.txt",
        outlet=Outlet(name="Báo Đồng Khởi", domain="baodongkhoi.vn"),
        title="Hội nghị",
        dateline=Dateline(prefix="BDK.VN", date="2021-04-19"),
        lead="Ngày 19-4-2021",
        body=["a", "b"],
        byline=Byline(raw="Tin, ảnh: Thu Huyền", roles=["text", "photo"]),
        authors=["Thu Huyền"],
    )


def test_model_to_dict_has_every_contract_field() -> None:
    d = _article().to_dict()
    for name in (
        "id source source_offset page_type url outlet title published_at dateline lead body captions "
        "authors byline attribution boilerplate language content_hash raw_sha256"
    ).split():
        assert name in d
    assert d["outlet"] == {"name": "Báo Đồng Khởi", "domain": "baodongkhoi.vn"}
    assert d["byline"] == {"raw": "Tin, ảnh: Thu Huyền", "roles": ["text", "photo"]}


def test_model_round_trips_through_json() -> None:
    a = _article()
    assert Article.from_dict(json.loads(json.dumps(a.to_dict()))) == a


@given(st.lists(st.text(), max_size=5), st.one_of(st.none(), st.text()))
def test_model_round_trip_property(body: list[str], lead: str | None) -> None:
    a = Article(id="x", source="s", body=body, lead=lead)
    assert Article.from_dict(json.loads(json.dumps(a.to_dict()))) == a
