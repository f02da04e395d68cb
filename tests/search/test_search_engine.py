from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baochi.errors import QueryError
from baochi.model import Article, Outlet
from baochi.search import Filters, parse_query, search
from baochi.search.snippet import CLOSE, OPEN, snippet
from baochi.store import Store

DONG_KHOI = Outlet(name="Báo Đồng Khởi", domain="baodongkhoi.vn")
TUOI_TRE = Outlet(name="Tuổi Trẻ", domain="tuoitre.vn")

# Small hand-made corpus (short real-style sentences).
CORPUS = [
    Article(
        id="bentre",
        source="1",
        title="Hội nghị lần thứ 6 Ban Chấp hành Đảng bộ TP. Bến Tre",
        lead="Ngày 19-4-2021, Ban Chấp hành Đảng bộ TP. Bến Tre tổ chức Hội nghị lần thứ 6.",
        body=["Trong quý I-2021, kinh tế thành phố tiếp tục phát triển."],
        outlet=DONG_KHOI,
        published_at="2021-04-19T14:06:00+07:00",
    ),
    Article(
        id="danang",
        source="2",
        title="Đà Nẵng đón khách du lịch trở lại",
        lead="Các bãi biển ở Đà Nẵng đông khách sau kỳ nghỉ.",
        body=["Ngành du lịch thành phố kỳ vọng doanh thu tăng mạnh.", "Bến xe phía tre đông người."],
        outlet=TUOI_TRE,
        published_at="2023-07-02",
    ),
    Article(
        id="ba-exact",
        source="3",
        title="Chuyện bà cụ bán hàng",
        lead="Bà cụ đã bán hàng ở chợ suốt ba mươi năm.",
        body=["Ai cũng quý bà."],
        outlet=TUOI_TRE,
        published_at="2023-08-15T09:00:00+07:00",
    ),
    Article(
        id="ba-folded",
        source="4",
        # "ba" (three) and "bá" everywhere, in the title too: BM25 alone would rank it first for "ba".
        title="Ba năm, ba dự án, ba bá chủ",
        lead="Ba dự án lớn ba năm qua; ba bá chủ thị trường.",
        body=["Ba ba ba."],
        outlet=DONG_KHOI,
        published_at="2022-01-10",
    ),
    Article(id="nodate", source="5", title="Tin Bến Tre không ngày", body=["Bến Tre mưa lớn."]),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = Store(tmp_path_factory.mktemp("search") / "s.db")
    with s.transaction():
        for a in CORPUS:
            s.put(a)
    yield s
    s.close()


def _ids(store: Store, query: str, **filters: str) -> list[str]:
    return [h.id for h in search(store, query, filters=Filters(**filters))]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ben tre", "bentre"),
        ("dang bo", "bentre"),
        ("da nang", "danang"),
        ("DA NANG", "danang"),
        ("Đà Nẵng", "danang"),
        ("đà nẵng", "danang"),
        ("chap hanh", "bentre"),  # two-mark letters: ấ
        ("hoi nghi", "bentre"),  # ộ
        ("tiep tuc", "bentre"),  # ế, ụ
        ("ky vong", "danang"),  # ỳ, ọ
    ],
)
def test_search_folds_accents_and_d(store: Store, query: str, expected: str) -> None:
    assert expected in _ids(store, query)


def test_search_title_match_outranks_body_match(store: Store) -> None:
    ids = _ids(store, "ben tre")
    # "Bến xe phía tre": both words, in the body only
    assert ids.index("bentre") < ids.index("danang")


def test_search_accented_query_ranks_exact_diacritics_first(store: Store) -> None:
    # without diacritics, BM25 prefers the record full of "ba"
    assert _ids(store, "ba")[0] == "ba-folded"
    # typed with the grave accent: the exact "bà" comes first, "ba"/"bá" still found after it
    assert _ids(store, "bà") == ["ba-exact", "ba-folded"]
    assert _ids(store, "bá")[0] == "ba-folded"


def test_search_phrase_needs_adjacent_words(store: Store) -> None:
    assert set(_ids(store, "bến tre")) >= {"bentre", "danang"}
    phrase = _ids(store, '"bến tre"')
    assert "danang" not in phrase and "bentre" in phrase
    assert _ids(store, '"tre ben"') == []
    assert "bentre" in _ids(store, '"dang bo tp ben tre"')


def test_search_words_must_all_match(store: Store) -> None:
    assert _ids(store, "ben tre kinh te") == ["bentre"]
    assert _ids(store, "ben tre nonexistentword") == []


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"outlet": "Báo Đồng Khởi"}, {"bentre"}),
        ({"outlet": "dong khoi"}, {"bentre"}),
        ({"outlet": "baodongkhoi.vn"}, {"bentre"}),
        ({"outlet": "www.baodongkhoi.vn"}, {"bentre"}),
        ({"outlet": "tuoi tre"}, {"danang"}),
        ({"outlet": "vnexpress.net"}, set()),
        ({"since": "2021-04-19", "until": "2021-04-19"}, {"bentre"}),
        ({"since": "2022"}, {"danang"}),
        ({"until": "2021-04"}, {"bentre"}),
        ({"until": "2021-04-18"}, set()),
    ],
)
def test_search_filters(store: Store, filters: dict[str, str], expected: set[str]) -> None:
    assert set(_ids(store, "ben tre", **filters)) == expected


