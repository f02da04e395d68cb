"""Hand-made cases (invented names) for posts stated away from the name, and for what must not be a post."""

from __future__ import annotations

from typing import Any

import pytest

from baochi.enrich.step import enrich_article
from baochi.model import Article


def posts(*body: str) -> set[tuple[str, str, Any]]:
    a = enrich_article(Article(id="t", source="t", title="Tin", body=list(body), published_at="2017-02-06"))
    return {(p["person"], p["title"], p["organization"]) for p in a.positions}


def persons(*body: str) -> set[str]:
    a = enrich_article(Article(id="t", source="t", title="Tin", body=list(body)))
    return {e["text"] for e in a.entities if e["type"] == "PER"}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a cue verb after the name, past adverbs and a bracketed aside
        (
            "Tại kỳ họp, ông Hoàng Minh Khôi được bầu làm Chủ tịch HĐND tỉnh Bến Tre.",
            {("Hoàng Minh Khôi", "Chủ tịch HĐND tỉnh Bến Tre", "Hội đồng nhân dân tỉnh Bến Tre")},
        ),
        (
            "Bà Đỗ Thị Lan hiện là Phó Giám đốc Bệnh viện Bạch Mai.",
            {("Đỗ Thị Lan", "Phó Giám đốc Bệnh viện Bạch Mai", "Bệnh viện Bạch Mai")},
        ),
        (
            "Ông Vũ Quang Hải thôi giữ chức Bí thư Quận ủy để nhận nhiệm vụ mới.",
            {("Vũ Quang Hải", "Bí thư Quận ủy", "Quận ủy")},
        ),
        (
            "Peter Brown (sinh năm 1950), lúc đó là Bộ trưởng tư pháp Mỹ, phản đối.",
            {("Peter Brown", "Bộ trưởng tư pháp Mỹ", "Bộ Tư pháp Mỹ")},
        ),
        # "do X làm Trưởng đoàn": the delegation led is the post's organisation
        (
            "Đoàn đại biểu quân sự cấp cao Lào do Đại tướng Somsak Phan làm Trưởng đoàn tới thăm.",
            {
                ("Somsak Phan", "Đại tướng", None),
                ("Somsak Phan", "Trưởng đoàn", "Đoàn đại biểu quân sự cấp cao Lào"),
            },
        ),
        # qualifiers and commas between the titles and the name
        ("Tổng thống đương nhiệm Adam Clark phát biểu.", {("Adam Clark", "Tổng thống", None)}),
        (
            "Năm 2012, Đại sứ Anh tại ASEAN lúc đó, Mark Hill nói rằng việc này khó.",
            {("Mark Hill", "Đại sứ Anh tại ASEAN", None)},
        ),
        (
            "Chủ tịch UBND tỉnh Quảng Nam là ông Phạm Văn Kiên.",
            {("Phạm Văn Kiên", "Chủ tịch UBND tỉnh Quảng Nam", "Ủy ban nhân dân tỉnh Quảng Nam")},
        ),
        ("Mỏ dầu bị đóng. Chủ tịch NOC, Omar Salem cho biết.", {("Omar Salem", "Chủ tịch NOC", "NOC")}),
        # units named after a head title, acronyms that name an organisation
        (
            "Ông Cao Văn Lộc – Trưởng ban Nghi lễ Đền Cổ Loa, cho biết.",
            {("Cao Văn Lộc", "Trưởng ban Nghi lễ Đền Cổ Loa", "Ban Nghi lễ Đền Cổ Loa")},
        ),
        (
            "Thượng tá Lý Văn Tài, Trưởng phòng CSGT Công an tỉnh Hòa Bình cho biết.",
            {
                ("Lý Văn Tài", "Thượng tá", None),
                ("Lý Văn Tài", "Trưởng phòng CSGT Công an tỉnh Hòa Bình", "Phòng CSGT Công an tỉnh Hòa Bình"),
            },
        ),
        (
            "Có mặt Trưởng Ban Tổ chức Thành ủy Trần Văn Hòa.",
            {("Trần Văn Hòa", "Trưởng Ban Tổ chức Thành ủy", "Ban Tổ chức Thành ủy")},
        ),
        (
            "Ông Đinh Văn Tú - Giám đốc Ban quản lý dự án các công trình điện miền Bắc (NPMB) cho hay.",
            {
                (
                    "Đinh Văn Tú",
                    "Giám đốc Ban quản lý dự án các công trình điện miền Bắc (NPMB)",
                    "Ban quản lý dự án các công trình điện miền Bắc",
                )
            },
        ),
        # deputies of every post keep the principal's organ; "của" + organisation
        ("Phó thủ tướng Lê Văn Bình dự lễ.", {("Lê Văn Bình", "Phó thủ tướng", "Chính phủ")}),
        (
            "Ông Hà Văn Nam, Phó Trưởng khoa Ngữ văn, cho biết.",
            {("Hà Văn Nam", "Phó Trưởng khoa Ngữ văn", "Khoa Ngữ văn")},
        ),
        (
            "Ông Lâm Quốc Vinh, Ủy viên Ủy ban Pháp luật của Quốc hội, cho biết.",
            {("Lâm Quốc Vinh", "Ủy viên Ủy ban Pháp luật của Quốc hội", "Ủy ban Pháp luật của Quốc hội")},
        ),
        # what must not become a post
        ("Ông Lê Văn Hưng làm việc với Giám đốc Sở Xây dựng.", set()),
        ("Ông Trần Văn Nam từng là ứng cử viên cho vị trí này.", set()),
        ("Ứng viên Tổng thống Pháp Paul Morel có thể phải dừng cuộc đua.", set()),
        ("Trước đó, chính quyền Tổng thống Paul Morel đã kháng cáo.", {("Paul Morel", "Tổng thống", None)}),
        (
            "Ông Vũ Quang Tín, Phó tổng giám đốc Honda Việt Nam cho biết.",
            {("Vũ Quang Tín", "Phó tổng giám đốc", None)},
        ),
    ],
)
def test_positions_stated_away_from_the_name(sentence: str, expected: set[tuple[str, str, Any]]) -> None:
    assert posts(sentence) == expected


