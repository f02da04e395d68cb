"""Issue 14 item 3 and 8: a query is cut before any step reads it (linear time), and query words never
match the filter tokens of the index."""

from __future__ import annotations

from pathlib import Path

import pytest

from baochi.lang import abbreviations
from baochi.model import Article, Outlet
from baochi.search import engine, search
from baochi.search.query import MAX_CLAUSES, MAX_PHRASE, MAX_QUERY, parse_query
from baochi.store import Store


def test_every_step_sees_a_bounded_query(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    real = abbreviations.expand_query_variants

    def spy(query: str, **kw: object) -> list[str]:
        seen.append(len(query))
        return real(query, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(abbreviations, "expand_query_variants", spy)
    huge = "ha noi UBND " * 6000
    queries = engine.variant_queries(huge)
    assert seen and max(seen) <= engine.MAX_VARIANT_TEXT
    assert all(len(q.clauses) <= MAX_CLAUSES for q in queries)
    phrase = parse_query('"' + "ha noi " * 5000 + '"')
    assert len(phrase.clauses) == 1 and len(phrase.clauses[0].tokens) == MAX_PHRASE
    # words past the first MAX_QUERY characters are not read at all
    assert parse_query("x " * MAX_QUERY + "zzz").clauses[-1].tokens != ("zzz",)


def test_filter_tokens_are_not_words(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as s:
        s.put(
            Article(
                id="a1",
                source="1",
                title="Tin thời sự",
                outlet=Outlet(name="VnExpress", domain="vnexpress.net"),
                published_at="2017-03-04",
            )
        )
        for q in ("0y2017", "0m201703", "0d20170304", "0ovnexpress", "0wvnexpress", "0y2017 tin"):
            assert search(s, q) == [], q
        assert [h.id for h in search(s, "tin thoi su")] == ["a1"]
