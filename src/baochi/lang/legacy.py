"""Legacy Vietnamese encodings (TCVN3/ABC, VNI Windows, VIQR) and mojibake: detection and conversion.

Bytes in TCVN3 or VNI are decoded through the tables in ``data/legacy_*.tsv`` (built by
``data/build_legacy.py``); VIQR (RFC 1456, ASCII with ``^ ( + ' ` ? ~ .`` after the vowels) is read from
text. Detection converts a sample with each candidate and keeps the one whose words are Vietnamese
syllables (``lexicon.syllable_frequencies``). Mojibake (UTF-8 read as Windows-1252/1258, once or twice)
is repaired token by token: a token is re-encoded and decoded as UTF-8 only when that succeeds.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from baochi.lang.lexicon import pair_frequencies, syllable_frequencies, word_frequencies
from baochi.lang.resources import data_rows
from baochi.lang.tones import TONES, place_tone

_SAMPLE = 20000
# Share of the marked words that must be Vietnamese syllables after conversion: real legacy text scores
# above 0.9, Western text read as a legacy encoding well below 0.3.
MIN_SYLLABLE_SHARE = 0.8
# At least this many marked words, so one stray byte never switches a document's encoding.
MIN_MARKED_WORDS = 3
_WORD = re.compile(r"[^\W\d_]+")
# Windows-1252 by byte, its five undefined bytes passing through as U+0081... (as browsers do).
_CP1252 = tuple(bytes([i]).decode("cp1252", errors="ignore") or chr(i) for i in range(256))


@cache
def _tcvn3_decode_table() -> dict[int, str]:
    """TCVN3 as the ABC fonts use it: the VN3 part (0xA1-0xFF) of the standard's table; below 0xA0
    the fonts keep ASCII and the Windows punctuation (curly quotes, dashes) of Windows-1252."""
    table = dict(enumerate(_CP1252))
    for hexbyte, char in data_rows("legacy_tcvn3.tsv"):
        if int(hexbyte, 16) >= 0xA0:
            table[int(hexbyte, 16)] = char
    return table


# TCVN3 has no code for a capital with a tone: capitals fonts drew the lower-case codes as capitals.
# A toned lower-case letter inside an otherwise upper-case word, or opening a sentence, was one.
_SENTENCE_START = re.compile(r"(^|[.!?]\s+|\n\s*)([^\W\d_])", re.MULTILINE)


@cache
def _tcvn3_uncased() -> frozenset[str]:
    """Lower-case letters of TCVN3 whose capital has no code (the toned ones)."""
    chars = set(_tcvn3_decode_table().values())
    return frozenset(c for c in chars if c.islower() and c.upper() not in chars)


def _tcvn3_capitals(text: str) -> str:
    uncased = _tcvn3_uncased()

    def word(m: re.Match[str]) -> str:
        w = m.group()
        cased = [c for c in w if c.isalpha() and c not in uncased]
        if len(cased) >= 2 and all(c.isupper() for c in cased):
            return "".join(c.upper() if c in uncased else c for c in w)
        return w

    text = re.sub(r"\w+", word, text)

    def start(m: re.Match[str]) -> str:
        c = m.group(2)
        return m.group(1) + (c.upper() if c in uncased else c)

    return _SENTENCE_START.sub(start, text)


@cache
def _vni_tables() -> tuple[dict[str, str], re.Pattern[str], dict[str, bytes]]:
    """(latin-1 sequence -> letter, a regex of the sequences longest first, letter -> bytes)."""
    encode = {char: bytes.fromhex(hexbytes) for char, hexbytes in data_rows("legacy_vni.tsv")}
    decode = {code.decode("latin-1"): char for char, code in encode.items()}
    seqs = sorted(decode, key=len, reverse=True)
    return decode, re.compile("|".join(re.escape(s) for s in seqs)), encode


def decode_tcvn3(data: bytes) -> str:
    """TCVN3 (ABC) bytes -> NFC text."""
    table = _tcvn3_decode_table()
    return _tcvn3_capitals(unicodedata.normalize("NFC", "".join(table[b] for b in data)))


def encode_tcvn3(text: str) -> bytes:
    """NFC text -> TCVN3 bytes; capitals with a tone (absent from TCVN3) take their lower-case code."""
    reverse = {c: b for b, c in _tcvn3_decode_table().items() if b >= 0x80}
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch.isascii():
            out.append(ord(ch))
        elif ch in reverse:
            out.append(reverse[ch])
        elif ch.lower() in reverse:
            out.append(reverse[ch.lower()])
        else:
            out.extend(b"?")
    return bytes(out)


def decode_vni(data: bytes) -> str:
    """VNI Windows bytes -> NFC text."""
    decode, pattern, _ = _vni_tables()
    text = "".join(_CP1252[b] for b in data)
    return unicodedata.normalize("NFC", pattern.sub(lambda m: decode[m.group()], text))


def encode_vni(text: str) -> bytes:
    """NFC text -> VNI Windows bytes (characters outside Latin-1 and VNI become ``?``)."""
    encode = _vni_tables()[2]
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        if ch in encode:
            out.extend(encode[ch])
        else:
            out.extend(ch.encode("cp1252", errors="replace"))
    return bytes(out)


# VIQR (RFC 1456): shape marks ^ ( + then a tone mark ' ` ? ~ . after the vowel; DD/dd for Đ/đ.
_VIQR_SHAPE = {"^": "\u0302", "(": "\u0306", "+": "\u031b"}
_VIQR_TONE = {"'": "\u0301", "`": "\u0300", "?": "\u0309", "~": "\u0303", ".": "\u0323"}
# A VIQR word: letters with shape marks, tone marks inside only before more letters, one final mark.
_VIQR_WORD = re.compile(r"(?<![A-Za-z\\])[A-Za-z](?:[A-Za-z^(+]|['`?~.](?=[A-Za-z]))*['`?~.]?")
_VIQR_VOWEL = re.compile(r"([AEIOUYaeiouy])([\^(+]?)(['`?~.]?)")
_VIQR_HINT = re.compile(r"[AEIOUYaeiouy](?:[\^(+]['`?~.]?|['`?~.](?=[A-Za-z]))|\b[Dd][Dd][aeiouy]")
_SHAPES_OK = {"^": "AEOaeo", "(": "Aa", "+": "OUou"}


def _viqr_vowels(word: str) -> str:
    def one(m: re.Match[str]) -> str:
        vowel, shape, tone = m.groups()
        if shape and vowel not in _SHAPES_OK[shape]:
            return m.group()
        return vowel + _VIQR_SHAPE.get(shape, "") + _VIQR_TONE.get(tone, "")

    word = word.replace("DD", "Đ").replace("Dd", "Đ").replace("dd", "đ")
    return unicodedata.normalize("NFC", _VIQR_VOWEL.sub(one, word))


# A tone mark that could also end a sentence is read as punctuation only when the syllable without it is
# this many times likelier in its context: sentence ends are far rarer than hỏi and nặng tones.
_PUNCTUATION_ODDS = 3
_CLOSERS = "\"”’')]»/."


def _in_context(prev: str, syl: str, nxt: str) -> tuple[int, int]:
    """How often ``syl`` goes with its neighbours (lexicon words and corpus pairs), and on its own."""
    words, pairs = word_frequencies(), pair_frequencies()
    key = place_tone(syl.lower())
    score = 0
    for pair in (f"{prev} {key}" if prev else "", f"{key} {nxt}" if nxt else ""):
        if pair:
            score += words.get(pair, 0) + pairs.get(pair, 0)
    return score, syllable_frequencies().get(key, 0)


def decode_viqr(text: str) -> str:
    """VIQR text -> NFC Unicode. A ``.`` or ``?`` ending a word before a sentence start is a tone unless
    the syllable without it fits its neighbours much better (``nghi? ngo+i.`` -> ``nghỉ ngơi.``)."""
    sylfreq = syllable_frequencies()
    prev = ""

    def word(m: re.Match[str]) -> str:
        nonlocal prev
        w = m.group()
        out = _viqr_vowels(w)
        # Before a lower-case word the mark cannot end a sentence; before white space and a capital,
        # a line end or closing punctuation, it may.
        after = text[m.end() : m.end() + 2]
        ends = after == "" or after[0] in "\n" + _CLOSERS or (after[0] in " \t" and not after[1:].islower())
        if w[-1] in ".?" and len(w) > 1 and ends and w[-2] not in "'`?~.":
            plain = _viqr_vowels(w[:-1])
            has_tone = any(c in TONES for c in unicodedata.normalize("NFD", plain))
            if has_tone or not (w[-2].isalpha() or w[-2] in "^(+"):
                out = plain + w[-1]
            else:
                nxt_m = _VIQR_WORD.match(text, m.end() + 1) if after[:1] == " " else None
                nxt = place_tone(_viqr_vowels(nxt_m.group()).lower()) if nxt_m else ""
                toned_ok = place_tone(out.lower()) in sylfreq
                plain_ok = place_tone(plain.lower()) in sylfreq
                # A foreign word (Chelsea.) is no syllable with the tone: the mark is punctuation.
                if not toned_ok or (
                    plain_ok
                    and _in_context(prev, plain, nxt) > _PUNCTUATION_ODDS * _in_context(prev, out, nxt)
                ):
                    out = plain + w[-1]
        prev = place_tone(out.rstrip(".?").lower())
        return out

    return _VIQR_WORD.sub(word, text).replace("\\", "")


_VIQR_ENCODE_SHAPE = {v: k for k, v in _VIQR_SHAPE.items()}
_VIQR_ENCODE_TONE = {v: k for k, v in _VIQR_TONE.items()}


def encode_viqr(text: str) -> str:
    """NFC text -> VIQR (for tests and benchmarks): marks after each vowel, ``dd`` for ``đ``."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ch in "đĐ":
            out.append("dd" if ch == "đ" else "DD")
            continue
        parts = unicodedata.normalize("NFD", ch)
        if len(parts) == 1:
            out.append(ch)
            continue
        base = parts[0]
        shape = "".join(_VIQR_ENCODE_SHAPE.get(c, "") for c in parts[1:])
        tone = "".join(_VIQR_ENCODE_TONE.get(c, "") for c in parts[1:] if c in TONES)
        out.append(base + shape + tone)
    return "".join(out)


