"""The character set of an HTML page: BOM, HTTP header, ``<meta charset>``, then detection.

Vietnamese pages are UTF-8 today, but old and provincial sites still serve Windows-1258 (tone marks as
combining characters) or declare one charset and send another. UTF-8 validates itself, so bytes that
decode as strict UTF-8 are taken as UTF-8 whatever the page declares; otherwise the declared charset is
used when it decodes cleanly, and charset-normalizer decides the rest.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_RE = re.compile(r"charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
# The WHATWG prescan looks at the first 1,024 bytes; real pages put <meta> after long <script> blocks.
_PRESCAN = 8192
# Letters and tone marks that Windows-1258 has and Windows-1252 lacks.
_VIET_1258 = re.compile("[ăĂơƠưƯđĐ\u0300\u0301\u0303\u0309\u0323]")
# Combining marks of decomposed Vietnamese: grave, acute, tilde, hook above, dot below, circumflex,
# breve, horn.
_VIET_MARKS = ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b")
# Combining diacritics (U+0300-U+036F): how Windows-1258 and NFD text write Vietnamese tone marks.
_COMBINING = re.compile("[\u0300-\u036f]")
# Labels that browsers map to another codec (WHATWG encoding standard).
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252"}


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter of an HTTP ``Content-Type`` header, if it names a known codec."""
    if not content_type:
        return None
    m = _HEADER_RE.search(content_type)
    return _codec(m.group(1)) if m else None


def meta_charset(data: bytes) -> str | None:
    """The charset declared by ``<meta charset>`` or ``http-equiv`` in the page head."""
    m = _META_RE.search(data[:_PRESCAN])
    return _codec(m.group(1).decode("ascii", "replace")) if m else None


def _looks_windows_1258(data: bytes) -> bool:
    """Undeclared Windows-1258: decoded so, the text is full of Vietnamese letters and tone marks.

    Single-byte detectors mistake it for Windows-1252, which shares most code points; but ă, ơ, ư, đ and
    the combining tone marks exist only in 1258, and Vietnamese text is dense with them.
    """
    sample = data[:100_000].decode("cp1258", "replace")
    letters = sum(1 for ch in sample if ch.isalpha() or "\u0300" <= ch <= "\u0323")
    viet = len(_VIET_1258.findall(sample))
    return letters > 0 and viet / letters > 0.03


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes

    if _looks_windows_1258(data):
        return "cp1258"

    best = from_bytes(data[:200_000], cp_isolation=["utf_8", "cp1258", "cp1252", "utf_16"]).best()
    return str(best.encoding) if best is not None else None


def decode_html(
    data: bytes, http_charset: str | None = None, forced: str | None = None, normalize: bool = True
) -> tuple[str, str]:
    """Decode page bytes to text (NFC unless ``normalize`` is false); returns (text, codec used).

    The HTML extractor passes ``normalize=False`` and normalises only the text it keeps: NFC over a whole page
    costs more than extracting it.
    """
    finish = _finish if normalize else _identity
    for bom, name in _BOMS:
        if data.startswith(bom):
            return finish(data[len(bom) :].decode(name, "replace")), name
    if forced and (codec := _codec(forced)):
        return finish(data.decode(codec, "replace")), codec
    try:
        return finish(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError as err:
        # A truncated page ends inside a multi-byte character: still UTF-8.
        if err.start >= len(data) - 3:
            return finish(data.decode("utf-8", "replace")), "utf-8"
    for declared in (_codec(http_charset), meta_charset(data)):
        if declared and declared != "utf-8":
            try:
                return finish(data.decode(declared)), declared
            except UnicodeDecodeError:
                continue
    detected = _codec(_detect(data)) or "cp1252"
    return finish(data.decode(detected, "replace")), detected


def _identity(text: str) -> str:
    return text


def has_combining(text: str) -> bool:
    """True when the text may not be NFC: it holds the combining marks Vietnamese text is written with
    when decomposed (tone marks, circumflex, breve, horn) — a few substring scans, faster than a regex."""
    return any(mark in text for mark in _VIET_MARKS)


def nfc(text: str) -> str:
    """NFC of a text, cheaply skipping text without combining marks."""
    return _finish(text)


def _finish(text: str) -> str:
    # Windows-1258 writes tone marks as combining characters; the record is NFC everywhere.
    # only text with combining marks can be un-normalised; searching for them is cheaper than checking NFC
    if _COMBINING.search(text) is None:
        return text
    return unicodedata.normalize("NFC", text)
