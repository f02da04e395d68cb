from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from baochi.lang.normalize import normalize_space, normalize_text


def test_normalize_space_collapses_nbsp_and_double_spaces() -> None:
    assert normalize_space("\u00a0 Bí thư  Thành ủy\u00a0") == "Bí thư Thành ủy"


@given(st.text())
def test_normalize_text_is_idempotent_and_nfc(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
