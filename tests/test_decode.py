import codecs
import gzip
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baochi.errors import DecodeError
from baochi.ingest.decode import decode_bytes

TONES = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: a letter cp1258 lacks is written as base letter + tone mark."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tone = "".join(c for c in parts if c in TONES)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out += base.encode("cp1258") + tone.encode("cp1258")
    return out


VI = "Hội nghị lần thứ 6 Ban Chấp hành Đảng bộ TP. Bến Tre, ngày 19-4-2021."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (VI.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + VI.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF16_LE + VI.encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + VI.encode("utf-16-be"), "utf-16-be"),
        (VI.encode("utf-16-le"), "utf-16-le"),
        (VI.encode("utf-16-be"), "utf-16-be"),
    ],
)
def test_decode_unicode_forms(data: bytes, encoding: str) -> None:
    text, enc = decode_bytes(data)
    assert text == VI
    assert enc == encoding


def test_decode_windows_1258_composes_tone_marks() -> None:
    # cp1258 writes the tone mark as a combining character after the vowel; the result must be NFC.
    text, enc = decode_bytes(to_cp1258(VI))
    assert enc == "cp1258"
    assert text == VI


def test_decode_declared_encoding_wins() -> None:
    assert decode_bytes(to_cp1258("Đà Nẵng"), "cp1258")[0] == "Đà Nẵng"
    with pytest.raises(DecodeError):
        decode_bytes(b"\xff\xfe\xfa", "utf-8")


@pytest.mark.parametrize(
    "junk",
    [
        bytes(range(256)) * 8,
        b"\x89PNG\r\n\x1a\n" + bytes([0, 0, 0, 13]) + b"IHDR" + bytes(200),
        gzip.compress(b"x" * 100) * 3,
        b"\x01\x02\x03\x04\x05 abc \x06\x07\x08" * 20,
    ],
)
def test_decode_binary_raises(junk: bytes) -> None:
    with pytest.raises(DecodeError):
        decode_bytes(junk)


def test_decode_latin1_text_falls_back_to_detection() -> None:
    text, _ = decode_bytes("Café crème brûlée, naïve façade. ".encode("latin-1") * 5)
    assert text.startswith("Caf")


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), min_size=1))
def test_decode_utf8_roundtrip(s: str) -> None:
    text, _ = decode_bytes(s.encode("utf-8"))
    assert text == unicodedata.normalize("NFC", s.removeprefix("\ufeff"))
