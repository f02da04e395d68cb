import pytest

from _evaluate import (
    authors_match,
    bag_of_words_f1,
    date_match,
    fuzzy_f1,
    leaks,
    paragraph_f1,
    score_record,
)


def test_evaluate_bag_of_words() -> None:
    assert bag_of_words_f1("Đà Nẵng mưa", "đà  nẵng mưa")[2] == 1.0
    p, r, f = bag_of_words_f1("a b c d", "a b")
    assert (p, r) == (0.5, 1.0)
    assert f == pytest.approx(2 / 3)
    assert bag_of_words_f1("", "")[2] == 1.0
    assert bag_of_words_f1("a", "")[2] == 0.0


def test_evaluate_paragraphs_exact_after_whitespace() -> None:
    assert paragraph_f1(["A  b", "c"], ["A b", "c"]) == 1.0
    assert paragraph_f1(["A b c"], ["A b", "c"]) == 0.0
    assert paragraph_f1(["A b", "x"], ["A b", "c"]) == 0.5


def test_evaluate_fuzzy_captions() -> None:
    assert fuzzy_f1(["Ảnh minh họa."], ["Ảnh minh họa"]) == 1.0
    assert fuzzy_f1([], []) == 1.0
    assert fuzzy_f1(["x"], []) == 0.0


@pytest.mark.parametrize(
    ("system", "gold", "ok"),
    [
        ("2021-04-19T14:06:00+07:00", "2021-04-19T14:06:00+07:00", True),
        ("2026-02-03T14:18:16+07:00", "2026-02-03T07:18:16+00:00", True),
        ("2021-04-19T14:06:00+07:00", "2021-04-19", True),
        ("2021-04-19", "2021-04-19T14:06:00+07:00", False),
        ("2021-04-19T15:06:00+07:00", "2021-04-19T14:06:00+07:00", False),
        (None, None, True),
        (None, "2021-04-19", False),
    ],
)
def test_evaluate_date_match(system: str | None, gold: str | None, ok: bool) -> None:
    assert date_match(system, gold) is ok


def test_evaluate_authors_and_leaks() -> None:
    assert authors_match(["Thu Huyền"], ["thu  huyền"])
    assert not authors_match([], ["Thu Huyền"])
    gold = {"boilerplate": ["Chia sẻ", "Lưu bài viết thành công"]}
    assert leaks({"lead": None, "body": ["x Lưu bài viết thành công y"]}, gold) == ["Lưu bài viết thành công"]
    assert leaks({"lead": "Chia sẻ", "body": []}, gold) == []


def test_evaluate_score_record_perfect() -> None:
    rec = {"title": "T", "lead": "L", "body": ["a", "b"], "captions": ["c"], "authors": ["X"]}
    scores = score_record(rec, {**rec, "published_at": None})
    assert all(v == 1.0 for k, v in scores.items() if k != "leak")
    assert scores["leak"] == 0.0
