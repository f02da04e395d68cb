"""Caption conventions of scraped text beyond the dev gold: one hand-made text per convention."""

import pytest

from baochi.extract.text import layout_article
from baochi.model import Article

P1 = "Sáng 5/2, UBND tỉnh tổ chức hội nghị tổng kết công tác năm 2016 và triển khai nhiệm vụ năm 2017."
P2 = "Theo báo cáo, năm qua tỉnh đạt nhiều kết quả quan trọng trên các lĩnh vực kinh tế, xã hội."
P3 = "Phát biểu tại hội nghị, Chủ tịch UBND tỉnh đề nghị các sở, ngành tiếp tục đổi mới cách làm."


def run(text: str) -> Article:
    return layout_article(text, source="t.txt")


@pytest.mark.parametrize(
    "cap",
    [
        "Tàu khu trục của Mỹ. (Nguồn: Wikimedia)",
        "Bộ trưởng Quốc phòng phát biểu sau lễ nhậm chức tại Lầu Năm Góc. (Nguồn: AFP/TTXVN)",
        "Đảo Ti-tốp - nơi du khách mất tích. (nguồn: Người lao động).",
        "Ảnh minh họa (nguồn: Internet).",
        "Cảnh sát có mặt tại hiện trường vụ việc. (Nguồn ảnh: Reuters)",
    ],
)
def test_bracketed_source_closes_a_caption(cap: str) -> None:
    art = run(f"Tiêu đề\n\n{P1}\n{cap}\n{P2}\n{P3}\n")
    assert art.captions == [cap]
    assert art.body == [P1, P2, P3]


def test_bracketed_source_on_a_paragraph_is_text() -> None:
    # Several sentences before the source: a text block that credits its photo, not a caption.
    para = f"{P1} {P2} (Nguồn: Sina)"
    art = run(f"Tiêu đề\n\n{P1}\n{para}\n{P2}\n")
    assert art.captions == []
    assert para in art.body


def test_photo_story_blocks_with_sources_stay_text() -> None:
    # Blocks side by side, each credited: a photo story, whose blocks are its text.
    blocks = [
        "Đến mùa xuân thân hình của chúng sẽ trở lại bình thường. (Nguồn: Shanghaiist)",
        "Hổ Siberia là loài được bảo vệ tại Trung Quốc. (Nguồn: Shanghaiist)",
    ]
    art = run("Tiêu đề\n\n{}\n{}\n{}\n{}\n".format(P1, *blocks, P2))
    assert art.captions == []
    assert art.body == [P1, *blocks, P2]


def test_source_on_the_last_line_credits_the_whole_text() -> None:
    last = "Còn đây là căn phòng cầu nguyện dành cho những tù nhân. (Nguồn ảnh: Business Insider)"
    art = run(f"Tiêu đề\n\n{P1}\n{P2}\n{last}\n")
    assert art.captions == []
    assert art.body == [P1, P2, last]


def test_credit_with_lower_case_name_is_caption() -> None:
    cap = "Chủ lễ và các nghệ nhân tiến hành nghi thức cúng. Ảnh: vinaculto."
    art = run(f"Tiêu đề\n\n{P1}\n{cap}\n{P2}\n")
    assert art.captions == [cap]


def test_lone_unpunctuated_line_opening_with_a_connective_is_text() -> None:
    line = "Được biết 100% lợi nhuận thu được từ spa này được dùng để quyên góp cho các tổ chức từ thiện"
    art = run(f"Tiêu đề\n\n{P1}\n{line}\n{P2}\n")
    assert art.captions == []
    assert art.body == [P1, line, P2]


def test_connective_line_in_a_run_of_captions_stays_caption() -> None:
    run_ = [
        "Nữ hoàng lái chiếc xe Range Rover năm 2011",
        "Nữ hoàng Elizabeth II và Hoàng thân Philip",
        "Dù đã bước sang tuổi 90 nhưng Nữ hoàng vẫn tham gia tích cực các hoạt động của Hoàng Gia",
    ]
    art = run("Tiêu đề\n\n{}\n{}\n{}\n{}\n{}\n".format(P1, *run_, P2))
    assert art.captions == run_


def test_connective_line_that_names_a_photo_stays_caption() -> None:
    cap = "Sau khi gây tai nạn, nữ tài xế không tới đỡ nạn nhân, ảnh cắt từ clip"
    art = run(f"Tiêu đề\n\n{P1}\n{cap}\n{P2}\n")
    assert art.captions == [cap]


