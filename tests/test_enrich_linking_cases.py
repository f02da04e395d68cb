"""Hand-made cases (licence-clean, invented) for names cut out of longer names and for ids across a store.

Each case is a kind seen on real news: a country whose name holds an organisation's head word (``Tây Ban
Nha``, ``Đài Loan``), a one-word country name that is a given name after a form of address (``bầu Đức``,
``chị Nga``) or the first syllable of a word (``Pháp luật``, ``Ý kiến``, ``Đức Mẹ``), districts and wards
of the story's city that look like two-word names (``Hà Đông``, ``Kim Mã``), a foreign person keeping one
id whatever the story's province, and titles a cue verb gives to the name before them.
"""

from __future__ import annotations

import pytest

from baochi.enrich.step import enrich_article
from baochi.model import Article


def run(title: str, *body: str) -> Article:
    return enrich_article(
        Article(id="t", source="t", title=title, body=list(body), published_at="2017-07-01")
    )


def found(a: Article, typ: str) -> set[str]:
    return {e["text"] for e in a.entities if e["type"] == typ}


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("Một nhóm nghiên cứu của Tây Ban Nha công bố bảng xếp hạng.", "Tây Ban Nha"),
        ("Anh học tại một trường đại học ở Đài Loan từ năm 2010.", "Đài Loan"),
        ("Đài Loan và Nhật Bản ký thỏa thuận mới.", "Đài Loan"),
    ],
)
def test_country_not_cut_into_an_organisation(sentence: str, place: str) -> None:
    a = run("Tin", sentence)
    assert place in found(a, "LOC")
    assert not any(place.split(" ")[-1] in o or place in o for o in found(a, "ORG"))


@pytest.mark.parametrize(
    "sentence",
    [
        "Ý kiến của các chuyên gia rất khác nhau.",
        "Pháp luật quy định rõ trách nhiệm của doanh nghiệp.",
        "Người dân đến cầu nguyện trước tượng Đức Mẹ.",
        "Đức Giáo hoàng gửi thông điệp tới các tín hữu.",
        "Anh hùng Lao động Trần Văn Sơn về thăm quê.",
        "Sau trận đấu, bầu Đức không trả lời phỏng vấn.",
        "Chị Nga cho biết gia đình vừa thu hoạch xong.",
    ],
)
def test_one_word_country_inside_another_phrase_is_no_place(sentence: str) -> None:
    assert not found(run("Tin", sentence), "LOC")


def test_country_still_found_after_a_title_and_alone() -> None:
    a = run("Tin", "Thủ tướng Đức gặp Tổng thống Pháp. Nga và Mỹ chưa bình luận.")
    assert {"Đức", "Pháp", "Nga", "Mỹ"} <= found(a, "LOC")


def test_wards_and_districts_of_the_story_city_are_places_not_persons() -> None:
    a = run(
        "Xe buýt nhanh ở Hà Nội",
        "Tuyến xe buýt nhanh từ Bến xe Kim Mã tới Bến xe Yên Nghĩa đông khách. Người dân Hà Đông vui mừng.",
        "Ông Hà Văn Đông, một hành khách, cho biết.",
    )
    assert {"Kim Mã", "Yên Nghĩa", "Hà Đông"} <= found(a, "LOC")
    assert found(a, "PER") == {"Hà Văn Đông"}


def test_a_cued_two_word_name_stays_a_person() -> None:
    a = run("Tin Hà Nội", "Thành phố Hà Nội khen thưởng. Chị Kim Liên, một giáo viên, nhận bằng khen.")
    assert "Kim Liên" in found(a, "PER")


def test_foreign_person_has_one_id_whatever_the_story_province() -> None:
    a = run("Tin Đà Nẵng", "Tại Đà Nẵng, Tổng thống Mỹ Donald Trump phát biểu.")
    b = run("Tin Hà Nội", "Người dân Hà Nội theo dõi Donald Trump trên truyền hình.")
    ids = {e["id"] for art in (a, b) for e in art.entities if e["text"] == "Donald Trump"}
    assert len(ids) == 1


def test_vietnamese_namesakes_of_two_provinces_keep_two_ids() -> None:
    a = run("Tin", "Bí thư Tỉnh ủy Bến Tre Nguyễn Văn Tuấn phát biểu.")
    b = run("Tin", "Chủ tịch UBND tỉnh Lào Cai Nguyễn Văn Tuấn phát biểu.")
    ids = {e["id"] for art in (a, b) for e in art.entities if e["text"] == "Nguyễn Văn Tuấn"}
    assert len(ids) == 2


def test_titles_a_cue_verb_says_of_the_name_before_are_not_the_next_names() -> None:
    a = run("Tin", "Ngày tướng James Mattis nhậm chức Bộ trưởng Quốc phòng Mỹ, Donald Trump ký sắc lệnh.")
    holders = {(p["person"], p["title"]) for p in a.positions}
    assert ("James Mattis", "Bộ trưởng Quốc phòng Mỹ") in holders
    assert not any(person == "Donald Trump" for person, _ in holders)


def test_titles_then_comma_then_name_still_a_post() -> None:
    a = run("Tin", "Theo Bộ trưởng Tài chính Đức, Wolfgang Schaeuble, kinh tế đang phục hồi.")
    assert ("Wolfgang Schaeuble", "Bộ trưởng Tài chính Đức") in {
        (p["person"], p["title"]) for p in a.positions
    }