def _syllable_share(text: str) -> tuple[float, int]:
    """Share of the words with a non-ASCII letter that are Vietnamese syllables, and their number."""
    sylfreq = syllable_frequencies()
    marked = [w for w in _WORD.findall(text[:_SAMPLE]) if not w.isascii()]
    if not marked:
        return 0.0, 0
    good = sum(1 for w in marked if place_tone(w.lower()) in sylfreq)
    return good / len(marked), len(marked)


def _plain_letters(text: str) -> bool:
    """True when every letter of the sample is ASCII (VIQR text; punctuation may be typographic)."""
    return all(c.isascii() for c in text[:_SAMPLE] if c.isalpha())


def _viqr_score(text: str) -> int:
    return len(_VIQR_HINT.findall(text[:_SAMPLE]))


def detect_legacy(data: bytes) -> str | None:
    """``tcvn3``, ``vni`` or ``viqr`` when ``data`` is Vietnamese text in that encoding, else None."""
    if b"\x00" in data[:_SAMPLE]:
        return None  # UTF-16/32 or binary: no 8-bit text encoding has NULs
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if _plain_letters(text) and _viqr_score(text) >= MIN_MARKED_WORDS:
            share, n = _syllable_share(decode_viqr(text))
            return "viqr" if share >= MIN_SYLLABLE_SHARE and n >= MIN_MARKED_WORDS else None
        return None
    best: tuple[float, str] | None = None
    for name, decoder in (("tcvn3", decode_tcvn3), ("vni", decode_vni)):
        share, n = _syllable_share(decoder(data[:_SAMPLE]))
        if n >= MIN_MARKED_WORDS and share >= MIN_SYLLABLE_SHARE and (best is None or share > best[0]):
            best = (share, name)
    return best[1] if best else None


