"""The founding document, field by field, exactly as issue 2 states."""

from pathlib import Path

from baochi.extract import extract_article
from baochi.ingest import iter_documents


def test_golden_seed_record(seed_document: Path) -> None:
    docs = list(iter_documents([str(seed_document)]))
    assert len(docs) == 1
    art = extract_article(docs[0])
    assert art.page_type == "article"
    assert art.title == "Hội nghị lần thứ 6 Ban Chấp hành Đảng bộ TP. Bến Tre"
    assert art.published_at == "2021-04-19T14:06:00+07:00"
    assert art.outlet is not None
    assert (art.outlet.name, art.outlet.domain) == ("Báo Đồng Khởi", "baodongkhoi.vn")
    assert art.dateline is not None
    assert (art.dateline.prefix, art.dateline.place, art.dateline.date) == ("BDK.VN", None, "2021-04-19")
    assert art.lead is not None
    assert art.lead.startswith("Ngày 19-4-2021, Ban Chấp hành Đảng bộ")
    caption = "Bí thư Thành ủy Nguyễn Văn Tuấn trao giấy khen cho các tập thể tiêu biểu năm 2020."
    assert art.captions == [caption]
    assert len(art.body) == 3
    assert art.body[0].startswith("Trong quý I-2021")
    assert art.body[1].startswith("Phát biểu chỉ đạo")
    assert art.body[2].startswith("Tập trung lãnh đạo")
    assert art.authors == ["Thu Huyền"]
    assert art.byline is not None
    assert art.byline.raw == "Tin, ảnh: Thu Huyền"
    assert art.byline.roles == ["text", "photo"]
    assert art.attribution is None
    assert art.boilerplate == ["Chia sẻ bài viết", "BÌNH LUẬN"]
    assert art.language == "vi"


def test_golden_seed_whitespace_and_letters(seed_document: Path) -> None:
    art = extract_article(next(iter_documents([str(seed_document)])))
    for text in [art.title or "", art.lead or "", *art.body, *art.captions, *art.authors]:
        assert "\u00a0" not in text
        assert "  " not in text
        assert text == text.strip()
    # every letter as written: the source's typos stay
    assert "tăng so với cùng kỳ" in art.body[0]
    assert "đăng kỳ trong năm 2021" in art.body[1]
    assert "đại biếu Quốc hội" in art.body[2]
    assert art.body[2].endswith("nông thôn mới nâng cao")
