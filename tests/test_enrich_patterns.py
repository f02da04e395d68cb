"""Small hand-made cases for every pattern of the enrichment step (persons, organs, places, posts, events)."""

from __future__ import annotations

import socket
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baochi.enrich.step import enrich_article
from baochi.model import Article


def run(title: str, *body: str, date: str | None = "2021-04-19") -> Article:
    return enrich_article(Article(id="t", source="t", title=title, body=list(body), published_at=date))


def texts(a: Article, typ: str) -> set[str]:
    return {e["text"] for e in a.entities if e["type"] == typ}


def canon(a: Article, text: str) -> str:
    return next(e["canonical"] for e in a.entities if e["text"] == text)


@pytest.mark.parametrize(
    ("sentence", "persons"),
    [
        ("Bí thư Thành ủy Nguyễn Văn Tuấn phát biểu.", {"Nguyễn Văn Tuấn"}),
        (
            "Bí thư Tỉnh ủy tỉnh Hà Nam Lê Thị Thủy và ông Trần Xuân Dưỡng đi kiểm tra.",
            {"Lê Thị Thủy", "Trần Xuân Dưỡng"},
        ),
        ("Du khách tử vong là Stephen John Scott, quốc tịch Australia.", {"Stephen John Scott"}),
        ("Thủ tướng Hun Sen gặp Tổng thống Mỹ Donald Trump.", {"Hun Sen", "Donald Trump"}),
        ("Thượng tướng GS.TS Tô Lâm dự lễ.", {"Tô Lâm"}),
        ("NSND Thanh Vân biểu diễn.", {"Thanh Vân"}),
        ("Ông Lê Hồng Thắng cho biết.", {"Lê Hồng Thắng"}),
        ("Quan tâm khắc phục hạn chế.", set()),
    ],
)
def test_persons_found(sentence: str, persons: set[str]) -> None:
    assert texts(run("Tin", sentence), "PER") == persons


def test_persons_short_name_links_to_full_name() -> None:
    a = run("Tin", "Bộ trưởng Bộ NN&PTNT Lê Minh Hoan phát biểu.", "Theo ông Hoan, cần chủ động.")
    short = [e for e in a.entities if e["type"] == "PER" and e["text"] == "Hoan"]
    full = [e for e in a.entities if e["type"] == "PER" and e["text"] == "Lê Minh Hoan"]
    assert short and short[0]["canonical"] == "Lê Minh Hoan" and short[0]["id"] == full[0]["id"]


def test_persons_byline_paragraph_skipped() -> None:
    assert texts(run("Tin", "Sở Y tế vừa họp.", "Hoàng Dương"), "PER") == set()


@pytest.mark.parametrize(
    ("title", "sentence", "org", "canonical"),
    [
        (
            "Hội nghị Thành ủy TP. Bến Tre",
            "Bí thư Thành ủy phát biểu.",
            "Thành ủy",
            "Thành ủy thành phố Bến Tre",
        ),
        (
            "Tin Hà Nam",
            "Sở Y tế tỉnh Hà Nam họp. Công an tỉnh phối hợp.",
            "Công an tỉnh",
            "Công an tỉnh Hà Nam",
        ),
        (
            "Tin",
            "Phó Chủ tịch UBND tỉnh Quảng Ninh chỉ đạo.",
            "UBND tỉnh Quảng Ninh",
            "Ủy ban nhân dân tỉnh Quảng Ninh",
        ),
        (
            "Tin Hà Nội",
            "Chủ tịch UBND TP Hà Nội ký. UBND TP giao.",
            "UBND TP",
            "Ủy ban nhân dân thành phố Hà Nội",
        ),
        (
            "Tin",
            "Sở VHTTDL tỉnh Yên Bái cho biết.",
            "Sở VHTTDL tỉnh Yên Bái",
            "Sở Văn hóa, Thể thao và Du lịch tỉnh Yên Bái",
        ),
        ("Tin", "Thứ trưởng Bộ Công Thương chủ trì.", "Bộ Công Thương", "Bộ Công Thương"),
        ("Tin", "Bộ Quốc phòng Trung Quốc cho biết.", "Bộ Quốc phòng Trung Quốc", "Bộ Quốc phòng Trung Quốc"),
        (
            "Tin",
            "Công ty TNHH Hạ Long Biển Ngọc do ông A quản lý.",
            "Công ty TNHH Hạ Long Biển Ngọc",
            "Công ty trách nhiệm hữu hạn Hạ Long Biển Ngọc",
        ),
        ("Tin", "Theo TTXVN, tin được xác nhận.", "TTXVN", "Thông tấn xã Việt Nam"),
        ("Tin", "Phát huy vai trò của MTTQ các cấp.", "MTTQ", "Mặt trận Tổ quốc Việt Nam"),
        ("Tin", "VKSND Tối cao kháng nghị.", "VKSND Tối cao", "Viện kiểm sát nhân dân tối cao"),
        (
            "Tin",
            "Bệnh viện Đa khoa huyện Phú Bình tiếp nhận.",
            "Bệnh viện Đa khoa huyện Phú Bình",
            "Bệnh viện Đa khoa huyện Phú Bình",
        ),
    ],
)
def test_organizations_canonical(title: str, sentence: str, org: str, canonical: str) -> None:
    a = run(title, sentence)
    assert org in texts(a, "ORG")
    assert canon(a, org) == canonical