def test_search_limit(store: Store) -> None:
    assert len(search(store, "ben tre", limit=1)) == 1
    assert search(store, "ben tre", limit=0) == []


@pytest.mark.parametrize("bad", ["yesterday", "2021/04/19", "19-04-2021", "2021-4"])
def test_search_bad_date_is_a_query_error(store: Store, bad: str) -> None:
    with pytest.raises(QueryError):
        search(store, "ben tre", filters=Filters(since=bad))


@pytest.mark.parametrize(
    "query",
    [
        '"ben tre',
        'ben tre"',
        '"""',
        "*",
        "ben*",
        "NEAR(ben tre)",
        "ben NEAR tre",
        "ben AND tre OR NOT da",
        "-ben",
        "ben -tre",
        "^ben",
        "title_f: ben",
        "{title_x}: bến",
        "'; DROP TABLE articles; --",
        "ben'tre",
        "(ben",
        "“Bến Tre",
        "«Đà Nẵng»",
        "",
        "   ",
        "\x00",
        "a" * 5000,
        "ben " * 500,
    ],
)
def test_search_hostile_query_is_answered(store: Store, query: str) -> None:
    hits = search(store, query)
    assert isinstance(hits, list)
    assert store.count("articles") == len(CORPUS)


def test_search_hostile_query_keeps_its_words(store: Store) -> None:
    assert "bentre" in _ids(store, "NEAR(ben tre)")
    assert "bentre" in _ids(store, '"ben tre')
    assert "bentre" in _ids(store, "ben AND tre")
    assert _ids(store, "«Đà Nẵng»") == ["danang"]


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.text(max_size=60))
def test_search_never_crashes_on_any_text(store: Store, query: str) -> None:
    search(store, query)


def test_parse_query_terms_and_phrases() -> None:
    q = parse_query('Đảng bộ "Bến Tre" NOT')
    assert [c.tokens for c in q.clauses] == [("đảng",), ("bộ",), ("bến", "tre")]
    assert q.clauses[2].folded == ("ben", "tre")
    assert parse_query("ben tre").exact_match() is None
    assert parse_query("*  - ^").empty


def test_search_snippet_marks_original_text(store: Store) -> None:
    hit = search(store, "dang bo ben tre")[0]
    assert "«Đảng bộ» TP. «Bến Tre»" in hit.snippet
    hit = search(store, "kinh te")[0]
    assert "«kinh tế»" in hit.snippet


def test_search_json_shape(store: Store) -> None:
    hit = search(store, "da nang")[0]
    assert list(hit.to_json()) == ["id", "title", "outlet", "published_at", "score", "snippet"]
    assert hit.to_json()["outlet"] == {"name": "Tuổi Trẻ", "domain": "tuoitre.vn"}
    assert hit.score > 0


_plain = st.text(
    alphabet=st.characters(blacklist_characters="«»…", blacklist_categories=("Cs",)), max_size=30
)


@given(st.lists(_plain, min_size=1, max_size=4), _plain)
def test_snippet_is_the_original_text_with_marks(body: list[str], query: str) -> None:
    a = Article(id="x", source="s", body=body)
    out = snippet(a, *parse_query(query).marked_words(False))
    plain = out.replace(OPEN, "").replace(CLOSE, "").strip("…")
    assert any(plain in p for p in body) or not plain


def test_snippet_window_of_a_long_paragraph() -> None:
    words = ["chữ"] * 200 + ["Đà", "Nẵng"] + ["chữ"] * 200
    a = Article(id="x", source="s", body=[" ".join(words)])
    out = snippet(a, *parse_query("da nang").marked_words(False))
    assert "«Đà Nẵng»" in out
    assert out.startswith("…") and out.endswith("…")
    assert len(out) < 260


def test_snippet_marks_the_phrase_not_its_lone_syllables() -> None:
    text = "Xe buýt đi qua 10 điểm di tích nổi tiếng ở Hà Nội, nơi du khách hạ kính."
    out = snippet(Article(id="x", source="s", body=[text]), *parse_query("ha noi").marked_words(False))
    assert out.count(OPEN) == 1 and "«Hà Nội»" in out
    # Without the words side by side, each one found is still marked.
    apart = "Nơi này nổi tiếng, hạ giá."
    out = snippet(Article(id="x", source="s", body=[apart]), *parse_query("ha noi").marked_words(False))
    assert out.count(OPEN) == 3


def test_search_store_path(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.db") as s:
        assert search(s, "ben tre") == []


def test_search_prefers_words_side_by_side(tmp_path: Path) -> None:
    with Store(tmp_path / "adj.db") as s:
        # short title, words apart: BM25 alone ranks it first
        s.put(Article(id="apart", source="1", title="Đảng viên bỏ phiếu"))
        s.put(
            Article(
                id="together", source="2", title="Hội nghị Ban Chấp hành Đảng bộ tỉnh Bến Tre lần thứ sáu"
            )
        )
        s.put(Article(id="body", source="3", title="Tin trong nước", body=["Đảng bộ xã họp."]))
        # side by side anywhere (even only in the body) before apart (even in the title)
        assert [h.id for h in search(s, "dang bo")] == ["together", "body", "apart"]
        assert [h.id for h in search(s, "đảng bộ")] == ["together", "body", "apart"]
        assert parse_query("dang").adjacency() is None
        assert parse_query('"dang bo"').adjacency() is None
        assert parse_query("Đảng bộ").adjacency() == '"dang bo"'