def decode_legacy(data: bytes, encoding: str) -> str:
    """Decode ``data`` from ``tcvn3``, ``vni`` or ``viqr`` (ASCII) to NFC text."""
    if encoding == "tcvn3":
        return decode_tcvn3(data)
    if encoding == "vni":
        return decode_vni(data)
    if encoding == "viqr":
        return decode_viqr(data.decode("utf-8", errors="replace"))
    raise ValueError(f"unknown legacy encoding {encoding!r}")


def _text_bytes(text: str) -> bytes | None:
    """The bytes a legacy text was read from, when it was read as Windows-1252 or Latin-1."""
    out = bytearray()
    for ch in text:
        try:
            out.extend(ch.encode("cp1252"))
        except UnicodeEncodeError:
            if ord(ch) > 0xFF:
                return None
            out.append(ord(ch))
    return bytes(out)


# A UTF-8 lead byte (C2-F4) read as Windows-1252/1258 followed by a continuation byte (80-BF) read so:
# the signature of mojibake, absent from real text. Tokens end at ASCII white space only, since U+00A0
# is the second byte of "à" (C3 A0) read as Windows-1252.
_CONTINUATION = (
    "\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122"
)
_MOJIBAKE_TOKEN = re.compile(
    f"[^ \\t\\r\\n]*[\u00c2-\u00f4\u0102\u0103\u01a0\u01af][{_CONTINUATION}][^ \\t\\r\\n]*"
)