@pytest.mark.parametrize(
    ("sentence", "place", "level", "code"),
    [
        ("Hội nghị tại TP. Bến Tre.", "TP. Bến Tre", "district", "829"),
        ("Trú tại xã Đồng Lạc, huyện Nam Sách, tỉnh Hải Dương.", "huyện Nam Sách", "district", "291"),
        ("Trú tại xã Đồng Lạc, huyện Nam Sách, tỉnh Hải Dương.", "tỉnh Hải Dương", "province", "30"),
        ("Ủy ban nhân dân phường Đa Kao, Quận 1, TP.HCM.", "Quận 1", "district", "760"),
        ("Đoàn công tác đến Hà Nội.", "Hà Nội", "province", "01"),
    ],
)
def test_places_admin_codes(sentence: str, place: str, level: str, code: str) -> None:
    a = run("Tin", sentence)
    e = next(e for e in a.entities if e["type"] == "LOC" and e["text"] == place)
    assert e["admin"]["level"] == level and e["admin"]["code"] == code


def test_places_linked_to_2025_units() -> None:
    a = run("Hội nghị Ban Chấp hành Đảng bộ TP. Bến Tre", "Tin.")
    e = next(e for e in a.entities if e["text"] == "TP. Bến Tre")
    assert e["admin"]["after_2025"]["province"] == "Tỉnh Vĩnh Long"
    assert e["admin"]["after_2025"]["wards"]


@pytest.mark.parametrize(
    ("sentence", "countries"),
    [("Trung Quốc và Nhật Bản tranh chấp tại Biển Hoa Đông.", {"Trung Quốc", "Nhật Bản", "Biển Hoa Đông"})],
)
def test_places_countries_and_world(sentence: str, countries: set[str]) -> None:
    assert countries <= texts(run("Tin", sentence), "LOC")


def posts(a: Article) -> set[tuple[str, str, Any]]:
    return {(p["person"], p["title"], p["organization"]) for p in a.positions}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Thượng tướng Tô Lâm - Ủy viên Bộ Chính trị, Bộ trưởng Bộ Công an phát biểu.",
            {
                ("Tô Lâm", "Thượng tướng", None),
                (
                    "Tô Lâm",
                    "Ủy viên Bộ Chính trị",
                    "Bộ Chính trị Ban Chấp hành Trung ương Đảng Cộng sản Việt Nam",
                ),
                ("Tô Lâm", "Bộ trưởng Bộ Công an", "Bộ Công an"),
            },
        ),
        ("Thủ tướng Phạm Minh Chính chỉ đạo.", {("Phạm Minh Chính", "Thủ tướng", "Chính phủ")}),
        (
            "Ông Phan Sào Nam, cựu Chủ tịch HĐQT kiêm Giám đốc Công ty VTC Online bị bắt.",
            {
                # the board of the company named by the post it is held with (as the entity gold writes it)
                ("Phan Sào Nam", "cựu Chủ tịch HĐQT", "Công ty VTC Online"),
                ("Phan Sào Nam", "Giám đốc Công ty VTC Online", "Công ty VTC Online"),
            },
        ),
        (
            "Ông Vũ Văn Diện - Phó Chủ tịch UBND tỉnh Quảng Ninh chỉ đạo.",
            {("Vũ Văn Diện", "Phó Chủ tịch UBND tỉnh Quảng Ninh", "Ủy ban nhân dân tỉnh Quảng Ninh")},
        ),
    ],
)
def test_positions_split_and_resolved(sentence: str, expected: set[tuple[str, str, Any]]) -> None:
    assert posts(run("Tin", sentence)) == expected


