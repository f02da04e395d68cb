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
from baochi.extract.text_layout import CLOSERS, Line, ends_sentence, ends_with_nonfinal

# A caption without final punctuation has a subject and a predicate: at least this many words.
# Shorter lines ("Yamaha Sirius", "Wave Alpha") are section headings of the text.
MIN_CAPTION_WORDS = 3
# Captions are one or two sentences; longer unpunctuated lines are text that lost its period.
MAX_CAPTION_WORDS = 30
# An unpunctuated line this long describes a scene: a caption even without a name in it (on unseen
# baomoi texts, name-less lone lines of up to 10 words are mostly headings, longer ones mostly captions).
LONG_CAPTION_WORDS = 11
# A credited caption may carry a longer description, but not a whole paragraph.
MAX_CREDITED_WORDS = 60
# A one-sentence caption with a period is short; longer single sentences are running text.
MIN_SENTENCE_CAPTION_WORDS = 4
MAX_SENTENCE_CAPTION_WORDS = 25
# Single sentences are captions only among paragraphs of several sentences: at least this share of the
# other body lines must have two or more (photo stories, whose every block is one sentence, stay text).
MULTI_SENTENCE_SHARE = 0.6
# ... and whose other paragraphs are this long on average (photo-story blocks are 20-30 words).
PARAGRAPH_MEAN_WORDS = 40
# A single sentence this long counts as a paragraph of its own.
SUBSTANTIAL_WORDS = 35
# ... and only in texts with enough paragraphs to judge that share.
MIN_PARAGRAPHS = 4
# Lines shorter than this (speech tags, pieces cut at a link) do not count as paragraphs there.
MIN_PARAGRAPH_WORDS = 8
# The first line of a text is the top photo's caption when the paragraph under it has this many words.
TOP_PARAGRAPH_WORDS = 30
# In a text divided by headings, a lone unpunctuated line of at most this many words is one more heading
# (on the dev texts headings run 2-10 words; top-of-story and scene captions 9-16).
SIBLING_HEADING_WORDS = 10
# ... and in a text with two headings or more, one of at most this many words.
SECTIONED_HEADING_WORDS = 15
# A line opening with a photo label ("Ảnh minh họa. Nguồn: Internet", "Hình ảnh cắt ra từ clip.") is a
# caption when it is this short.
MAX_LABELLED_WORDS = 12
# A credit with its description label fits in this many characters at the end of a line.
_CREDIT_TAIL = 90


@cache
def credit_rx() -> re.Pattern[str]:
    """Photo credit at the end of a line: ``Ảnh: AP``, ``(Ảnh minh họa: ShutterStock)``, ``Ảnh minh họa.``"""
    labels = sorted(data_lines("caption_credits.txt"), key=len, reverse=True)
    # Labels in any case ("Ảnh", "ẢNH"); the credited name itself must be capitalised.
    alt = "(?i:" + "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in labels) + ")"
    # The credited name is a few capitalised words, codes or initials ("AP", "N.K.", "Daily Mail", "iStock").
    name = r"(?:[A-ZÀ-ỸĐ0-9]|\w*[A-ZĐ])[\w.&'-]*"
    return re.compile(
        rf"(?:\((?:{alt})\b[^()]{{0,60}}\)"  # (Ảnh minh họa: X)
        rf"|(?<!\w)(?:{alt})\s*:\s*(?:{name}(?:[ /,]+{name}){{0,5}}|[\w.-]+)"  # Ảnh: Phạm Duy, Ảnh: soha
        # ... biểu diễn tại buổi lễ. Ảnh Pháp luật Plus.
        rf"|(?<=[.!?] )(?:{alt})\s+(?:(?i:báo)\s+)?{name}(?:\s+[\w.&'-]+){{0,4}}"
        rf"|^(?:{alt})\.?)\s*\.?$"  # Ảnh minh họa.
    )


@cache
def _label_words() -> tuple[str, ...]:
    return tuple(sorted({label.split()[0] for label in data_lines("caption_credits.txt")}))


