"""Lines of scraped text -> layout blocks: fragment joining, blank-line gaps, the lead-last layout.

Scrapers write one line per HTML block, but an inline link often lands on a line of its own
(``trong danh sách `` / ``200 bộ phim`` / ``được giới thiệu``): such fragments are joined back, their
own spaces kept. Lines keep their raw form: leading or trailing white space (an indented caption,
a right-aligned byline) is a layout cue used by the later rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


@dataclass(slots=True)
class Line:
    """One layout line: raw text as scraped, normalised text, blank lines before it, position."""

    raw: str
    text: str
    gap: int
    index: int
    low: str = ""
    words: int = 0

    def __post_init__(self) -> None:
        self.low = self.text.lower()
        self.words = self.text.count(" ") + 1 if self.text else 0

    @property
    def padded(self) -> bool:
        """Leading or trailing white space in the raw line (indented captions, right-aligned bylines)."""
        return self.raw[:1].isspace() or self.raw[-1:].isspace()


def split_lines(text: str) -> list[Line]:
    """Non-blank lines with the number of blank lines before each (CR, LF and CRLF line ends)."""
    out: list[Line] = []
    gap = 0
    if any(c in text for c in _INVISIBLE_CHARS):  # substring tests are far cheaper than a regex scan
        text = _INVISIBLE.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for raw in text.split("\n"):
        # Most lines hold plain spaces only (isprintable() is False for any other blank): just trim them;
        # otherwise str.split() knows every Unicode blank (no-break, thin, ideographic).
        norm = raw.strip(" ") if raw.isprintable() and "  " not in raw else " ".join(raw.split())
        if not norm:
            gap += 1
            continue
        out.append(Line(raw=raw, text=norm, gap=gap, index=len(out)))
        gap = 0
    return out


def ends_sentence(text: str) -> bool:
    """True when the text ends with sentence-final punctuation (closing quotes/brackets looked through)."""
    stripped = text.rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in TERMINAL


def _continues(raw: str) -> bool:
    s = raw.lstrip()
    if not s:
        return False
    first = s[0]
    return first.islower() or first in _CONT_START


def _credit_label_end(prev: Line) -> bool:
    if not prev.text.endswith(":"):
        return False
    low = prev.low
    return any(low[:-1].rstrip().endswith(lbl) for lbl in data_lines("caption_credits.txt"))


def _join_reason(prev: Line, cur: Line, nxt: Line | None) -> str | None:
    if cur.gap:
        return None
    if _continues(cur.raw):
        return "raw"
    head = cur.text[0]
    prev_last = prev.raw.rstrip()[-1:]
    if head in _DASHES and prev_last in '”"':
        return "raw"
    if prev_last in _OPENERS:
        return "raw"
    if _credit_label_end(prev) and cur.words <= _CREDIT_WORDS:
        return "space"
    open_end = prev.raw[-1:].isspace() or prev.text.endswith(",")
    if open_end and not ends_sentence(prev.text):
        if head.isdigit():
            return "raw"
        if cur.words <= _FRAGMENT_WORDS and nxt is not None and not nxt.gap and _continues(nxt.raw):
            return "raw"
    return None


def join_fragments(lines: list[Line]) -> list[Line]:
    """Lines with scraper-split fragments joined back into one line each."""
    out: list[Line] = []
    for i, cur in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        reason = _join_reason(out[-1], cur, nxt) if out else None
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
