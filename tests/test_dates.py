from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baochi.extract.dates import VN_TZ, parse_vi_datetime, timestamp_line


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("19/04/2021 - 14:06", "2021-04-19T14:06:00+07:00"),
        ("23/10/2013 14:20", "2013-10-23T14:20:00+07:00"),
        ("Thứ hai, 12/8/2024, 17:45 (GMT+7)", "2024-08-12T17:45:00+07:00"),
        ("Thứ Hai, 12/8/2024, 10:45 (GMT+0)", "2024-08-12T10:45:00+00:00"),
        ("10:45 06/02/2017", "2017-02-06T10:45:00+07:00"),
        ("Cập nhật lúc 08h30 ngày 05/02/2017", "2017-02-05T08:30:00+07:00"),
        ("05/02/2017 5:30 PM", "2017-02-05T17:30:00+07:00"),
        ("ngày 2 tháng 9 năm 1945", "1945-09-02"),
        ("19-4-2021", "2021-04-19"),
        ("19.4.2021", "2021-04-19"),
        ("2018-11-26 00:00:00", "2018-11-26"),
        ("2018-07-19 15:18", "2018-07-19T15:18:00+07:00"),
        ("2026-02-03T07:18:16+00:00", "2026-02-03T07:18:16+00:00"),
        ("2026-02-03T07:18:16Z", "2026-02-03T07:18:16+00:00"),
        ("2021-04-19", "2021-04-19"),
    ],
)
def test_dates_parse(text: str, iso: str) -> None:
    assert parse_vi_datetime(text) == iso


@pytest.mark.parametrize("text", ["", "Không có ngày", "31/02/2021", "1/1/1200", "tỉ lệ 2/3", None])
def test_dates_parse_nothing(text: str | None) -> None:
    assert parse_vi_datetime(text) is None


@pytest.mark.parametrize(
    ("line", "is_ts"),
    [
        ("19/04/2021 - 14:06", True),
        ("Thứ hai, 12/8/2024, 17:45 (GMT+7)", True),
        ("Cập nhật: 19/04/2021 14:06", True),
        ("Ngày 19-4-2021, Ban Chấp hành Đảng bộ họp", False),
        ("Thái Sơn - Thể thao Việt Nam | 10:45 06/02/2017", False),
    ],
)
def test_dates_timestamp_line(line: str, is_ts: bool) -> None:
    assert (timestamp_line(line) is not None) is is_ts


@given(st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2099, 12, 31)))
def test_dates_roundtrip_vietnamese_forms(dt: datetime) -> None:
    iso = dt.replace(second=0, microsecond=0, tzinfo=VN_TZ).isoformat(timespec="seconds")
    for text in (
        f"{dt.day:02d}/{dt.month:02d}/{dt.year} - {dt.hour:02d}:{dt.minute:02d}",
        f"{dt.hour}:{dt.minute:02d} {dt.day}/{dt.month}/{dt.year}",
        f"Thứ hai, {dt.day}/{dt.month}/{dt.year}, {dt.hour:02d}:{dt.minute:02d} (GMT+7)",
    ):
        assert parse_vi_datetime(text) == iso
        assert timestamp_line(text) == iso
    assert parse_vi_datetime(f"ngày {dt.day} tháng {dt.month} năm {dt.year}") == dt.date().isoformat()