# The pair every mojibake token contains: searched first because it is linear, while the token pattern
# (free-length runs around the pair) backtracks at every letter of clean Vietnamese text (~10x slower).
_MOJIBAKE_PAIR = re.compile(f"[\u00c2-\u00f4\u0102\u0103\u01a0\u01af][{_CONTINUATION}]")


def _unmojibake_token(token: str) -> str:
    for _ in range(2):  # doubly encoded text needs two rounds
        fixed = None
        for codec in ("cp1252", "cp1258"):
            try:
                raw = bytearray()
                for ch in token:
                    try:
                        raw.extend(ch.encode(codec))
                    except UnicodeEncodeError:
                        if ord(ch) > 0xFF:
                            raise
                        raw.append(ord(ch))  # bytes cp1252 leaves undefined come through as U+0080..
                candidate = raw.decode("utf-8")
            except (UnicodeEncodeError, UnicodeDecodeError):
                continue
            # Only a repair that yields letters counts (``Â`` + no-break space stays as it is).
            if candidate != token and any(c.isalpha() and not c.isascii() for c in candidate):
                fixed = unicodedata.normalize("NFC", candidate)
                break
        if fixed is None:
            return token
        token = fixed
    return token


_LOST_A0 = re.compile(r"(?<=\w)Ã(?=[ \t\r\n]|$)")
# Letters only Vietnamese writes (ă đ ĩ ũ ơ ư and the tone-marked vowels of U+1EA0-U+1EF9).
_VI_LETTER = re.compile("[ăĂđĐĩĨũŨơƠưƯ\u1ea0-\u1ef9]")


def fix_mojibake(text: str) -> str:
    """Repair UTF-8 read as Windows-1252/1258 (``Viá»‡t`` -> ``Việt``), also twice over; idempotent.

    A text is only touched when some repaired token yields a letter only Vietnamese writes (``ệ``,
    ``đ``): then every token is repaired, ``vÃ\xa0`` -> ``và`` too. Text that merely looks like mojibake
    in places (``Âª``, ``Ã©``) stays as it is."""
    if text.isascii() or not _MOJIBAKE_PAIR.search(text):
        return text
    repaired = _MOJIBAKE_TOKEN.sub(lambda m: _unmojibake_token(m.group()), text)
    if (
        repaired == text
        or not _VI_LETTER.search(repaired)
        or len(_VI_LETTER.findall(repaired)) <= len(_VI_LETTER.findall(text))
    ):
        return text
    # "à" is C3 A0: read as Windows-1252 its A0 is a no-break space, which white-space clean-up often
    # turned into the next plain space ("vÃ HÃ  Ná»™i"); in text proven to be mojibake, Ã there is à.
    return _LOST_A0.sub("à", repaired)


def repair_decoded(text: str) -> tuple[str, str | None]:
    """Repairs that make sense on text decoded from valid UTF-8: mojibake and VIQR (fast when clean)."""
    fixed = fix_mojibake(text)
    if fixed != text:
        return fixed, "mojibake"
    if _plain_letters(text) and _viqr_score(text) >= MIN_MARKED_WORDS:
        decoded = decode_viqr(text)
        share, n = _syllable_share(decoded)
        if share >= MIN_SYLLABLE_SHARE and n >= MIN_MARKED_WORDS:
            return decoded, "viqr"
    return text, None


def repair_text(text: str) -> tuple[str, str | None]:
    """Text as it should read, and what was repaired: ``mojibake``, ``tcvn3``, ``vni``, ``viqr`` or None."""
    fixed = fix_mojibake(text)
    if fixed != text:
        return fixed, "mojibake"
    if _plain_letters(text):
        if _viqr_score(text) >= MIN_MARKED_WORDS:
            decoded = decode_viqr(text)
            share, n = _syllable_share(decoded)
            if share >= MIN_SYLLABLE_SHARE and n >= MIN_MARKED_WORDS:
                return decoded, "viqr"
        return text, None
    raw = _text_bytes(text)
    # Only when the text as read is not already Vietnamese (a few TCVN3 codes are real letters).
    if raw is not None and _syllable_share(text)[0] < MIN_SYLLABLE_SHARE:
        encoding = detect_legacy(raw)
        if encoding in ("tcvn3", "vni"):
            return decode_legacy(raw, encoding), encoding
    return text, None
