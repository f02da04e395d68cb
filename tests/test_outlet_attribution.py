"""An aggregator's copy credited ``Theo <outlet>`` gets that outlet, its spellings merged by the registry."""

from __future__ import annotations

import pytest

import baochi

BODY = (
    "Sáng 12-3, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác năm 2020 với sự tham dự của "
    "nhiều đại biểu.\n\nHội nghị đã thống nhất các giải pháp trọng tâm cho năm 2021 và giao nhiệm vụ "
    "cụ thể cho từng sở, ngành."
)


def _copy(credit: str) -> str:
    return f"Tỉnh tổng kết công tác năm 2020\n\n{BODY}\n\n{credit}\n"


@pytest.mark.parametrize("credit", ["Theo VnExpress", "Theo Vnexpress", "Theo VNE"])
def test_attribution_names_the_outlet_of_a_copy(credit: str) -> None:
    art = baochi.extract_article(_copy(credit), kind="text", steps="none")
    assert art.attribution is not None
    assert art.outlet is not None and art.outlet.name == "VnExpress"


def test_unknown_attribution_gives_no_outlet() -> None:
    art = baochi.extract_article(_copy("Theo Báo Không Có Thật"), kind="text", steps="none")
    assert art.outlet is None