def test_positions_list_after_a_claimed_title_stays_with_its_name() -> None:
    got = posts("Ông Nguyễn Văn An, Giám đốc Sở Y tế, ông Trần Văn Bình, Phó Giám đốc Sở Tài chính cùng dự.")
    assert got == {
        ("Nguyễn Văn An", "Giám đốc Sở Y tế", "Sở Y tế"),
        ("Trần Văn Bình", "Phó Giám đốc Sở Tài chính", "Sở Tài chính"),
    }


def test_positions_titles_running_into_the_next_name_are_that_persons() -> None:
    got = posts(
        "Có bà Mary Stone và John Reed, cựu Giám đốc Cơ quan Tình báo trung ương Mỹ (CIA) Tom Hale, dự."
    )
    assert {p for p, _, _ in got} == {"Tom Hale"}


def test_positions_pronoun_stands_for_the_person_named_last() -> None:
    got = posts(
        "Đồng chí Trường Sơn sinh năm 1910.",
        "Năm 1945, đồng chí được bầu làm Tổng Bí thư của Đảng.",
        "Trên cương vị Chủ tịch Quốc hội, đồng chí luôn quan tâm tới pháp luật.",
    )
    assert ("Trường Sơn", "Tổng Bí thư của Đảng", "Đảng Cộng sản Việt Nam") in got
    assert ("Trường Sơn", "Chủ tịch Quốc hội") in {(p, t) for p, t, _ in got}


