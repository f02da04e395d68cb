"""Photo and video captions in scraped text: repeated lines, credited lines, short descriptive lines.

A caption line is recognised by one of (strongest first): it occurs twice (scrapers write a caption
once under the photo and once in the lightbox); it ends with a photo credit (``Ảnh: AP``,
``(Ảnh minh họa ...)``); it is a short line without sentence-final punctuation standing between
paragraphs (``Giấc ngủ trên vai mẹ``) -- headlines of photos are written without a period, running text
is not.
"""

from __future__ import annotations

import re
from functools import cache

from baochi.extract.rules import data_lines
from baochi.extract.text_layout import Line, ends_sentence

# A caption without final punctuation has a subject and a predicate: at least this many words.
# Shorter lines ("Yamaha Sirius", "Wave Alpha") are section headings of the text.
MIN_CAPTION_WORDS = 3
# Captions are one or two sentences; longer unpunctuated lines are text that lost its period.
MAX_CAPTION_WORDS = 30
# A credited caption may carry a longer description, but not a whole paragraph.
MAX_CREDITED_WORDS = 60
# A credit with its description label fits in this many characters at the end of a line.
_CREDIT_TAIL = 90


@cache
def credit_rx() -> re.Pattern[str]:
    """Photo credit at the end of a line: ``Ảnh: AP``, ``(Ảnh minh họa: ShutterStock)``, ``Ảnh minh họa.``"""
    labels = sorted(data_lines("caption_credits.txt"), key=len, reverse=True)
    alt = "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in labels)
    return re.compile(
        rf"(?:\((?:{alt})\b[^()]{{0,60}}\)|(?<!\w)(?:{alt})\s*:\s*[^\s.,;:!?][^.;!?]{{0,40}}|^(?:{alt})\.?)\s*\.?$",
        re.IGNORECASE,
    )


def has_credit(text: str) -> bool:
    """True when the line ends with a photo/video credit."""
    # The credit closes the line: only its tail is searched (``pos`` keeps ``^`` at the real start).
    return credit_rx().search(text, max(0, len(text) - _CREDIT_TAIL)) is not None


def repeat_keys(lines: list[Line]) -> set[str]:
    """Keys (lower case) of lines written more than once; lines are whitespace-normalised already."""
    seen: set[str] = set()
    repeated: set[str] = set()
    for ln in lines:
        key = ln.text.lower()
        if key in seen:
            repeated.add(key)
        seen.add(key)
    return repeated


def is_short_caption(line: Line) -> bool:
    """A short line without final punctuation that names what a photo shows."""
    if ends_sentence(line.text) or not MIN_CAPTION_WORDS <= line.words <= MAX_CAPTION_WORDS:
        return False
    return line.text[0].isupper() or line.text[0] in "\"“'‘" or line.text[0].isdigit()


def is_credited_caption(line: Line) -> bool:
    """A line ending with a photo credit (and not a whole paragraph)."""
    return line.words <= MAX_CREDITED_WORDS and has_credit(line.text)