@cache
def _photo_word_rx() -> re.Pattern[str]:
    """A photo/video label as a whole word (``ảnh``, ``video``; ``ảnh hưởng`` is no photo)."""
    labels = "|".join(re.escape(x) for x in sorted(data_lines("caption_credits.txt"), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{labels})(?!\w)(?! hưởng)")


def has_credit(text: str, low: str | None = None) -> bool:
    """True when the line ends with a photo/video credit (``low``: the line in lower case, if known)."""
    tail = max(0, len(text) - _CREDIT_TAIL)
    low = text.lower() if low is None else low
    # A plain substring test first: most lines name no credit label near their end, and the regex costs.
    end = low[tail:]
    for w in _label_words():
        if w in end:
            break
    else:
        return False
    # The credit closes the line: only its tail is searched (``pos`` keeps ``^`` at the real start).
    return credit_rx().search(text, tail) is not None


def repeat_keys(lines: list[Line]) -> set[str]:
    """Keys (lower case) of lines written more than once; lines are whitespace-normalised already."""
    seen: set[str] = set()
    repeated: set[str] = set()
    for ln in lines:
        key = ln.low
        if key in seen:
            repeated.add(key)
        seen.add(key)
    return repeated


def is_short_caption(line: Line) -> bool:
    """A short line without final punctuation that names what a photo shows."""
    if not MIN_CAPTION_WORDS <= line.words <= MAX_CAPTION_WORDS:
        return False
    # A closing remark in brackets ("... tôn giáo. (Nguồn ảnh: X)") does not hide the sentence's period.
    if ends_sentence(line.text) or ends_sentence(_TRAILING_BRACKET.sub("", line.text)):
        return False
    if line.text.endswith(",") or _LIST_ITEM.match(line.text) or ends_with_nonfinal(line.low):
        # a clause that goes on ("... tại các dự án từ"), or a numbered section heading ("1. Xây nhà")
        return False
    if (": " in line.text or " :" in line.text) and _photo_word_rx().search(line.low) is None:
        # "Nhiệt độ thấp nhất từ : 15 - 18 độ", "Thời tiết hôm nay 7/2/2017: Hà Nội": a label and its
        # value (table rows, headings of a list) -- unless the label is a photo's ("Ảnh minh họa: ...").
        return False
    if line.text.isupper():
        return False  # a line in capitals is a heading or a document header ("ỦY BAN NHÂN DÂN TỈNH ...")
    if is_embed(line):
        return False
    if _NUMBERED_HEADING.match(line.text) and not shows_photo(line):
        return False  # "Điều 12. Đối tượng dự thi", "Bước 2: ...": a numbered section's heading
    return line.text[0].isupper() or line.text[0] in "\"“'‘" or line.text[0].isdigit()


def is_embed(line: Line) -> bool:
    """True for the text of an embedded post (a tweet's ``pic.twitter.com/...``, a link): not a caption."""
    return "://" in line.text or "pic.twitter.com" in line.low or "www." in line.low


def shows_photo(line: Line) -> bool:
    """True when the line names a photo or video as a whole word (``ảnh``, ``clip``; not ``ảnh hưởng``)."""
    return _photo_word_rx().search(line.low) is not None


def is_labelled_caption(line: Line) -> bool:
    """A short line that opens with a photo label: ``Ảnh minh họa. Nguồn: Internet``, ``Hình ảnh cắt ra
    từ clip.`` (a sentence of the text says more than that)."""
    if line.words > MAX_LABELLED_WORDS or _photo_word_rx().match(line.low) is None or line.text.endswith(":"):
        return False  # "Video khói đen bốc lên ... Kuwait Today:" introduces the video below it
    return not _voice_rx().search(line.low)


def is_heading_like(line: Line) -> bool:
    """A short unpunctuated line in common words only: a section heading rather than a photo caption.

    A caption names what the photo shows -- a person, a place, a thing (a capitalised word after the
    first) -- or describes it at length; a heading states a theme in a few common words.
    """
    if line.words >= LONG_CAPTION_WORDS:
        return False
    if _photo_word_rx().match(line.low) is not None:
        return False  # "Ảnh hot girl cấy lúa ...", "Clip ghi cảnh ...": it says it shows a photo
    tokens = line.text.split()[1:]
    return not any(t.lstrip("\"“‘'(")[:1].isupper() for t in tokens)


def is_cut_off(line: Line) -> bool:
    """True for a line that goes on with the one before it: it opens in lower case or with a mark that
    cannot start a sentence (``là ai?``, ``, nhưng M``, ``(hay còn gọi là ...``)."""
    text = line.text
    if text[0] in ",.;:)…":
        return True
    if text[0] == "(" and len(text) > 1:
        text = text[1:]
    return text[0].islower()


def continues_text(line: Line) -> bool:
    """A line opening with a connective and naming no photo: running text that lost its period.

    ``Được biết 100% lợi nhuận ...``, ``Tuy nhiên ...`` go on from the paragraph before; a caption
    stands on its own (``Sau khi gây tai nạn, ... Ảnh cắt từ clip`` says it shows a photo).
    """
    return line.low.startswith(connectives()) and _photo_word_rx().search(line.low) is None


def is_credited_caption(line: Line) -> bool:
    """A line ending with a photo credit (and not a whole paragraph).

    A long line in the text's own voice (``BS Liên cho hay, ... 20 ca. (Ảnh minh họa)``) is a paragraph
    that a photo note was glued to, not a caption.
    """
    if line.words > MAX_CREDITED_WORDS or not has_credit(line.text, line.low):
        return False
    return line.words <= MAX_CAPTION_WORDS or not _voice_rx().search(line.low)


def is_source_caption(line: Line) -> bool:
    """One short sentence closed by a bracketed source: ``Tàu khu trục của Mỹ. (Nguồn: Wikimedia)``.

    The caller judges the position: the last line of a text, or lines next to each other all credited so,
    are a photo story's text blocks (``... (Nguồn ảnh: Business Insider)`` credits the whole story).
    """
    if line.words > MAX_CAPTION_WORDS or not line.text.endswith((")", ").")):
        return False
    # "Tàu khu trục của Mỹ. (Nguồn: Wikimedia)": a described photo and where it comes from.
    m = _source_rx().search(line.text)
    if m is None:
        return False
    # One short sentence before the source; longer or several are a photo story's text blocks, which
    # credit their photos too but stay text ("... (Nguồn Sina)" under every block of a story).
    described = Line(raw=line.raw, text=line.text[: m.start()].rstrip(), gap=line.gap, index=line.index)
    if not MIN_CAPTION_WORDS <= described.words <= MAX_SENTENCE_CAPTION_WORDS:
        return False
    return sentence_count(described.text) == 1 and not described.low.startswith(connectives())


@cache
def _source_rx() -> re.Pattern[str]:
    """A source label in brackets closing a line: ``(Nguồn: AFP/TTXVN)``, ``(Nguồn Sina)``."""
    labels = "|".join(re.escape(x) for x in sorted(data_lines("caption_sources.txt"), key=len, reverse=True))
    return re.compile(rf"\((?i:{labels})\b[^()]{{1,60}}\)\.?$")


# "Điều 12. ", "Bước 2: ", "Phần 3 - ": a word and a number heading a numbered section.
_NUMBERED_HEADING = re.compile(r"^\w+ \d{1,3}[.:)]\s|^\w+ \d{1,3} [-–] ")
# "1. ", "IV. ", "a) ", "A) " (answers of a quiz), "b/ ": items of a list, never captions.
_LIST_ITEM = re.compile(r"^(?:\d{1,2}|[IVX]{1,4}|[a-zđ])[.)/]\s|^[A-ZĐ]\)\s")
_TRAILING_BRACKET = re.compile(r"\s*\([^()]*\)$")
_SENTENCE_BREAK = re.compile(r"[.!?…][\"”’)]*\s+[\"“(]?[A-ZÀ-ỸĐ]")


def sentence_count(text: str) -> int:
    """Number of sentences (a final punctuation mark followed by a capitalised word starts a new one)."""
    return len(_SENTENCE_BREAK.findall(text)) + 1


@cache
def connectives() -> tuple[str, ...]:
    """Openings (lower case, with the following space or comma) of sentences that continue the text."""
    return tuple(w + " " for w in data_lines("connectives.txt")) + tuple(
        w + "," for w in data_lines("connectives.txt")
    )


@cache
def _voice_rx() -> re.Pattern[str]:
    # The text's own voice (writer/reader pronouns) or reported speech ("cho rằng", "cho biết").
    words = "|".join(re.escape(w) for w in data_lines("voice_words.txt") + data_lines("speech_verbs.txt"))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)")


def is_sentence_caption(line: Line) -> bool:
    """One short complete sentence that could describe a photo (judged with its context by the caller)."""
    text = line.text
    if not MIN_SENTENCE_CAPTION_WORDS <= line.words <= MAX_SENTENCE_CAPTION_WORDS or not ends_sentence(text):
        return False
    if text[0] in "\"“'‘-–—(" or text.rstrip(CLOSERS)[-1] in ":;?!":
        return False  # quotes, questions and exclamations are voices of the text, not photo labels
    if any(q in text for q in '“”"') or ": " in text or _LIST_ITEM.match(text):
        return False
    if line.low.startswith(connectives()) or _voice_rx().search(line.low):
        return False
    return sentence_count(text) == 1
