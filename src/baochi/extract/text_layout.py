"""Lines of scraped text -> layout blocks: fragment joining, blank-line gaps, the lead-last layout.

Scrapers write one line per HTML block, but an inline link often lands on a line of its own
(``trong danh sách `` / ``200 bộ phim`` / ``được giới thiệu``): such fragments are joined back, their
own spaces kept. Lines keep their raw form: leading or trailing white space (an indented caption,
a right-aligned byline) is a layout cue used by the later rules.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from baochi.extract.rules import data_lines

# Characters that end a sentence (after closing quotes/brackets are stripped).
TERMINAL = frozenset(".!?…:;")
CLOSERS = "\"”’'»)]"
# A line opening with these continues the previous line (the rest of a sentence cut by a link).
_CONT_START = frozenset(",.;:!?)]}”’»…")
_DASHES = frozenset("-–—")
_OPENERS = frozenset("“(\"'‘«[")
# A link fragment sandwiched between two pieces of one sentence is short (a name, a title).
_FRAGMENT_WORDS = 8
# A credit name after "Ảnh:" on its own line is short ("AP", "Hoàng Hà").
_CREDIT_WORDS = 4
_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")


class Line:
    """One layout line: raw text as scraped, normalised text, blank lines before it, position.

    ``low`` (the text in lower case) and ``words`` are computed once here: every rule reads them.
    A plain slotted class: lines are made by the ten thousand, and a dataclass's __post_init__ call costs.
    """

    __slots__ = ("gap", "index", "low", "raw", "text", "words")

    def __init__(self, raw: str, text: str, gap: int, index: int, low: str | None = None) -> None:
        self.raw = raw
        self.text = text
        self.gap = gap
        self.index = index
        self.low = text.lower() if low is None else low
        self.words = text.count(" ") + 1 if text else 0

    def __repr__(self) -> str:
        return f"Line({self.text!r}, gap={self.gap}, index={self.index})"

    @property
    def padded(self) -> bool:
        """Leading or trailing white space in the raw line (indented captions, right-aligned bylines)."""
        return self.raw[:1].isspace() or self.raw[-1:].isspace()


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with the number of blank lines before each (CR, LF and CRLF line ends)."""
    out: list[Line] = []
    if any(c in text for c in _INVISIBLE_CHARS):  # substring tests are far cheaper than a regex scan
        # NFC again: a mark the invisible character separated from its letter now composes with it.
        text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # One lower() over the whole text is cheaper than one per line; lower-casing never adds or removes
    # a newline or a blank, so the lower-case lines align with the lines and trim the same way.
    lows = text.lower().split("\n")
    last = -1  # index of the last non-blank line: the gap is the number of lines skipped since
    for i, raw in enumerate(text.split("\n")):
        # Most lines hold plain spaces only (isprintable() is False for any other blank): just trim them;
        # otherwise str.split() knows every Unicode blank (no-break, thin, ideographic).
        if raw.isprintable() and "  " not in raw:
            norm = raw.strip(" ")
            if norm:
                out.append(Line(raw, norm, i - last - 1, len(out), lows[i].strip(" ")))
                last = i
        else:
            norm = " ".join(raw.split())
            if norm:
                out.append(Line(raw, norm, i - last - 1, len(out), " ".join(lows[i].split())))
                last = i
    return out


def ends_sentence(text: str) -> bool:
    """True when the text ends with sentence-final punctuation (closing quotes/brackets looked through)."""
    stripped = text.rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in TERMINAL


def ends_with_nonfinal(low: str) -> bool:
    """True when a line (lower case) ends on a word that needs a complement (``của``, ``và``, ``từ``)."""
    return low.rpartition(" ")[2] in _open_words()


@cache
def _open_words() -> frozenset[str]:
    return frozenset(data_lines("open_words.txt"))


@cache
def nonfinal_words() -> frozenset[str]:
    """Words that introduce a name or a complement: no phrase ends on them (``data/nonfinal_words.txt``)."""
    return frozenset(data_lines("nonfinal_words.txt"))


