"""An aggregator's copy credited ``Theo <outlet>`` gets that outlet, its spellings merged by the registry."""

from __future__ import annotations

import pytest

import baochi
from baochi.model import Outlet

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


def test_unknown_attribution_gives_one_outlet_whatever_the_case() -> None:
    spellings = ("Theo Tạp chí Không Có Thật", "Theo Tạp chí không có thật", "(Theo Tạp chí không Có Thật)")
    outlets = [
        baochi.extract_article(_copy(credit), kind="text", steps="none").outlet for credit in spellings
    ]
    assert outlets == [Outlet(name="Tạp Chí Không Có Thật")] * 3


# Foot credits of the baomoi texts (2017) the extractor used to miss, each with the outlet it gives.
@pytest.mark.parametrize(
    ("credit", "attribution", "outlet"),
    [
        ("Theo autopro.com.vn", "autopro.com.vn", Outlet(name="autopro.com.vn", domain="autopro.com.vn")),
        ("Hà An\n - Theo VnExpress", "VnExpress", Outlet(name="VnExpress", domain="vnexpress.net")),
        ("– Theo Travelandleisure", "Travelandleisure", Outlet(name="Travelandleisure")),
        ("Theo Hà My (Dịch từ SN) (Khám Phá)", "Khám Phá", Outlet(name="Khám phá", domain="khampha.vn")),
        ("Theo An An - Ảnh: NVCC (Khám phá)", "Khám phá", Outlet(name="Khám phá", domain="khampha.vn")),
        ("Duy An\nTheo\nKorea Boo", "Korea Boo", Outlet(name="Korea Boo")),
        ("Theo The Sun", "The Sun", Outlet(name="The Sun")),
        ("Lược theo Báo PL", "Báo PL", Outlet(name="Báo PL")),
        ("Theo VITIC/Bloomberg", "VITIC/Bloomberg", Outlet(name="Bloomberg")),
        ("Theo Tổng hợp từ Goal", "Tổng hợp từ Goal", Outlet(name="Goal")),
        ("((Theo Prevention.com))", "Prevention.com", Outlet(name="prevention.com", domain="prevention.com")),
        (
            "Theo Duy Hoàngbaodautu.vn",
            "Duy Hoàngbaodautu.vn",
            Outlet(name="Báo Đầu tư", domain="baodautu.vn"),
        ),
        # several sources, a person, no outlet: an attribution but no outlet invented
        ("(Theo CNN, AFP, BBC)", "CNN, AFP, BBC", None),
        ("Gia An (Tổng hợp theo báo Dân Việt, Tiền Phong)", "Dân Việt, Tiền Phong", None),
        ("Nguồn: Internet", "Internet", None),
    ],
)
def test_foot_attribution_gives_the_outlet(credit: str, attribution: str, outlet: Outlet | None) -> None:
    art = baochi.extract_article(_copy(credit), kind="text", steps="none")
    assert (art.attribution, art.outlet) == (attribution, outlet)


def test_credit_after_related_headlines_is_read() -> None:
    text = _copy("Xem thêm:\n7 loại thực phẩm cực kỳ tốt cho sức khỏe của bạn\nTheo Lê Phương (Khám phá)")
    art = baochi.extract_article(text, kind="text", steps="none")
    assert art.authors == ["Lê Phương"] and art.outlet is not None and art.outlet.name == "Khám phá"


def test_no_attribution_no_outlet() -> None:
    art = baochi.extract_article(_copy("Hà An"), kind="text", steps="none")
    assert art.attribution is None and art.outlet is None and art.authors == ["Hà An"]
