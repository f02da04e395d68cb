"""One small hand-made case per layout rule of the scraped-text extractor."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baochi.extract.text import detect_language, layout_article
from baochi.model import Article

P1 = "Sáng 5/2, UBND tỉnh tổ chức hội nghị tổng kết công tác năm 2016 và triển khai nhiệm vụ năm 2017."
P2 = "Theo báo cáo, năm qua tỉnh đạt nhiều kết quả quan trọng trên các lĩnh vực kinh tế, xã hội."
P3 = "Phát biểu tại hội nghị, Chủ tịch UBND tỉnh đề nghị các sở, ngành tiếp tục đổi mới cách làm."
# Four different paragraphs of several sentences each.
LONG = [" ".join(x) for x in ((P1, P2, P3), (P2, P3, P1), (P3, P1, P2), (P1, P3, P2))]
LEAD = "Năm 2017, tỉnh phấn đấu tăng trưởng kinh tế 7% và hoàn thành các chỉ tiêu đề ra."


def run(text: str, **kw: str) -> Article:
    return layout_article(text, source="t.txt", **kw)


def test_text_layout_title_timestamp_dateline_lead() -> None:
    art = run(f"Tiêu đề bài\n\nThứ hai, 12/8/2024, 17:45 (GMT+7)\n\nTTO - {LEAD}\n\n{P1}\n\n{P2}\n")
    assert art.title == "Tiêu đề bài"
    assert art.published_at == "2024-08-12T17:45:00+07:00"
    assert art.outlet is not None and art.outlet.name == "Tuổi Trẻ"
    assert art.dateline is not None and art.dateline.prefix == "TTO"
    assert art.lead == LEAD
    assert art.body == [P1, P2]


@pytest.mark.parametrize(
    ("head", "prefix", "place", "outlet"),
    [
        ("VOV.VN - ", "VOV.VN", None, "VOV"),
        ("(Dân trí) - ", "(Dân trí)", None, "Dân trí"),
        ("(TNO) ", "(TNO)", None, "Thanh Niên"),
        ("PLO - ", "PLO", None, "Pháp Luật TP.HCM"),
        ("NLĐO - ", "NLĐO", None, "Người Lao Động"),
        ("HÀ NỘI (TTXVN) - ", "(TTXVN)", "HÀ NỘI", "TTXVN"),
        ("(VnMedia) - ", "(VnMedia)", None, "VnMedia"),
        ("XYZ.VN - ", "XYZ.VN", None, None),
        ("ĐÀ NẴNG - ", None, "ĐÀ NẴNG", None),
    ],
)
def test_text_layout_dateline_prefixes(head: str, prefix: str, place: str | None, outlet: str | None) -> None:
    art = run(f"Tiêu đề\n\n{head}{LEAD}\n\n{P1}\n")
    assert art.dateline is not None
    assert (art.dateline.prefix, art.dateline.place) == (prefix, place)
    assert art.lead == LEAD
    assert (art.outlet.name if art.outlet else None) == outlet


def test_text_layout_no_dateline_no_lead() -> None:
    art = run(f"Tiêu đề\n\n{P1}\n\n{P2}\n")
    assert art.lead is None
    assert art.dateline is None
    assert art.body == [P1, P2]


def test_text_layout_lead_last_aggregator_layout() -> None:
    art = run(f"Tiêu đề\n\n{P1}\n{P2}\nKhánh An\n\n\n\n(VnMedia) - {LEAD}\n")
    assert art.lead == LEAD
    assert art.body == [P1, P2]
    assert art.authors == ["Khánh An"]
    assert art.dateline is not None and art.dateline.prefix == "(VnMedia)"


def test_text_layout_lead_last_snippet_is_boilerplate() -> None:
    art = run(f"Tiêu đề\n\n{P1}\n{P2}\n\n\n\n{P2[:50]}...\n")
    assert art.lead is None
    assert art.boilerplate == [f"{P2[:50]}..."]


def test_text_layout_fragments_joined_with_their_spaces() -> None:
    text = (
        "Tiêu đề\n\nVào 11h sáng, sẽ có một phim trong danh sách \n200 phim hay nhất \nđược giới thiệu.\n"
        + P2
    )
    art = run(text)
    assert art.body == ["Vào 11h sáng, sẽ có một phim trong danh sách 200 phim hay nhất được giới thiệu.", P2]


def test_text_layout_link_fragment_and_quote_tag_joined() -> None:
    text = (
        "Tiêu đề\n\nRa mắt lần đầu năm 2016, \n Peugeot Django 125\n là mẫu xe ga thành thị.\n"
        "“Tôi rất vui” \n– anh Tuấn nói.\nCon gái ông, theo \nAP\n.\n"
    )
    art = run(text)
    assert art.body == [
        "Ra mắt lần đầu năm 2016, Peugeot Django 125 là mẫu xe ga thành thị.",
        "“Tôi rất vui” – anh Tuấn nói.",
        "Con gái ông, theo AP.",
    ]


def test_text_layout_repeated_line_is_one_caption() -> None:
    cap = "Bí thư Thành ủy trao giấy khen cho các tập thể tiêu biểu."
    art = run(f"Tiêu đề\n\n{P1}\n\n {cap}\n\n\u00a0{cap}\n\n{P2}\n")
    assert art.captions == [cap]
    assert art.body == [P1, P2]


def test_text_layout_credit_split_over_lines_is_caption() -> None:
    art = run(f"Tiêu đề\n\nIvanka Trump tới căn cứ không quân Dover. Ảnh:\nAP\n{P1}\n{P2}\n")
    assert art.captions == ["Ivanka Trump tới căn cứ không quân Dover. Ảnh: AP"]


@pytest.mark.parametrize(
    "cap",
    [
        "Địa hình khác lạ dễ dẫn đến tai nạn (Ảnh minh họa IT)",
        "Hiện trường vụ tai nạn. Ảnh: Hoàng Hà",
        "Con gái không có ai phụ giúp. (Ảnh minh họa: ShutterStock)",
        "Ảnh minh họa.",
    ],
)
def test_text_layout_credited_caption(cap: str) -> None:
    art = run(f"Tiêu đề\n\n{P1}\n{cap}\n{P2}\n")
    assert art.captions == [cap]
    assert art.body == [P1, P2]


def test_text_layout_short_unpunctuated_line_is_caption_heading_is_body() -> None:
    art = run(f"Tiêu đề\n\nYamaha Sirius\n{P1}\nPhố mai anh đào đẹp nhất Đà Lạt đang trơ cành\n{P2}\n")
    assert art.captions == ["Phố mai anh đào đẹp nhất Đà Lạt đang trơ cành"]
    assert art.body == ["Yamaha Sirius", P1, P2]


def test_text_layout_unpunctuated_text_is_not_all_captions() -> None:
    art = run("Tiêu đề\n\nMột dòng không có dấu chấm cuối\nMột dòng khác cũng vậy thôi\n")
    assert art.captions == []
    assert len(art.body) == 2


@pytest.mark.parametrize(
    ("foot", "authors", "roles", "attribution"),
    [
        ("Tin, ảnh: Thu Huyền", ["Thu Huyền"], ["text", "photo"], None),
        ("Bài và ảnh: Minh Anh", ["Minh Anh"], ["text", "photo"], None),
        ("\u00a0" * 40 + "Tin, ảnh: Thu Huyền", ["Thu Huyền"], ["text", "photo"], None),
        ("Ảnh: Hoàng Hà", ["Hoàng Hà"], ["photo"], None),
        ("Sầm Hoa ", ["Sầm Hoa"], ["text"], None),
        ("Minh Anh - Thu Hà", ["Minh Anh", "Thu Hà"], ["text"], None),
        ("Theo VNE", [], None, "VnExpress"),
        ("Theo Trí thức trẻ ", [], None, "Trí thức trẻ"),
        ("Nguồn: Tuổi Trẻ", [], None, "Tuổi Trẻ"),
        ("VnExpress", [], None, "VnExpress"),
        ("Bích Lan/VOV.VN", ["Bích Lan"], ["text"], "VOV"),
        ("TTXVN/Tin Tức", [], None, "TTXVN"),
        ("(TTXVN)", [], None, "TTXVN"),
        ("(Theo Reuters)", [], None, "Reuters"),
        ("Tuệ Minh (lược dịch)", ["Tuệ Minh"], ["translation"], None),
        ("Nguyễn Thuận -", ["Nguyễn Thuận"], ["text"], None),
        ("NGÔ CHUYÊN", ["NGÔ CHUYÊN"], ["text"], None),
        ("T.Lê", ["T.Lê"], ["text"], None),
        ("Reuters", [], None, "Reuters"),
    ],
)
def test_text_layout_foot_credits(
    foot: str, authors: list[str], roles: list[str] | None, attribution: str | None
) -> None:
    art = run(f"Tiêu đề\n\n{P1}\n\n{P2}\n\n{foot}\n")
    assert art.authors == authors
    assert (art.byline.roles if art.byline else None) == roles
    assert art.attribution == attribution
    assert art.body == [P1, P2]


def test_text_layout_byline_outlet_time_line() -> None:
    art = run(f"Tiêu đề\n\n{P1}\nThái Sơn - Thể thao Việt Nam | 10:45 06/02/2017\n\n\n\n{LEAD}\n")
    assert art.authors == ["Thái Sơn"]
    assert art.attribution == "Thể thao Việt Nam"
    assert art.published_at == "2017-02-06T10:45:00+07:00"


def test_text_layout_sentence_is_not_a_byline() -> None:
    art = run(f"Tiêu đề\n\n{P1}\n\nTheo đó, tỉnh sẽ triển khai nhiều giải pháp mới.\n")
    assert art.authors == []
    assert art.attribution is None
    assert art.body[-1] == "Theo đó, tỉnh sẽ triển khai nhiều giải pháp mới."


def test_text_layout_boilerplate_widgets_and_related_list() -> None:
    text = (
        f"Tiêu đề\n\n{P1}\n\n{P2}\n\nChia sẻ bài viết\n\nBÌNH LUẬN\n\nTin liên quan\n"
        "Đạp chân Vardy, Mata may mắn thoát thẻ đỏ\nThống kê khó tin về Juan Mata\n\n"
        "Bạn cần đăng nhập để bình luận\n"
    )
    art = run(text)
    assert art.body == [P1, P2]
    assert art.boilerplate == [
        "Chia sẻ bài viết",
        "BÌNH LUẬN",
        "Tin liên quan",
        "Đạp chân Vardy, Mata may mắn thoát thẻ đỏ",
        "Thống kê khó tin về Juan Mata",
        "Bạn cần đăng nhập để bình luận",
    ]


def test_text_layout_flattened_text_banners_teaser_credit_captions() -> None:
    body = " ".join([P1, P2, P3] * 6)
    teaser = "Sau gần 4 tuần điều trị, tình trạng của trẻ dần cải thiện."
    text = (
        "Lưu bài viết thành công Bạn có thể xem lại bài viết đã lưu ở trangTin bài đã lưu "
        f"{P1} Công nhân làm việc để kịp giao đơn hàng dịp Tết. Ảnh: N.T {body} {teaser} "
        "Nguồn: [Link nguồn]Nguồn: [Link nguồn]"
    )
    art = run(text, title="Tiêu đề")
    assert art.title == "Tiêu đề"
    assert art.captions == ["Công nhân làm việc để kịp giao đơn hàng dịp Tết. Ảnh: N.T"]
    assert " ".join(art.body) == f"{P1} {body}"
    assert art.boilerplate[0].startswith("Lưu bài viết thành công")
    assert teaser in art.boilerplate
    assert art.boilerplate.count("Nguồn: [Link nguồn]") == 2


def test_text_layout_whitespace_normalised_letters_kept() -> None:
    art = run("Tiêu\u00a0 đề  bài\n\nĐoạn\u00a0văn  có   nhiều khoảng trắng, đăng kỳ và biếu.\n")
    assert art.title == "Tiêu đề bài"
    assert art.body == ["Đoạn văn có nhiều khoảng trắng, đăng kỳ và biếu."]


def test_text_layout_empty_body_is_other() -> None:
    assert run("Chỉ có tiêu đề\n").page_type == "other"


@pytest.mark.parametrize(
    ("text", "lang"),
    [(P1, "vi"), ("The quick brown fox jumps over the lazy dog.", None), ("12345", None)],
)
def test_text_layout_language(text: str, lang: str | None) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize(
    ("foot", "authors", "attribution"),
    [
        ("Lê Kiên (Theo Android Authority)", ["Lê Kiên"], "Android Authority"),
        ("Theo Lê Phương (Khám phá)", ["Lê Phương"], "Khám phá"),
    ],
)
def test_text_layout_name_with_source(foot: str, authors: list[str], attribution: str) -> None:
    art = run(f"Tiêu đề\n\n{P1}\n\n{P2}\n\n{foot}\n")
    assert (art.authors, art.attribution) == (authors, attribution)


@pytest.mark.parametrize(
    "line",
    [
        "1. Xây nhà 100 triệu đồng",
        "Ai là người phải chịu trách nhiệm về những thiếu sót này?",
        "Ông Chung cho biết: “Giờ chúng ta phải làm lại”.",
        "Như vậy, giá vàng trong nước vẫn cao hơn giá vàng thế giới.",
    ],
)
def test_text_layout_not_captions(line: str) -> None:
    art = run(f"Tiêu đề\n\n{LONG[0]}\n{line}\n{LONG[1]}\n{LONG[2]}\n{LONG[3]}\n")
    assert art.captions == []


def test_text_layout_single_sentence_between_long_paragraphs_is_caption() -> None:
    cap = "Cô gái cố vùng vẫy chạy thoát nhưng bị giữ lại."
    art = run(f"Tiêu đề\n\n{LONG[0]}\n{cap}\n{LONG[1]}\n{LONG[2]}\n{LONG[3]}\n")
    assert art.captions == [cap]


@given(
    st.lists(
        st.one_of(
            st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=80),
            st.sampled_from(
                ["", " ", "\u00a0Tin, ảnh: Thu Huyền", "Theo VNE", "BÌNH LUẬN", "Ảnh:", "AP", "."]
            ),
        ),
        max_size=30,
    )
)
def test_text_layout_any_text_gives_clean_fields(lines: list[str]) -> None:
    import unicodedata

    text = unicodedata.normalize("NFC", "\n".join(lines))
    art = run(text)
    fields = [art.title or "", art.lead or "", *art.body, *art.captions, *art.authors, *art.boilerplate]
    for value in fields:
        assert value == " ".join(value.split())  # whitespace normalised
        assert value == unicodedata.normalize("NFC", value)
    invisible = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
    squeezed = "".join(text.translate(invisible).split())
    for value in [art.title or "", art.lead or "", *art.body, *art.captions]:
        assert "".join(value.split()) in squeezed  # nothing invented: consecutive input, blanks aside


def test_text_layout_flattened_label_alone_and_glued_caption() -> None:
    filler = " ".join([P1, P2, P3] * 3)
    text = (
        f"{filler} Nhiều người vẫn thích dùng máy tính bảng khi muốn thư giãn. Ảnh minh họa. {P2} "
        f"Casemiro từng bị loại khỏi đội hình trong suốt một tháng vào tháng 12/2024 Tiền vệ người Brazil "
        f"không ra sân. Trước đó, tiền vệ người Brazil thi đấu ổn định. {filler}"
    )
    art = run(text, title="Tiêu đề")
    assert art.captions == [
        "Ảnh minh họa.",
        "Casemiro từng bị loại khỏi đội hình trong suốt một tháng vào tháng 12/2024",
    ]
    assert any(p.startswith("Tiền vệ người Brazil không ra sân.") for p in art.body)


def test_text_layout_writer_then_outlet() -> None:
    art = run(f"Tiêu đề\n\n{P1}\n\n{P2}\n\nTheo Lê Ánh\n\nPháp luật TP Hồ Chí Minh\n")
    assert art.authors == ["Lê Ánh"]
    assert art.attribution == "Pháp Luật TP.HCM"  # a registry abbreviation: the registry name


def test_text_layout_name_above_compilation_note() -> None:
    art = run(f"Tiêu đề\n\n{P1}\n\n{P2}\n\nHương Giang\n\n(Tổng hợp)\n")
    assert art.authors == ["Hương Giang"]
    assert art.body == [P1, P2]


@pytest.mark.parametrize(
    ("line", "caption"),
    [
        ("Nhiều cách làm hay, sáng tạo", False),  # a theme in common words: a section heading
        ("Duy trì hiệu quả các mô hình “làm theo”", False),
        ("Chủ tịch Hạ viện Anh John Bercow", True),  # names who is shown
        ("Dự án nhà ở xã hội của Hadinco 5", True),
        ("Sau 6 ngày điều trị tích cực, tình trạng bệnh nhi cải thiện rõ rệt", True),  # a long description
    ],
)
def test_text_layout_lone_short_line_heading_or_caption(line: str, caption: bool) -> None:
    art = run(f"Tiêu đề\n\n{P1}\n{line}\n{P2}\n")
    assert art.captions == ([line] if caption else [])
    assert (line in art.body) is not caption


def test_text_layout_run_of_short_lines_stays_captions() -> None:
    lines = ["Cô bé được bố cõng lên núi", "Cả nhà nghỉ chân bên suối"]
    art = run("Tiêu đề\n\n" + "\n".join([P1, *lines, P2]) + "\n")
    assert art.captions == lines


def test_text_layout_flattened_caption_split_with_ellipses() -> None:
    filler = " ".join([P1, P2, P3] * 3)
    first = "iPhone 17e sẽ có Dynamic Island ở mặt trước..."
    second = "... nhưng mặt sau vẫn là camera duy nhất như iPhone 16e."
    text = f"{filler} {first} {P2} Máy có camera sau 48 MP. {second} {P3} {filler}"
    art = run(text, title="Tiêu đề")
    assert art.captions == [first, second]
    assert "Máy có camera sau 48 MP." in " ".join(art.body)


def test_text_layout_flattened_ellipsis_inside_a_sentence_is_text() -> None:
    filler = " ".join([P1, P2, P3] * 3)
    text = f"{filler} Họ chờ đợi... và chờ đợi mãi. {P2} {filler}"
    assert run(text, title="Tiêu đề").captions == []


@pytest.mark.parametrize(
    ("glued", "caption"),
    [
        # A sentence opener after a name: the name ends the caption, the opener starts the next paragraph.
        (
            "Nhà Khánh Thi - Phan Hiển cùng nhảy múa trong ảnh Tết Thay vì tạo dáng, cả nhà nhảy múa.",
            "Nhà Khánh Thi - Phan Hiển cùng nhảy múa trong ảnh Tết",
        ),
        (
            "Tiền vệ này chơi tốt trong chiến thắng trước Man City Ở mặt trận tấn công, anh ghi 5 bàn.",
            "Tiền vệ này chơi tốt trong chiến thắng trước Man City",
        ),
        # A title-case name running on is not cut.
        ("Bệnh nhân được chuyển tới khoa Hồi sức Cấp cứu của bệnh viện tỉnh.", None),
    ],
)
def test_text_layout_flattened_glued_caption_before_opener(glued: str, caption: str | None) -> None:
    filler = " ".join([P1, P2, P3] * 3)
    art = run(f"{filler} {glued} {filler}", title="Tiêu đề")
    assert art.captions == ([caption] if caption else [])


@pytest.mark.parametrize(
    "line",
    [
        "Nhiệt độ thấp nhất từ : 15 - 18 độ",  # a label and its value
        "Thời tiết hôm nay 7/2/2017: Phía Tây Bắc Bộ",
        "A) Hươu cao cổ",  # a quiz answer
        "Viettel bắt tay với các chủ đầu tư dự án tại các dự án từ",  # cut off on a word that goes on
    ],
)
def test_text_layout_list_rows_and_cut_lines_are_not_captions(line: str) -> None:
    art = run(f"Tiêu đề\n\n{P1}\n{line}\n{P2}\n")
    assert art.captions == []
    assert line in art.body


def test_text_layout_link_fragments_resumed_after_a_space() -> None:
    text = (
        "Tiêu đề\n\nTrưa 6/2, Bảo Duy - chồng cũ của\n Phi Thanh Vân \n đã livestream trên trang cá nhân.\n"
        "Cơ quan điều tra đề nghị \ntruy tố\n 17 đối tượng về hai tội danh.\n"
    )
    assert run(text).body == [
        "Trưa 6/2, Bảo Duy - chồng cũ của Phi Thanh Vân đã livestream trên trang cá nhân.",
        "Cơ quan điều tra đề nghị truy tố 17 đối tượng về hai tội danh.",
    ]


def test_text_layout_name_and_regional_office_credit() -> None:
    art = run(f"Tiêu đề\n\n{P1}\n{P2}\nAn Kiên/VOV-Tây Bắc\n")
    assert art.authors == ["An Kiên"]
    assert art.captions == []


def test_text_layout_flattened_credit_after_running_sentence() -> None:
    filler = " ".join([P1, P2, P3] * 3)
    sentence = "Tuy nhiên, câu hỏi là việc đăng video lên mạng có vi phạm quy định gì không."
    art = run(f"{filler} {sentence} Ảnh: Facebook. {filler}", title="Tiêu đề")
    assert art.captions == ["Ảnh: Facebook."]
    assert sentence in " ".join(art.body)


@pytest.mark.parametrize(
    "line",
    [
        "Chiến lược gia này cho rằng đồng USD chỉ đang điều chỉnh sau khi tăng quá nhanh.",  # reported speech
        "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN",  # a header in capitals
    ],
)
def test_text_layout_reported_speech_and_capitals_are_not_captions(line: str) -> None:
    art = run("Tiêu đề\n\n" + "\n".join([LONG[0], LONG[1], line, LONG[2], LONG[3]]) + "\n")
    assert art.captions == []