def test_positions_pronoun_respects_gender() -> None:
    got = posts(
        "Ông Nguyễn Văn An gặp bà Lê Thị Bình.",
        "Năm 2010, ông được bổ nhiệm làm Phó Giám đốc Sở Tài chính.",
    )
    assert got == {("Nguyễn Văn An", "Phó Giám đốc Sở Tài chính", "Sở Tài chính")}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Bí thư Tỉnh ủy Lê Trường Giang nhận định tình hình.", {"Lê Trường Giang"}),
        (
            "Chủ tịch Hồ Chí Minh, Tổng Bí thư Trường Chinh và các đồng chí bàn kế hoạch.",
            {"Hồ Chí Minh", "Trường Chinh"},
        ),
        ("Ông Nguyễn Đình Chiến nói đình được các vua Nguyễn sắc phong.", {"Nguyễn Đình Chiến"}),
        ("Dự lễ có nguyên Phó Chủ tịch Nước Nguyễn Thị Hoa.", {"Nguyễn Thị Hoa"}),
        ("Dịp Tết Nguyên đán Đinh Dậu, trung tâm mở cửa.", set()),
        ("Các tuyến đường Hàm Nghi, Nguyễn Huệ, Lê Lợi và Nguyễn Thị Minh Khai đều cấm xe.", set()),
        ("Xe đi qua phố Lê Lợi, Trần Hưng Đạo và Nguyễn Du.", set()),
        ("Tại đường Láng, Nguyễn Văn Tâm bị bắt.", {"Nguyễn Văn Tâm"}),
        ("Em thi đỗ Trường THPT chuyên Phan Bội Châu.", set()),
        ("Conte tới dẫn dắt Inter Milan, đối đầu Bayern Munich.", set()),
        (
            "Tổng thống George Washington và ông Denzel Washington.",
            {"George Washington", "Denzel Washington"},
        ),
        ("Thứ trưởng Bộ Quốc phòng Bolivia Felipe Cáceres cho biết.", {"Felipe Cáceres"}),
        ("Zinedine Zidane (HLV Real Madrid) dẫn đầu.", {"Zinedine Zidane"}),
        ("Ngôi chùa nổi tiếng sau MV Lạc Trôi của ca sĩ Sơn Tùng.", {"Sơn Tùng"}),
        ("Chủ nhiệm phim Lê Hồng Sơn đã ký.", {"Lê Hồng Sơn"}),
        (
            "Nghệ sĩ như NSND Thu Hà, NSƯT Đức Minh, đạo diễn Lê Hồng Sơn đã ký.",
            {"Thu Hà", "Đức Minh", "Lê Hồng Sơn"},
        ),
        ("Nhà nằm trên đường Nguyễn Huệ, gần phố Lê Lợi.", set()),
        ("Luật sư Trần Văn Đạt (Đoàn Luật sư tỉnh Bình Thuận) cho biết.", {"Trần Văn Đạt"}),
        ("TS Phan Anh Kiệt (Trưởng bộ môn Luật hình sự) cho rằng.", {"Phan Anh Kiệt"}),
        ("U23 Việt Nam sẽ là chủ nhà vòng loại U23 Châu Á.", set()),
        ("Theo Subaru, hãng đã cải tiến hệ thống treo.", set()),
        ("Theo ông Nguyễn Văn An, cần làm rõ.", {"Nguyễn Văn An"}),
        ("Tờ Wall Street Journal nhấn mạnh điều này.", set()),
        ("Trong khi đó, La La Land là sự hồi tưởng về Hollywood cũ.", set()),
        ("Cả Galaxy S8 và Galaxy S8 Plus có màn hình lớn.", set()),
        ("Ngôi sao Lady Gaga và Elizabeth Taylor dự tiệc.", {"Lady Gaga", "Elizabeth Taylor"}),
        ("Các bảo mẫu Lê Thị Hoài Linh và Nguyễn Tú Anh bị tạm giữ.", {"Lê Thị Hoài Linh", "Nguyễn Tú Anh"}),
        ("Anh được HLV Louis van Gaal trao cơ hội.", {"Louis van Gaal"}),
        ("Man United thắng Leicester City.", set()),
        ("Việc Rashford bị đẩy ra cánh là bất công.", set()),
        ("Thanh công cụ trong Microsoft Edge rất gọn.", set()),
        ("Bổ nhiệm Hiệu trưởng ĐH Sư phạm nhiệm kỳ mới.", set()),
    ],
)
def test_persons_names_not_swallowed_and_not_invented(sentence: str, expected: set[str]) -> None:
    assert persons(sentence) == expected


def test_positions_organs_after_titles_stay_organisations() -> None:
    got = posts("Chủ tịch Hội Nông dân tỉnh và Giám đốc Cục Thuế tỉnh Nghệ An Lê Văn Hòa dự.")
    assert got == {("Lê Văn Hòa", "Giám đốc Cục Thuế tỉnh Nghệ An", "Cục Thuế tỉnh Nghệ An")}
    got = posts("Ông Đặng Văn Hòa, Phó Tổng giám đốc Cty MHBS và 11 bị can khác bị truy tố.")
    assert got == {("Đặng Văn Hòa", "Phó Tổng giám đốc Cty MHBS", "Cty MHBS")}


def test_positions_post_with_a_province_alone_names_its_organ() -> None:
    got = posts("Bí thư Đà Nẵng Nguyễn Xuân Hòa và Chủ tịch Quảng Nam Đinh Văn Thu dự.")
    assert got == {
        ("Nguyễn Xuân Hòa", "Bí thư Đà Nẵng", "Thành ủy thành phố Đà Nẵng"),
        ("Đinh Văn Thu", "Chủ tịch Quảng Nam", "Ủy ban nhân dân tỉnh Quảng Nam"),
    }


def test_positions_colloquial_form_dropped_when_the_organ_is_written() -> None:
    got = posts("Chủ tịch Hà Nội Nguyễn Văn Chính nói.", "Chủ tịch UBND TP Hà Nội Nguyễn Văn Chính cho biết.")
    assert got == {("Nguyễn Văn Chính", "Chủ tịch UBND TP Hà Nội", "Ủy ban nhân dân thành phố Hà Nội")}


def test_positions_thua_thien_hue_is_a_province_before_2025() -> None:
    got = posts("Chủ tịch UBND tỉnh Thừa Thiên Huế Phan Ngọc Hòa phát biểu.")
    assert got == {
        ("Phan Ngọc Hòa", "Chủ tịch UBND tỉnh Thừa Thiên Huế", "Ủy ban nhân dân tỉnh Thừa Thiên Huế")
    }
