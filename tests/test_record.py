import json
import sys
import types

import pytest

from baochi.extract import extract_article
from baochi.model import Article, Document

TEXT = (
    "Ngày 27/11, Ban Chỉ huy Phòng chống thiên tai tỉnh Lâm Đồng cho biết bão gây ngập 70 ha rau.\n"
    "Nhiều thửa rau ở huyện Đơn Dương bị ngập úng do mưa lớn. Ảnh: Khánh Hương.\n"
    "Cũng tại huyện Đơn Dương, mưa lớn khiến nước sông Đa Nhim dâng cao."
)


def record(obj: dict, fields: dict[str, str] | None = None) -> Article:
    meta = {"fields": fields} if fields else {}
    doc = Document(source="d.jsonl", data=json.dumps(obj).encode(), kind="record", source_offset=3, meta=meta)
    return extract_article(doc)


def test_record_news_please() -> None:
    art = record(
        {
            "title": "Mưa lớn gây ngập úng 70 ha rau ở Lâm Đồng",
            "maintext": TEXT,
            "date_publish": "2018-11-26 09:15:00",
            "authors": ["Khánh Hương"],
            "url": "https://vnexpress.net/thoi-su/mua-lon-3845123.html",
            "description": "Mưa lớn kéo dài khiến vựa rau Đơn Dương trầm trong nước. - VnExpress",
        }
    )
    assert art.title == "Mưa lớn gây ngập úng 70 ha rau ở Lâm Đồng"
    assert art.published_at == "2018-11-26T09:15:00+07:00"
    assert art.outlet is not None and art.outlet.name == "VnExpress"
    assert art.lead == "Mưa lớn kéo dài khiến vựa rau Đơn Dương trầm trong nước."
    assert art.captions == ["Nhiều thửa rau ở huyện Đơn Dương bị ngập úng do mưa lớn. Ảnh: Khánh Hương."]
    assert len(art.body) == 2
    assert art.authors == ["Khánh Hương"]
    assert art.source_offset == 3
    assert art.language == "vi"


def test_record_hugging_face_style_and_entities() -> None:
    art = record({"title": "Tung tin &#39;Mr Bean&#39; qua đời", "content": TEXT, "date": "2018-07-19"})
    assert art.title == "Tung tin 'Mr Bean' qua đời"
    assert art.published_at == "2018-07-19"
    assert art.url is None
    assert art.id  # from the content


def test_record_field_overrides() -> None:
    art = record(
        {
            "headline_vi": "Tiêu đề",
            "noi_dung": TEXT,
            "ngay": "19/04/2021 14:06",
            "link": "https://tuoitre.vn/a.htm",
        },
        fields={"title": "headline_vi", "text": "noi_dung", "date": "ngay"},
    )
    assert art.title == "Tiêu đề"
    assert art.published_at == "2021-04-19T14:06:00+07:00"
    assert art.outlet is not None and art.outlet.name == "Tuổi Trẻ"
    assert len(art.body) == 2


def test_record_utc_time_kept_as_instant() -> None:
    art = record({"title": "T", "content": TEXT, "published_at": "2026-02-03T07:18:16+00:00"})
    assert art.published_at == "2026-02-03T07:18:16+00:00"


def test_record_html_goes_to_html_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Document] = []

    def fake_extract_html(doc: Document) -> Article:
        seen.append(doc)
        return Article(id="", source=doc.source, title="Từ HTML", body=["Đoạn văn."], url=doc.url)

    module = types.ModuleType("baochi.extract.html")
    module.extract_html = fake_extract_html  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "baochi.extract.html", module)
    art = record(
        {"raw_html": "<html><p>Đoạn văn.</p></html>", "title": "Tiêu đề gốc", "url": "https://vov.vn/a"}
    )
    assert seen[0].kind == "html"
    assert seen[0].data == "<html><p>Đoạn văn.</p></html>".encode()
    assert art.title == "Tiêu đề gốc"  # the record's metadata is laid over the HTML result
    assert art.body == ["Đoạn văn."]
    assert art.outlet is not None and art.outlet.name == "VOV"


def test_record_without_text_is_other() -> None:
    assert record({"title": "Chỉ tiêu đề"}).page_type == "other"


def test_record_vfnd_samples_parse() -> None:
    from pathlib import Path

    from baochi.ingest import iter_documents

    folder = Path(__file__).resolve().parents[1] / "samples" / "vfnd" / "records"
    errors: list[Exception] = []
    arts = [extract_article(d) for d in iter_documents([str(folder)], on_error=errors.append)]
    assert errors == []
    assert len(arts) == 123
    assert all(a.page_type == "article" and a.title and a.body for a in arts)
    assert sum(a.published_at is not None for a in arts) >= 110
    assert sum(a.outlet is not None for a in arts) >= 110
    assert all(a.language == "vi" for a in arts)


def test_record_description_dateline_and_outlet_as_author() -> None:
    art = record(
        {
            "title": "T",
            "text": TEXT,
            "description": "TTO - Phát biểu trước buổi tập, tiền vệ cho biết anh rất háo hức.",
            "authors": ["Tuoi Tre Online"],
            "url": "https://tuoitre.vn/a.htm",
        }
    )
    assert art.lead == "Phát biểu trước buổi tập, tiền vệ cho biết anh rất háo hức."
    assert art.dateline is not None and art.dateline.prefix == "TTO"
    assert art.authors == []


def test_record_binhvq_style_html_body(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Document] = []

    def fake_extract_html(doc: Document) -> Article:
        seen.append(doc)
        return Article(id="", source=doc.source, body=["Đến nay còn 5.199 trường hợp chưa đến giải quyết."])

    module = types.ModuleType("baochi.extract.html")
    module.extract_html = fake_extract_html  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "baochi.extract.html", module)
    art = record(
        {
            "source": "Thanh Niên",
            "title": "Đà Nẵng nghiên cứu tiện ích nhắn tin",
            "sapo": "Theo thống kê của Phòng CSGT, PC67 gửi 13.479 lượt thông báo.",
            "body": '<p class="body-text">Đến nay c&ograve;n 5.199 trường hợp.</p><p class="body-text">X</p>',
            "publish": {"$date": "2018-02-04T22:15:07Z"},
            "keywords": ["Công an TP.Đà Nẵng", "Đăng kiểm"],
            "cates": ["Pháp luật"],
        }
    )
    assert seen and seen[0].kind == "html"
    assert art.outlet is not None and art.outlet.name == "Thanh Niên"
    assert art.lead == "Theo thống kê của Phòng CSGT, PC67 gửi 13.479 lượt thông báo."
    assert art.published_at == "2018-02-04T22:15:07+00:00"
    assert art.tags == ["Công an TP.Đà Nẵng", "Đăng kiểm"]
    assert art.section == "Pháp luật"


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ({"$date": 1517782507000}, "2018-02-04T22:15:07+00:00"),
        (1517782507, "2018-02-04T22:15:07+00:00"),
        ("2018-02-04 22:15", "2018-02-04T22:15:00+07:00"),
    ],
)
def test_record_date_forms(value: object, iso: str) -> None:
    assert record({"title": "T", "text": TEXT, "date": value}).published_at == iso


def test_record_paragraph_list_and_odd_types() -> None:
    art = record({"title": 42, "text": ["Đoạn một ở Hà Nội.", "Đoạn hai ở Đà Nẵng."], "authors": "Thu Huyền"})
    assert art.title is None
    assert art.body == ["Đoạn một ở Hà Nội.", "Đoạn hai ở Đà Nẵng."]
    assert art.authors == ["Thu Huyền"]