# Section headings beside captions (issue 12: headings taken as captions on unseen text).
P4 = (
    "Theo các chuyên gia, việc công bố thông tin giúp người dân hiểu rõ hơn về quy trình, "
    "đồng thời giảm bớt thủ tục hành chính cho doanh nghiệp trong năm tới."
)


def test_lone_lines_beside_a_heading_are_headings() -> None:
    # "Hậu quả nhãn tiền" names nothing: a heading; "Hệ thống tòa án ở Mỹ", as short, heads a section too.
    art = run(f"Tiêu đề\n\n{P1}\n{P2}\nHệ thống tòa án ở Mỹ\n{P3}\n{P4}\nHậu quả nhãn tiền\n{P2} {P3}\n")
    assert art.captions == []
    assert "Hệ thống tòa án ở Mỹ" in art.body


def test_a_lone_caption_without_headings_stays_a_caption() -> None:
    cap = "Chủ tịch Hạ viện Anh John Bercow"
    art = run(f"Tiêu đề\n\n{P1}\n{cap}\n{P2}\n{P3}\n")
    assert art.captions == [cap]


def test_numbered_section_heading_is_text() -> None:
    art = run(f"Tiêu đề\n\n{P1}\nĐiều 12. Đối tượng và điều kiện dự thi\n{P2}\n{P3}\n")
    assert art.captions == []


@pytest.mark.parametrize("cap", ["Ảnh minh họa. Nguồn: Internet.", "Hình ảnh cắt ra từ clip."])
def test_line_opening_with_a_photo_label_is_a_caption(cap: str) -> None:
    art = run(f"Tiêu đề\n\n{P1}\n{cap}\n{P2}\n{P3}\n")
    assert art.captions == [cap]


def test_photo_label_introducing_an_embed_is_text() -> None:
    line = "Video khói đen bốc lên từ nhà hát trên trang Kuwait Today:"
    art = run(f"Tiêu đề\n\n{P1}\n{line}\n{P2}\n{P3}\n")
    assert art.captions == []


def test_credit_without_colon_after_a_sentence_is_a_caption() -> None:
    cap = "Nhiều tiết mục đặc sắc được biểu diễn tại buổi lễ. Ảnh Pháp luật Plus."
    art = run(f"Tiêu đề\n\n{P1}\n{cap}\n{P2}\n{P3}\n")
    assert art.captions == [cap]


def test_piece_cut_at_a_link_is_text() -> None:
    # "Thánh Valentine" / "là ai?": the next line goes on with it.
    art = run(f"Tiêu đề\n\n{P1}\nThánh Valentine\nlà ai? {P2}\n{P3}\n")
    assert art.captions == []


def test_embedded_post_is_no_caption() -> None:
    line = "How it feels covering politics in 2017 pic.twitter.com/LOcYry795x"
    art = run(f"Tiêu đề\n\n{P1}\n{line}\n{P2}\n{P3}\n")
    assert art.captions == []


def test_long_paragraph_with_a_photo_note_is_text() -> None:
    para = (
        "BS Liên cho hay, thực tế qua quá trình điều trị, những ca tai nạn như trên không phải là hiếm, "
        "mỗi năm khoa Ngoại của bệnh viện tiếp nhận khoảng 15 đến 20 ca như vậy. (Ảnh minh họa)"
    )
    art = run(f"Tiêu đề\n\n{P1}\n{para}\n{P2}\n{P3}\n")
    assert art.captions == []


def test_short_sentence_above_a_long_first_paragraph_is_the_top_caption() -> None:
    cap = "Hiện trường vụ tai nạn khiến người đàn ông bị tàu đâm tử vong thương tâm."
    art = run(f"Tiêu đề\n\n{cap}\n{P1} {P2} {P3}\n{P4}\n{P2}\n{P3}\n")
    assert art.captions == [cap]


@pytest.mark.parametrize(
    ("line", "authors", "attribution"),
    [
        ("Việt Quốc/VOV – TP HCM", ["Việt Quốc"], "VOV – TP HCM"),
        ("CTV Ánh Nguyệt-Thái Ngân/VOV-Miền Trung", ["Ánh Nguyệt", "Thái Ngân"], "VOV-Miền Trung"),
        ("Trung Hùng (Tổng hợp theo báo VNE)", ["Trung Hùng"], "VnExpress"),
        ("Trung Hùng (Tổng hợp theo báo VNE, KTĐT)", ["Trung Hùng"], "VNE, KTĐT"),
    ],
)
def test_regional_and_compiled_credits(line: str, authors: list[str], attribution: str) -> None:
    art = run(f"Tiêu đề\n\n{P1}\n{P2}\n{P3}\n{line}\n")
    assert art.captions == []
    assert art.authors == authors
    assert art.attribution == attribution
