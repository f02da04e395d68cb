from typing import Any

import pytest

from baochi.lang.times import find_time_expressions, roman_to_int

ANCHOR = "2021-04-19T14:06:00+07:00"


def _one(text: str, anchor: str | None = ANCHOR) -> tuple[str, str, Any]:
    found = find_time_expressions(text, anchor)
    assert len(found) == 1, found
    item = found[0]
    assert text[item["start"] : item["end"]] == item["text"]
    return item["text"], item["kind"], item["value"]


def _period(a: str, b: str) -> dict[str, str]:
    return {"start": a, "end": b}


CASES = [
    ("Ngày 19-4-2021, hội nghị", "Ngày 19-4-2021", "date", "2021-04-19"),
    ("sáng 19/4 vừa qua", "sáng 19/4", "date", "2021-04-19"),
    ("ngày 19 tháng 4 năm 2021", "ngày 19 tháng 4 năm 2021", "date", "2021-04-19"),
    ("thứ Hai, 19/4/2021", "thứ Hai, 19/4/2021", "date", "2021-04-19"),
    ("thứ Sáu (16/4)", "16/4", "date", "2021-04-16"),
    ("19/04/2021 - 14:06", "19/04/2021 - 14:06", "datetime", "2021-04-19T14:06"),
    ("lúc 15h30 ngày 2/9/2020", "15h30 ngày 2/9/2020", "datetime", "2020-09-02T15:30"),
    ("khoảng 8 giờ tối", "8 giờ tối", "datetime", "2021-04-19T20:00"),
    ("quý I-2021", "quý I-2021", "period", _period("2021-01-01", "2021-03-31")),
    ("trong quý II/2020", "quý II/2020", "period", _period("2020-04-01", "2020-06-30")),
    ("trong quý I, đề xuất", "quý I", "period", _period("2021-01-01", "2021-03-31")),
    ("6 tháng đầu năm", "6 tháng đầu năm", "period", _period("2021-01-01", "2021-06-30")),
    ("6 tháng cuối năm 2020", "6 tháng cuối năm 2020", "period", _period("2020-07-01", "2020-12-31")),
    ("nhiệm kỳ 2021 - 2026", "nhiệm kỳ 2021 - 2026", "period", _period("2021-01-01", "2026-12-31")),
    ("năm 2020", "năm 2020", "period", _period("2020-01-01", "2020-12-31")),
    ("tháng 12/2020", "tháng 12/2020", "period", _period("2020-12-01", "2020-12-31")),
    ("hôm qua", "hôm qua", "relative", "2021-04-18"),
    ("tối qua", "tối qua", "relative", "2021-04-18"),
    ("tuần trước", "tuần trước", "relative", _period("2021-04-12", "2021-04-18")),
    ("năm ngoái", "năm ngoái", "relative", _period("2020-01-01", "2020-12-31")),
    ("lần thứ 6", "lần thứ 6", "ordinal", 6),
    ("kỳ họp thứ mười một", "kỳ họp thứ mười một", "ordinal", 11),
    ("khóa XV", "khóa XV", "term", 15),
    ("Đại hội XIII của Đảng", "Đại hội XIII", "term", 13),
]


@pytest.mark.parametrize(("text", "span", "kind", "value"), CASES)
def test_times_table(text: str, span: str, kind: str, value: Any) -> None:
    assert _one(text) == (span, kind, value)


@pytest.mark.parametrize(
    "text", ["1/2 số người", "tăng 3.5 lần", "báo 24h đưa tin", "thứ 6 tuần", "khóa học"]
)
def test_times_ignores_non_times(text: str) -> None:
    assert [e for e in find_time_expressions(text, ANCHOR) if e["kind"] != "relative"] == []


def test_times_without_anchor_skip_what_needs_one() -> None:
    assert find_time_expressions("hôm qua, 19/4", None) == []
    assert _one("ngày 19-4-2021", None)[2] == "2021-04-19"


def test_times_roman_numerals() -> None:
    assert [roman_to_int(r) for r in ["I", "IV", "IX", "XIII", "XV", "XL"]] == [1, 4, 9, 13, 15, 40]
    assert roman_to_int("xv") is None


def test_times_founding_document(seed_document) -> None:  # type: ignore[no-untyped-def]
    text = seed_document.read_text(encoding="utf-8")
    found = {(e["text"], e["kind"], str(e["value"])) for e in find_time_expressions(text, ANCHOR)}
    expected = {
        ("lần thứ 6", "ordinal", "6"),
        ("19/04/2021 - 14:06", "datetime", "2021-04-19T14:06"),
        ("Ngày 19-4-2021", "date", "2021-04-19"),
        ("quý I", "period", str(_period("2021-01-01", "2021-03-31"))),
        ("quý II-2021", "period", str(_period("2021-04-01", "2021-06-30"))),
        ("quý I-2021", "period", str(_period("2021-01-01", "2021-03-31"))),
        ("năm 2020", "period", str(_period("2020-01-01", "2020-12-31"))),
        ("năm 2021", "period", str(_period("2021-01-01", "2021-12-31"))),
        ("Đại hội XIII", "term", "13"),
        ("Đại hội XI", "term", "11"),
        ("khóa XV", "term", "15"),
        ("nhiệm kỳ 2021 - 2026", "period", str(_period("2021-01-01", "2026-12-31"))),
    }
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kéo dài 5 giờ liền", []),
        ("lúc 5 giờ", [("5 giờ", "2021-04-19T05:00")]),
        ("10 năm qua", []),
        ("nhiều tháng qua", []),
        ("7h ngày 5/2", [("7h ngày 5/2", "2021-02-05T07:00")]),
        ("từ 7h đến 9h30", [("7h", "2021-04-19T07:00"), ("9h30", "2021-04-19T09:30")]),
    ],
)
def test_times_durations_and_counted_spans_are_not_times(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(e["text"], e["value"]) for e in find_time_expressions(text, ANCHOR)] == expected
