from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baochi.lang.fold import fold_accents, fold_key

VIETNAMESE_LETTERS = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Bến Tre", "Ben Tre"), ("Đảng bộ", "Dang bo"), ("Đà Nẵng", "Da Nang"), ("ộẫữ", "oau")],
)
def test_fold_accents_cases(text: str, folded: str) -> None:
    assert fold_accents(text) == folded


def test_fold_maps_every_vietnamese_letter() -> None:
    for ch in VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper():
        out = fold_accents(ch)
        assert out.isascii() and out.isalpha(), ch


@given(st.text())
def test_fold_keeps_length(text: str) -> None:
    assert len(fold_accents(text)) == len(text)
    assert len(fold_key(text)) == len(text)


@given(st.text(alphabet=VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper() + " ."))
def test_fold_key_is_ascii_on_vietnamese(text: str) -> None:
    assert fold_key(unicodedata.normalize("NFC", text)).isascii()