def _continues(raw: str) -> bool:
    first = raw[:1]
    if first.isspace():
        s = raw.lstrip()
        if not s:
            return False
        first = s[0]
    return first.islower() or first in _CONT_START


def _resumes(raw: str) -> bool:
    """The rest of a sentence after a link: the scraper kept the space before it (`` 17 đối tượng``).

    A bracket counts only when the sentence goes on after it (`` (Công ty MHBS).``): a line that is just a
    bracket (`` (Bắc Ninh)``, `` (tổng hợp)``) is a note of its own, often under a signature.
    """
    if raw[:1] != " ":
        return False
    if raw[1:2].isdigit():
        return True
    return raw[1:2] == "(" and ")" in raw and not raw.rstrip().endswith(")")


def _credit_label_end(prev: Line) -> bool:
    if not prev.text.endswith(":"):
        return False
    low = prev.low
    return any(low[:-1].rstrip().endswith(lbl) for lbl in data_lines("caption_credits.txt"))


def _join_reason(prev: Line, cur: Line, nxt: Line | None, joined: bool) -> str | None:
    if cur.gap:
        return None
    if _continues(cur.raw):
        return "raw"
    head = cur.text[0]
    prev_last = prev.text[-1:]  # the text is the raw line trimmed: the same last character
    if head in _DASHES and prev_last in '”"':
        return "raw"
    if prev_last in _OPENERS:
        return "raw"
    if prev_last == ":" and _credit_label_end(prev) and cur.words <= _CREDIT_WORDS:
        return "space"
    if ends_sentence(prev.text):
        return None  # every rule below joins the rest of an open sentence
    if joined and _resumes(cur.raw):
        return "raw"  # the end of a sentence whose link fragment was just joined (not a table's rows)
    # The sentence is left open: a space kept before the link (on either side), a comma, or a last word
    # that needs what follows ("chồng cũ của" / " Phi Thanh Vân " / " đã ...").
    open_end = (
        prev.raw[-1:].isspace() or cur.raw[:1] == " " or prev_last == "," or ends_with_nonfinal(prev.low)
    )
    if not open_end:
        return None
    if head.isdigit():
        return "raw"
    if (
        cur.words <= _FRAGMENT_WORDS
        and nxt is not None
        and not nxt.gap
        and (_continues(nxt.raw) or _resumes(nxt.raw))
    ):
        return "raw"
    return None


def join_fragments(lines: list[Line]) -> list[Line]:
    """Lines with scraper-split fragments joined back into one line each."""
    out: list[Line] = []
    joined = False  # whether out[-1] was made by joining lines
    for i, cur in enumerate(lines):
        if not out or cur.gap or (cur.raw[:1].isupper() and out[-1].text[-1:] == "."):
            # The common case, decided without the rules: a capitalised line after a full stop (or after a
            # blank line) starts a new block -- every joining rule needs a sentence left open.
            joined = False
            cur.index = len(out)
            out.append(cur)
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        reason = _join_reason(out[-1], cur, nxt, joined)
        joined = reason is not None
        if reason is None:
            cur.index = len(out)
            out.append(cur)
            continue
        prev = out[-1]
        raw = prev.raw + (" " if reason == "space" else "") + cur.raw
        out[-1] = Line(raw=raw, text=" ".join(raw.split()), gap=prev.gap, index=prev.index)
    return out


def split_lead_last(lines: list[Line]) -> tuple[list[Line], Line | None]:
    """(body lines, lead) for the aggregator layout whose lead comes last after a wider blank gap.

    The baomoi 2017 scrape writes title / blank / body lines with no blank between them / three blank
    lines / the sapo. The last line is taken as the lead when its gap is at least two blank lines and
    wider than every gap inside the body; otherwise the lead is not last and None is returned.
    """
    if len(lines) < 2:
        return lines, None
    last = lines[-1]
    inner = max((ln.gap for ln in lines[1:-1]), default=0)
    if last.gap >= 2 and last.gap > inner:
        return lines[:-1], last
    return lines, None
