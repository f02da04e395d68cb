from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from baochi.lang.fold import fold_key
from baochi.model import Article, Outlet
from baochi.store.fts import TOKEN, accented_words, fold_text, index_rows, meta_tokens

_vi = st.text(alphabet="aàáảãạăằắẳẵặâầấẩẫậđeèéẻẽẹêềếểễệoòóỏõọôồốổỗộơờớởỡợuưừứữựĐÔƯ bcdgn-.,_0123456789Ωж")


@given(_vi)
def test_store_fts_folded_and_accented_vocabularies_are_disjoint(text: str) -> None:
    folded = set(TOKEN.findall(fold_text(text)))
    accented = set(accented_words(text).split())
    assert all(fold_key(w) == w for w in folded)
    assert all(fold_key(w) != w for w in accented)
    assert not folded & accented
    # every accented word folds to a folded word of the same text
    assert {fold_key(w) for w in accented} <= folded


def test_store_fts_accented_words_cases() -> None:
    assert accented_words("Đảng bộ TP. Bến Tre, tre xanh", "ĐÀ NẴNG 2021") == "đảng bộ bến đà nẵng"


def test_store_fts_meta_tokens() -> None:
    a = Article(
        id="x",
        source="s",
        outlet=Outlet(name="Báo Đồng Khởi", domain="www.baodongkhoi.vn"),
        published_at="2021-04-19T14:06:00+07:00",
    )
    assert meta_tokens(a).split() == [
        "0y2021",
        "0m202104",
        "0d20210419",
        "0obao",
        "0odong",
        "0okhoi",
        "0wbaodongkhoi",
        "0wvn",
    ]
    assert meta_tokens(Article(id="y", source="s", published_at="2021")) == "0y2021"
    assert meta_tokens(Article(id="z", source="s")) == ""


def test_store_fts_index_rows_shape() -> None:
    head, text = index_rows(Article(id="x", source="s", title="Đà Nẵng", lead="Bà", body=["a", "Bé"]))
    assert head == ("da nang", "ba", "đà nẵng bà", "")
    assert text == ("da nang", "ba", "a\nbe", "đà nẵng bà bé", "")
