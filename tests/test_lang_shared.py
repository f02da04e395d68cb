"""Real cases from ../shared/data (skipped when absent): time expressions in baomoi articles, legacy
encodings and spelling flags on real articles, with pinned quality floors."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from baochi.lang import legacy
from baochi.lang.spelling import check_spelling
from baochi.lang.times import find_time_expressions

pytestmark = pytest.mark.shared_data
ANCHOR = "2017-02-07T10:00:00+07:00"  # the baomoi sample is from February 2017


def _p(a: str, b: str) -> dict[str, str]:
    return {"start": a, "end": b}


TIMES = [
    ("21473656.txt", "18h00 ngày 7/2/2017", "datetime", "2017-02-07T18:00"),
    ("21478514.txt", "9 tháng đầu năm 2010", "period", _p("2010-01-01", "2010-09-30")),
    ("21472251.txt", "quý IV/2016", "period", _p("2016-10-01", "2016-12-31")),
    ("21471121.txt", "khóa XIV", "term", 14),
    ("21471121.txt", "nhiệm kỳ 2015-2020", "period", _p("2015-01-01", "2020-12-31")),
    ("21474345.txt", "sáng 09/02", "date", "2017-02-09"),
    ("21469536.txt", "ngày hôm qua", "relative", "2017-02-06"),
    ("21471519.txt", "tuần qua", "relative", _p("2017-01-30", "2017-02-05")),
]


@pytest.mark.parametrize(("name", "text", "kind", "value"), TIMES)
def test_times_real_baomoi_cases(shared_data: Path, name: str, text: str, kind: str, value: Any) -> None:
    doc = (shared_data / "text" / "baomoi" / "docs" / name).read_text(encoding="utf-8")
    found = [(e["text"], e["kind"], e["value"]) for e in find_time_expressions(doc, ANCHOR)]
    assert (text, kind, value) in found


def _articles(shared_data: Path, n: int, offset: int) -> list[str]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
    from _spellinject import load_articles

    return load_articles(n, offset)


def test_legacy_accuracy_floor_on_real_articles(shared_data: Path) -> None:
    texts = _articles(shared_data, 25, 3000)
    for encode, name in ((legacy.encode_tcvn3, "tcvn3"), (legacy.encode_vni, "vni")):
        good = total = 0
        for text in texts:
            data = encode(text)
            assert legacy.detect_legacy(data) == name
            got = legacy.decode_legacy(data, name)
            assert len(got) == len(text)
            good += sum(a == b for a, b in zip(got, text, strict=True))
            total += len(text)
        assert good / total >= 0.999, name
    for text in texts:
        data = legacy.encode_viqr(text).encode("utf-8")
        assert legacy.detect_legacy(data) == "viqr"
        got = legacy.decode_legacy(data, "viqr")
        same = sum(a == b for a, b in zip(got, text, strict=False))
        assert same / len(text) >= 0.99 or len(got) != len(text)


def test_spelling_quality_floor_on_injected_errors(shared_data: Path) -> None:
    from _spellinject import evaluate

    texts = _articles(shared_data, 40, 1200)
    result = evaluate(check_spelling, texts, seed=3)
    # Pinned floors a little under the measured figures (bench/lang.py): a regression fails CI.
    assert result["precision"] >= 0.88
    assert result["recall"] >= 0.65
