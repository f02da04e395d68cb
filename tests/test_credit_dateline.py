"""One credit parser and one dateline detector for scraped text and HTML alike (issue 13)."""

from __future__ import annotations

import importlib.util

import pytest

from baochi.extract.byline import parse_credit, read_credit
from baochi.extract.dateline import find_dateline
from baochi.extract.html import extract_html
from baochi.extract.text import layout_article
from baochi.model import Document


def test_one_credit_parser_and_one_dateline_detector() -> None:
    assert importlib.util.find_spec("baochi.extract.html_byline") is None
    import baochi.extract.html as html_mod

    assert not hasattr(html_mod, "_DATELINE")


@pytest.mark.parametrize(
    ("line", "authors", "roles", "attribution"),
    [
        ("Tin, ảnh: Thu Huyền", ["Thu Huyền"], ["text", "photo"], None),
        ("Bài: Trần An - Ảnh: Bảo Ngọc", ["Trần An"], ["text", "photo"], None),
        ("H.V. Ảnh: Misso", ["H.V."], ["text", "photo"], None),
        ("Nguyên Minh - 07/03/2026 08:47", ["Nguyên Minh"], ["text"], None),
        ("Theo Minh Nguyễn/Vcamp.vn", ["Minh Nguyễn"], ["text"], "Vcamp.vn"),
        ("Bích Lan/VOV.VN", ["Bích Lan"], ["text"], "VOV"),
        ("Tuệ Minh (lược dịch)", ["Tuệ Minh"], ["translation"], None),
        ("Theo VNE", [], [], "VnExpress"),
    ],
)
def test_credit_lines_read_alike_in_text_and_html(
    line: str, authors: list[str], roles: list[str], attribution: str | None
) -> None:
    strict = parse_credit(line, last=True)
    assert strict is not None
    assert (strict.authors, strict.roles, strict.attribution) == (authors, roles, attribution)
    placed = read_credit(line)
    assert (placed.authors, placed.roles, placed.attribution) == (authors, roles, attribution)


def test_team_credit_names_no_person() -> None:
    credit = parse_credit("Nhóm PV", last=True)
    assert credit is not None and credit.group and credit.authors == []


LEAD = "(Dân trí) - Sáng 7-3, hàng nghìn người dân đã tham gia ngày hội đi bộ vì sức khỏe cộng đồng."


def test_html_and_text_datelines_agree() -> None:
    page = (
        "<html><head><meta property='article:published_time' content='2026-03-07T08:00:00+07:00'>"
        "</head><body>"
        "<h1>Ngày hội đi bộ vì sức khỏe cộng đồng</h1>"
        f"<p class='sapo'>{LEAD}</p><div class='content'>"
        + "".join(
            f"<p>Đoạn {i} của bài viết về ngày hội đi bộ, có đủ chữ để là một đoạn văn.</p>" for i in range(4)
        )
        + "</div></body></html>"
    )
    html_art = extract_html(Document(source="x.html", data=page.encode(), kind="html"))
    found = find_dateline(LEAD)
    assert found is not None
    assert html_art.dateline is not None and html_art.dateline.prefix == found.prefix == "(Dân trí)"
    assert html_art.lead == found.rest
    text_art = layout_article(f"Ngày hội đi bộ\n\n{LEAD}\n\nĐoạn một của bài.\n", source="x.txt")
    assert text_art.dateline is not None and text_art.dateline.prefix == html_art.dateline.prefix