def test_positions_carry_article_date_and_place() -> None:
    a = run("Hội nghị Thành ủy TP. Bến Tre", "Bí thư Thành ủy Nguyễn Văn Tuấn chủ trì.")
    (p,) = a.positions
    assert p["date"] == "2021-04-19" and p["place"] == "Bến Tre"


def test_events_meeting_congress_election_campaign() -> None:
    a = run(
        "Hội nghị lần thứ 6 Ban Chấp hành Đảng bộ TP. Bến Tre",
        "Ngày 19-4-2021, Bí thư Thành ủy Nguyễn Văn Tuấn chủ trì hội nghị.",
        "Thực hiện Nghị quyết Đại hội XIII của Đảng, sau bầu cử đại biểu Quốc hội khóa XV, "
        "đẩy mạnh phong trào thi đua “Đồng khởi mới”.",
    )
    by_type = {e["type"]: e for e in a.events}
    meeting = by_type["meeting"]
    assert meeting["number"] == 6 and meeting["chair"] == "Nguyễn Văn Tuấn"
    assert meeting["organization"] == "Ban Chấp hành Đảng bộ thành phố Bến Tre"
    assert by_type["congress"]["number"] == 13 and by_type["congress"]["text"] == "Đại hội XIII của Đảng"
    assert by_type["election"]["number"] == 15
    assert by_type["campaign"]["text"] == "Đồng khởi mới"


def test_enrich_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Place resolution (incl. 2025 units) never opens a socket (vietnamadminunits' geocoder must not run)."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    a = run("Tin", "Trú tại phường Đa Kao, Quận 1, TP.HCM và xã Đạo Lý, huyện Lý Nhân, tỉnh Hà Nam.")
    assert all("admin" in e for e in a.entities if e["type"] == "LOC")
    # the package's converter (the module that geocodes online) is never even imported
    assert "vietnamadminunits.converter" not in sys.modules


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Bí thư",
                "Tỉnh ủy",
                "Nguyễn Văn",
                "Tuấn",
                "tỉnh",
                "Hà Nam",
                "UBND",
                "TP.",
                ",",
                "ông",
                "Sở Y tế",
                "x",
            ]
        ),
        max_size=14,
    )
)
def test_entities_offsets_point_at_their_text(words: list[str]) -> None:
    text = " ".join(words)
    a = run(text, text)
    for e in a.entities:
        field = a.title if e["field"] == "title" else a.body[int(e["field"][5:-1])]
        assert field is not None and field[e["start"] : e["end"]] == e["text"]


@pytest.mark.parametrize(
    ("title", "sentence", "place"),
    [
        ("Điện lực Gia Lai", "Đường dây đi qua Pleiku và các huyện của Gia Lai.", "Pleiku"),
        ("Tin", "Mưa lớn ở miền Trung và Tây Nguyên.", "miền Trung"),
    ],
)
def test_places_bare_district_and_regions(title: str, sentence: str, place: str) -> None:
    assert place in texts(run(title, sentence), "LOC")


def test_persons_not_years_of_the_cycle() -> None:
    assert texts(run("Tin", "Lễ hội năm Đinh Dậu được tổ chức."), "PER") == set()


def test_positions_plural_title_and_seat() -> None:
    a = run(
        "Tin",
        "Các tổng thống Abraham Lincoln, James Garfield bị ám sát.",
        "Đại sứ Mỹ tại Campuchia William Heidt phát biểu.",
    )
    got = {(p["person"], p["title"]) for p in a.positions}
    assert ("Abraham Lincoln", "tổng thống") in got and ("James Garfield", "tổng thống") in got
    assert ("William Heidt", "Đại sứ Mỹ tại Campuchia") in got


def test_positions_implied_organ_only_for_vietnamese_names() -> None:
    a = run("Tin", "Thủ tướng Hun Sen tiếp đoàn.")
    assert posts(a) == {("Hun Sen", "Thủ tướng", None)}


def test_persons_foreign_single_names_but_not_initials() -> None:
    a = run("Tin", "Em gái Rosemary của ông bị bệnh.", "Bác sĩ V.P. và anh C. cho biết.")
    assert texts(a, "PER") == {"Rosemary"}
