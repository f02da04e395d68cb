"""Hand-made sentences (licence-clean, invented) for the kinds of posts that failed on unseen news: several
posts in one apposition, organs named inside a title, the organ of a party secretary from the story's place,
abbreviated organs, schools named after a person, courts, business, foreign officials."""

from __future__ import annotations

import pytest

from baochi.enrich.step import enrich_article
from baochi.model import Article


def posts(title: str, *body: str) -> set[tuple[str, str, str | None]]:
    a = enrich_article(Article(id="t", source="t", title=title, body=list(body), published_at="2017-02-06"))
    return {(p["person"], p["title"], p["organization"]) for p in a.positions}


def test_several_posts_in_one_apposition() -> None:
    got = posts(
        "Quảng Nam họp",
        "Ông Nguyễn Văn An, Ủy viên Ban Thường vụ Tỉnh ủy, Phó Chủ tịch Thường trực UBND tỉnh Quảng Nam, "
        "chủ trì.",
    )
    assert ("Nguyễn Văn An", "Ủy viên Ban Thường vụ Tỉnh ủy", "Ban Thường vụ Tỉnh ủy Quảng Nam") in got
    assert (
        "Nguyễn Văn An",
        "Phó Chủ tịch Thường trực UBND tỉnh Quảng Nam",
        "Ủy ban nhân dân tỉnh Quảng Nam",
    ) in got


def test_party_secretary_organ_from_the_story_place() -> None:
    got = posts(
        "Huyện Văn Yên ra quân",
        "Sáng 6/2, huyện Văn Yên tổ chức lễ ra quân trồng rừng.",
        "Phó Bí thư Phạm Văn Quý phát biểu tại buổi lễ.",
    )
    assert ("Phạm Văn Quý", "Phó Bí thư", "Huyện ủy huyện Văn Yên") in got


def test_party_secretary_of_a_foreign_name_gets_no_vietnamese_organ() -> None:
    got = posts("Huyện Văn Yên", "Tại huyện Văn Yên, Bí thư Tom Smith của một công đoàn Anh phát biểu.")
    assert all(org is None for _, _, org in got)


@pytest.mark.parametrize(
    ("sentence", "post"),
    [
        (
            "Chủ tịch UBTW MTTQ Việt Nam Trần Văn Lâm phát biểu.",
            ("Trần Văn Lâm", "Chủ tịch UBTW MTTQ Việt Nam", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"),
        ),
        (
            "Hiệu trưởng Trường THPT Chu Văn An Nguyễn Văn Bình cho biết.",
            (
                "Nguyễn Văn Bình",
                "Hiệu trưởng Trường THPT Chu Văn An",
                "Trường Trung học phổ thông Chu Văn An",
            ),
        ),
        (
            "Tổng Giám đốc Vingroup Nguyễn Việt Quang dự lễ.",
            ("Nguyễn Việt Quang", "Tổng Giám đốc Vingroup", "Vingroup"),
        ),
        ("Thẩm phán Trần Thị Lan đọc bản án.", ("Trần Thị Lan", "Thẩm phán", None)),
        (
            "Chánh án TAND tỉnh Bình Dương Nguyễn Văn Lợi dự.",
            ("Nguyễn Văn Lợi", "Chánh án TAND tỉnh Bình Dương", "Tòa án nhân dân tỉnh Bình Dương"),
        ),
        ("Ngoại trưởng Nga Sergei Lavrov tới Hà Nội.", ("Sergei Lavrov", "Ngoại trưởng Nga", None)),
        (
            "Bộ trưởng Ngoại giao Nhật Bản Fumio Kishida tới Hà Nội.",
            ("Fumio Kishida", "Bộ trưởng Ngoại giao Nhật Bản", "Bộ Ngoại giao Nhật Bản"),
        ),
    ],
)
def test_post_kinds(sentence: str, post: tuple[str, str, str | None]) -> None:
    assert post in posts("Tin", sentence)


def test_a_brand_word_after_a_title_is_no_organisation_when_no_name_follows() -> None:
    # "Tổng thống Obama": a foreign name after a title is the holder, not an organisation
    got = posts("Tin", "Tổng thống Barack Obama phát biểu tại Nhà Trắng.")
    assert ("Barack Obama", "Tổng thống", None) in got
