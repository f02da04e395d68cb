import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baochi.lang.legacy import (
    decode_legacy,
    decode_tcvn3,
    decode_viqr,
    decode_vni,
    detect_legacy,
    encode_tcvn3,
    encode_viqr,
    encode_vni,
    fix_mojibake,
    repair_text,
)

_BASES = "aăâeêioôơuưy"
_TONES = ["", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323"]
LOWER = sorted({unicodedata.normalize("NFC", b + t) for b in _BASES for t in _TONES} | {"đ"})
UPPER = [c.upper() for c in LOWER]
LETTERS = LOWER + UPPER
SAMPLE = "Hội nghị lần thứ 6 Ban Chấp hành Đảng bộ thành phố đề xuất các giải pháp trong quý II-2021."


def test_legacy_covers_every_vietnamese_letter() -> None:
    assert len(LOWER) == 73  # 12 vowels x 6 tones + đ
    for letter in LETTERS:
        assert decode_vni(encode_vni(letter)) == letter
        assert decode_viqr(encode_viqr("x" + letter + "x")) == "x" + letter + "x"


@pytest.mark.parametrize("letter", LETTERS)
def test_legacy_tcvn3_round_trip_every_letter(letter: str) -> None:
    # TCVN3 has no codes for toned capitals; inside an upper-case word they are recovered.
    word = "X" + letter + "X" if letter.isupper() else "x" + letter + "x"
    assert decode_tcvn3(encode_tcvn3(word)) == word


WORDS = st.lists(st.text(alphabet=LOWER + list("bcghklmnpqrstvx"), min_size=1, max_size=7), min_size=1)


@given(WORDS)
def test_legacy_round_trip_property(words: list[str]) -> None:
    text = "x " + " ".join(words) + " x"
    assert decode_vni(encode_vni(text)) == text
    assert decode_tcvn3(encode_tcvn3(text)) == text
    assert decode_viqr(encode_viqr(text.replace(".", ""))) == text.replace(".", "")
    upper = "X " + " ".join(words).upper()
    assert decode_vni(encode_vni(upper)) == upper


@pytest.mark.parametrize(
    ("encode", "name"),
    [(encode_tcvn3, "tcvn3"), (encode_vni, "vni"), (lambda t: encode_viqr(t).encode(), "viqr")],
)
def test_legacy_detect_and_decode(encode, name: str) -> None:  # type: ignore[no-untyped-def]
    data = encode(SAMPLE)
    assert detect_legacy(data) == name
    assert decode_legacy(data, name) == SAMPLE


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        "Café à la crème, naïve résumé, Ärger über Öl.".encode("cp1252"),
        b"Plain English text. Is it? Yes, it is.",
        SAMPLE.encode("utf-16-le"),
    ],
)
def test_legacy_detect_leaves_other_text(data: bytes) -> None:
    assert detect_legacy(data) is None


def _sloppy_cp1252(data: bytes) -> str:
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in data)


def test_legacy_mojibake_repaired_once_and_twice() -> None:
    once = _sloppy_cp1252(SAMPLE.encode("utf-8"))
    assert once.startswith("Há»™i nghá»‹")
    assert fix_mojibake(once) == SAMPLE
    twice = _sloppy_cp1252(once.encode("utf-8"))
    assert fix_mojibake(twice) == SAMPLE
    assert fix_mojibake(SAMPLE) == SAMPLE
    assert repair_text(once) == (SAMPLE, "mojibake")


def test_legacy_repair_text_read_as_cp1252() -> None:
    assert repair_text(encode_tcvn3(SAMPLE).decode("cp1252", errors="replace")) == (SAMPLE, "tcvn3")
    assert repair_text(_sloppy_cp1252(encode_vni(SAMPLE))) == (SAMPLE, "vni")
    assert repair_text(encode_viqr(SAMPLE)) == (SAMPLE, "viqr")
    assert repair_text("Café au lait") == ("Café au lait", None)


def test_legacy_viqr_sentence_final_marks() -> None:
    assert decode_viqr("Ho. ddi ho.c.") == "Họ đi học."
    assert decode_viqr("To^i ddi. Ba.") == "Tôi đi. Ba."


def test_legacy_wired_into_decode_bytes() -> None:
    from baochi.ingest.decode import decode_bytes

    assert decode_bytes(encode_tcvn3(SAMPLE)) == (SAMPLE, "tcvn3")
    assert decode_bytes(encode_vni(SAMPLE)) == (SAMPLE, "vni")
    assert decode_bytes(encode_viqr(SAMPLE).encode("ascii")) == (SAMPLE, "viqr")
    mojibake = _sloppy_cp1252(SAMPLE.encode("utf-8")).encode("utf-8")
    assert decode_bytes(mojibake) == (SAMPLE, "utf-8+mojibake")
    assert decode_bytes(SAMPLE.encode("utf-8")) == (SAMPLE, "utf-8")
    assert decode_bytes(b"Plain English. Is it? Yes.") == ("Plain English. Is it? Yes.", "utf-8")


def test_legacy_mojibake_whose_no_break_space_was_lost() -> None:
    assert fix_mojibake("Viá»‡t Nam vÃ HÃ Ná»™i") == "Việt Nam và Hà Nội"
    assert fix_mojibake("Café Ã la mode") == "Café Ã la mode"
