"""Bytes -> text: BOM, UTF-8, UTF-16 (with or without BOM), Windows-1258, then charset detection.

``decode_bytes`` is the one entry point every reader uses, so later detectors (legacy Vietnamese
encodings such as TCVN3, VNI, VIQR) plug in here once. The result is always NFC: Windows-1258 writes
tone marks as combining characters after the vowel, and NFC composes them into the precomposed letters
the rest of baochi expects.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from baochi.errors import DecodeError
from baochi.lang.legacy import decode_legacy, detect_legacy, fix_mojibake, repair_decoded

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# How much of the input is sniffed for NUL patterns and control characters (enough for a verdict).
_SNIFF = 4096
# Text in UTF-16 has a NUL in (nearly) every other byte for Latin script; Vietnamese letters outside
# Latin-1 lower the share, so a third of one parity is already a clear sign.
_UTF16_NUL_SHARE = 0.3
# Binary data decoded by accident shows control characters all over: a kilobyte of text decides.
_CONTROL_SNIFF = 1024
# Real text has next to no C0 control characters besides tab/newline/CR/FF; above this share the bytes
# are binary (images, archives, executables) decoded by accident.
_CONTROL_SHARE = 0.01
# The letters that only Vietnamese uses among Latin scripts; cp1258 text of Vietnamese shows them.
_VI_MARKS = frozenset("ăâđêôơưĂÂĐÊÔƠƯ\u0300\u0301\u0303\u0309\u0323")
# C0 controls except tab, LF, VT, FF, CR, ESC; DEL and the C1 controls.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
# A few stray NUL bytes (a crawler's padding, a cut record) do not make a text binary: up to this share of
# the sniffed bytes they are dropped; binary files (images, archives) have far more.
_NUL_SHARE = 0.01
# UTF-8 with a few invalid bytes (a text cut mid-character, one corrupt byte) is repaired with U+FFFD
# when valid multi-byte characters outnumber the bad bytes this many times; legacy 8-bit encodings
# (TCVN3, VNI, cp1258) form almost no valid UTF-8 sequences, so they never pass for repairable UTF-8.
_REPAIR_RATIO = 5
# Control bytes that text never holds (besides NUL): tab, LF, FF, CR and ESC excepted.
_BINARY_BYTES = bytes(b for b in range(1, 32) if b not in (9, 10, 12, 13, 27))
# The name decode_bytes gives UTF-8 repaired that way (and accepts back as a declared encoding).
REPAIRED_UTF8 = "utf-8+repaired"


def _control_share(text: str) -> float:
    sample = text[:_CONTROL_SNIFF]
    if not sample:
        return 0.0
    if _CONTROLS.search(sample) is None:
        return 0.0
    return len(_CONTROLS.findall(sample)) / len(sample)


def _utf16_guess(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NULs sit on one byte parity, None when there are (almost) no NULs."""
    sample = data[:_SNIFF]
    half = max(1, len(sample) // 2)
    even = sample[0::2].count(0) / half
    odd = sample[1::2].count(0) / half
    if odd >= _UTF16_NUL_SHARE and even < _UTF16_NUL_SHARE / 3:
        return "utf-16-le"
    if even >= _UTF16_NUL_SHARE and odd < _UTF16_NUL_SHARE / 3:
        return "utf-16-be"
    return None


def _finish(text: str, encoding: str, source: str) -> tuple[str, str]:
    if "\x00" in text:  # never stored: NUL bytes end C strings in every tool downstream
        text = text.replace("\x00", "")
    if _control_share(text) > _CONTROL_SHARE:
        raise DecodeError(source, f"binary data (control characters) read as {encoding}")
    return unicodedata.normalize("NFC", text), encoding


def _looks_vietnamese_cp1258(text: str) -> bool:
    sample = text[:_SNIFF]
    marks = sum(1 for c in sample if c in _VI_MARKS)
    # One mark per ~50 characters is far below real Vietnamese (every other word) and far above
    # what Western-European text in cp1252 would show once decoded as cp1258.
    return marks * 50 >= len(sample)


def replaced_bytes(data: bytes, text: str) -> int:
    """How many invalid bytes a lenient UTF-8 decoding of ``data`` replaced with U+FFFD."""
    return text.count("\ufffd") - data.count("\ufffd".encode())


def _repairable_utf8(data: bytes) -> str | None:
    """``data`` decoded as UTF-8 with its few bad bytes replaced, when it is UTF-8 at heart; else None."""
    text = data.decode("utf-8", errors="replace")
    bad = replaced_bytes(data, text)
    multibyte = sum(1 for c in text if c > "\x7f") - text.count("\ufffd")
    cut_at_end = bad == 1 and text.endswith("\ufffd")  # the last character cut in two
    return text if cut_at_end or (bad > 0 and multibyte >= _REPAIR_RATIO * bad) else None


def _drop_stray_nuls(data: bytes) -> bytes | None:
    """``data`` without its NUL bytes when they are a handful, None when there are too many (binary)."""
    sample = data[:_SNIFF]
    if sample.count(0) > max(8, _NUL_SHARE * len(sample)):
        return None
    controls = sum(sample.count(b) for b in _BINARY_BYTES)
    if controls > _NUL_SHARE * len(sample):  # other control bytes besides: binary after all
        return None
    return data.replace(b"\x00", b"")


def decode_bytes(data: bytes, declared: str | None = None, *, source: str = "<bytes>") -> tuple[str, str]:
    """Decode ``data`` to NFC text; returns (text, encoding name). Raises DecodeError for binary junk.

    NUL bytes never reach the text; UTF-8 with a few invalid bytes is repaired (encoding name
    ``utf-8+repaired``; ``replaced_bytes`` tells how many).
    """
    if declared == REPAIRED_UTF8:
        return _finish(data.decode("utf-8", errors="replace"), declared, source)
    if declared in ("tcvn3", "vni", "viqr"):  # names decode_bytes itself reports (and readers pass back)
        return _finish(decode_legacy(data, declared), declared, source)
    if declared == "utf-8+mojibake":
        return _finish(fix_mojibake(data.decode("utf-8", errors="replace")), declared, source)
    if declared:
        try:
            return _finish(data.decode(codecs.lookup(declared).name), declared, source)
        except (LookupError, UnicodeDecodeError) as exc:
            raise DecodeError(source, f"not decodable as {declared}: {exc}") from None
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return _finish(data[len(bom) :].decode(name), name, source)
            except UnicodeDecodeError:
                break  # a BOM followed by junk: let the checks below decide
    if b"\x00" in data[:_SNIFF]:
        guess = _utf16_guess(data)
        if guess is not None:
            try:
                return _finish(data.decode(guess), guess, source)
            except UnicodeDecodeError:
                raise DecodeError(source, "binary data (NUL bytes)") from None
        stripped = _drop_stray_nuls(data)
        if stripped is None:
            raise DecodeError(source, "binary data (NUL bytes)")
        data = stripped
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        repaired_text = _repairable_utf8(data)
        if repaired_text is not None:
            return _finish(repair_decoded(repaired_text)[0], REPAIRED_UTF8, source)
    else:
        # UTF-8 that was once read as Windows-1252 (mojibake), or VIQR in plain ASCII: repaired here.
        text, repaired = repair_decoded(text)
        return _finish(text, {None: "utf-8", "mojibake": "utf-8+mojibake"}.get(repaired, "viqr"), source)
    legacy = detect_legacy(data)  # TCVN3 (ABC) and VNI bytes: Vietnamese once converted, or None
    if legacy:
        return _finish(decode_legacy(data, legacy), legacy, source)
    cp1258 = data.decode("cp1258", errors="replace")
    if "\ufffd" not in cp1258 and _looks_vietnamese_cp1258(cp1258):
        return _finish(cp1258, "cp1258", source)
    return _detect(data, source)


def _detect(data: bytes, source: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DecodeError(source, "undecodable bytes (no supported encoding fits)")
    return _finish(str(best), str(best.encoding), source)
