from __future__ import annotations

from collections.abc import Iterator

import pytest

from baochi.model import Article
from baochi.search import search
from baochi.store import Store

CORPUS = [
    Article(id="abbr", source="1", title="UBND tỉnh Bến Tre họp phiên thường kỳ", body=["MTTQ tỉnh dự."]),
    Article(id="full", source="2", title="Ủy ban nhân dân tỉnh Bến Tre công bố quy hoạch"),
    Article(id="other", source="3", title="Mặt trận Tổ quốc huyện Châu Thành ra quân"),
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = Store(tmp_path_factory.mktemp("abbr") / "s.db")
    with s.transaction():
        for a in CORPUS:
            s.put(a)
    yield s
    s.close()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ủy ban nhân dân Bến Tre", ["full", "abbr"]),
        ("UBND Bến Tre", ["abbr", "full"]),
        ("mặt trận tổ quốc", ["other", "abbr"]),
        ("quy hoạch", ["full"]),
    ],
)
def test_search_abbreviations_find_both_spellings(store: Store, query: str, expected: list[str]) -> None:
    assert [h.id for h in search(store, query)] == expected
