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
    if _control_share(text) > _CONTROL_SHARE:
        raise DecodeError(source, f"binary data (control characters) read as {encoding}")
    return unicodedata.normalize("NFC", text), encoding


def _looks_vietnamese_cp1258(text: str) -> bool:
    sample = text[:_SNIFF]
    marks = sum(1 for c in sample if c in _VI_MARKS)
    # One mark per ~50 characters is far below real Vietnamese (every other word) and far above
    # what Western-European text in cp1252 would show once decoded as cp1258.
    return marks * 50 >= len(sample)


def decode_bytes(data: bytes, declared: str | None = None, *, source: str = "<bytes>") -> tuple[str, str]:
    """Decode ``data`` to NFC text; returns (text, encoding name). Raises DecodeError for binary junk."""
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
        if guess is None:
            raise DecodeError(source, "binary data (NUL bytes)")
        try:
            return _finish(data.decode(guess), guess, source)
        except UnicodeDecodeError:
            raise DecodeError(source, "binary data (NUL bytes)") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
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
