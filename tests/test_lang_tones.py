import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baochi.lang.normalize import clean_punctuation, normalize_text, text_key
from baochi.lang.tones import place_tone, place_tones

CASES = [
    ("hòa", "hoà", "hòa"),
    ("hoà", "hoà", "hòa"),
    ("thủy", "thuỷ", "thủy"),
    ("khoẻ", "khoẻ", "khỏe"),
    ("hòan", "hoàn", "hoàn"),
    ("quý", "quý", "quý"),
    ("giữa", "giữa", "giữa"),
    ("người", "người", "người"),
    ("ngoài", "ngoài", "ngoài"),
    ("khuỷu", "khuỷu", "khuỷu"),
    ("Hòa", "Hoà", "Hòa"),
]


@pytest.mark.parametrize(("word", "new", "old"), CASES)
def test_tones_placement_styles(word: str, new: str, old: str) -> None:
    assert place_tone(word, "new") == new
    assert place_tone(word, "old") == old


def test_tones_text_key_merges_styles() -> None:
    assert text_key("Thủy lợi  HÒA bình") == text_key("thuỷ lợi hoà bình") == "thuỷ lợi hoà bình"
    assert text_key("Hòa", "old") == "hòa"


VI = st.text(alphabet="aăâeêioôơuưyhnqgtrđAĐÓòảẫệỳ ̀́\u0303\u0309\u0323\t\n.,;:!?()“” 0123456789", max_size=60)


@given(VI)
def test_normalize_idempotent_and_nfc(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert unicodedata.is_normalized("NFC", once)
    key = text_key(text)
    assert text_key(key) == key
    assert place_tones(place_tones(once)) == place_tones(once)
    cleaned = clean_punctuation(once)
    assert clean_punctuation(cleaned) == cleaned


def test_normalize_punctuation_keeps_numbers() -> None:
    assert clean_punctuation("Xin chào , bạn ( ok ) 3,5 và 14:06") == "Xin chào, bạn (ok) 3,5 và 14:06"
