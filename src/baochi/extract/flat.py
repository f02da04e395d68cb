"""Flattened text: a whole article on one line (crawlers that join every ``<p>`` with a space).

Paragraph breaks are lost, so captions are found inside the line by their photo credit
(``... dịp Tết Nguyên đán. Ảnh: N.T Đặc biệt khi ...``) and the related-article teaser a crawler
appends before its source-link banner is cut off.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from itertools import pairwise

from baochi.extract.captions import connectives, credit_rx
from baochi.extract.rules import data_lines
from baochi.extract.text_layout import Line, nonfinal_words

# A flattened article: one line of this many words and sentences, with at most a title and a banner beside it.
FLAT_MIN_WORDS = 60
FLAT_MIN_SENTENCES = 3
FLAT_MAX_LINES = 3
_SENTENCE_END = re.compile(r"[.!?…][\"”’)]*(\s+)(?=[\"“(]?[A-ZÀ-ỸĐ0-9])")
_UPPER = re.compile(r"^[\"“(]?[A-ZÀ-ỸĐ]")
# Credit names: a code (AP, CACC, N.T) or a few capitalised words.
_MAX_CREDIT_TOKENS = 3


def sentences(text: str) -> list[str]:
    """Sentence pieces of a flattened text (a period followed by a capital starts a new one)."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        out.append(text[start : m.start(1)])
        start = m.end(1)
    out.append(text[start:])
    return [s.strip() for s in out if s.strip()]


def _label_rx() -> re.Pattern[str]:
    labels = sorted(data_lines("caption_credits.txt"), key=len, reverse=True)
    alt = "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in labels)
    return re.compile(
        rf"(?<!\w)(?:\((?:{alt})\b[^()]{{0,60}}\)|(?:{alt})\s*:\s*"
        rf"|(?<=[.!?…] )(?P<alone>(?:{alt})\.)(?=\s|$))",
        re.IGNORECASE,
    )


def _credit_end(text: str, start: int) -> int:
    """Where the credit name that starts at ``start`` ends (before the next sentence's first word)."""
    tokens = list(re.finditer(r"\S+", text[start:]))
    run: list[re.Match[str]] = []
    for tok in tokens[: _MAX_CREDIT_TOKENS + 1]:
        if not _UPPER.match(tok.group(0)):
            break
        run.append(tok)
    if not run:
        return start
    first = run[0].group(0)
    code = first.isupper() or "." in first.rstrip(".")
    if code:
        return start + run[0].end()
    if len(run) > 1 and len(run) < len(tokens):
        run = run[:-1]  # the last capitalised word starts the next sentence ("Hoàng Hà Đặc biệt ...")
    return start + run[-1].end()


def split_credited_captions(text: str) -> list[tuple[str, str]]:
    """Pieces of a flattened text tagged ``body`` or ``caption`` (a sentence ending with a photo credit)."""
    out: list[tuple[str, str]] = []
    pos = 0
    for m in _label_rx().finditer(text):
        if m.start() < pos:
            continue
        if m.group("alone"):
            # "... tiếng chuông. Ảnh minh họa. Thứ hai, ...": the label alone is the caption.
            if text[pos : m.start()].strip():
                out.append(("body", text[pos : m.start()].strip()))
            out.append(("caption", m.group("alone")))
            pos = m.end()
            continue
        end = m.end() if m.group(0).endswith(")") else _credit_end(text, m.end())
        if end == m.end() and not m.group(0).endswith(")"):
            continue
        before = text[pos : m.start()]
        parts = sentences(before)
        # The caption is the sentence the credit closes.
        if parts:
            head_start = before.rfind(parts[-1])
            body_part = before[:head_start]
            caption_head = before[head_start:]
        else:
            body_part, caption_head = "", before
        if caption_head.lstrip().lower().startswith(connectives()):
            # "Tuy nhiên, ... Ảnh: Facebook.": a sentence that continues the text is no caption; the
            # credit names a photo whose own caption the crawler lost.
            body_part, caption_head = body_part + caption_head, ""
        if body_part.strip():
            out.append(("body", body_part.strip()))
        out.append(("caption", (caption_head + text[m.start() : end]).strip()))
        pos = end
    if text[pos:].strip():
        out.append(("body", text[pos:].strip()))
    return out


def flat_line(lines: list[Line]) -> Line | None:
    """The one line holding a whole flattened article (title and banners aside), or None.

    A flattened document has at most three lines and exactly one of them is long (a paragraph of
    running text never stands alone with only a title beside it).
    """
    if not lines or len(lines) > FLAT_MAX_LINES:
        return None
    long = [ln for ln in lines if ln.words >= FLAT_MIN_WORDS]
    if len(long) != 1 or len(sentences(long[0].text)) < FLAT_MIN_SENTENCES:
        return None
    return long[0]


def cut_teaser(text: str, banner_at: int) -> tuple[str, str | None]:
    """(text before the source banner without its last sentence, that sentence) -- the related teaser."""
    before = text[:banner_at].rstrip()
    parts = sentences(before)
    if len(parts) < 2:
        return before, None
    teaser = parts[-1]
    return before[: before.rfind(teaser)].rstrip(), teaser


def credit_caption(text: str) -> bool:
    """True when a sentence is only a credited caption."""
    return credit_rx().search(text) is not None


_TOKEN = re.compile(r"\S+")
_OPEN_END = re.compile(r"[\w%)]$")
# A glued caption is a sentence of its own: at least a subject and a predicate, at most a long caption.
GLUED_MIN_WORDS, GLUED_MAX_WORDS = 6, 45
# A word capitalised mid-sentence more than once is a name ("Nhà nước", "Bộ Công an").
_MAX_CAPITAL_MID = 1


def _usage(tokens: list[str]) -> tuple[set[tuple[str, str]], Counter[str]]:
    """Lower-case word pairs used mid-sentence, and how often each capitalised word is met mid-sentence."""
    pairs: set[tuple[str, str]] = set()
    capital_mid: Counter[str] = Counter()
    for a, b in pairwise(tokens):
        if a.islower() and b.islower():
            pairs.add((a, b))
        elif b[:1].isupper() and _OPEN_END.search(a):
            capital_mid[b] += 1
    return pairs, capital_mid


Usage = tuple[set[tuple[str, str]], Counter[str]]


def text_usage(text: str) -> Usage:
    """How the words of a whole text are used (what split_glued_captions judges openings by)."""
    return _usage(text.split())


@cache
def _openers() -> tuple[str, ...]:
    return data_lines("sentence_openers.txt")


def _is_opener(words: list[str], j: int) -> bool:
    """True when the words from ``j`` begin with a sentence opener (``Thay vì``, ``Dù``)."""
    head = " ".join(words[j : j + 3]).lower().rstrip(",.;:")
    return any(head == p or head.startswith((p + " ", p + ",")) for p in _openers())


def split_glued_captions(text: str, usage: Usage | None = None) -> list[tuple[str, str]]:
    """Pieces tagged ``body`` / ``caption``: a caption without final period glued to the next paragraph.

    ``... vào tháng 12/2024 Tiền vệ người Brazil ...``: a capitalised word after a word with no
    punctuation starts a new block when the same two words occur in lower case elsewhere in the text
    (``tiền vệ``) and the capitalised word is met nowhere else mid-sentence -- so it is an ordinary word
    opening a sentence, not a name running on (``usage``: of the whole article, when ``text`` is a part of
    it). The piece from
    the last sentence start up to there is the caption.
    """
    matches = list(_TOKEN.finditer(text))
    words = [m.group(0) for m in matches]
    pairs, capital_mid = usage if usage is not None else _usage(words)
    nonfinal = nonfinal_words()
    out: list[tuple[str, str]] = []
    start = 0  # where the current (not yet emitted) text begins
    sentence_start = 0  # token index where the current sentence starts
    for j in range(1, len(words) - 1):
        prev, tok, nxt = words[j - 1], words[j], words[j + 1]
        if prev[-1] in ".!?…" or prev.endswith(("...", ".”", '."')):
            sentence_start = j
            continue
        if not (tok[0].isupper() and (len(tok) == 1 or tok[1:].islower()) and _OPEN_END.search(prev)):
            continue
        if prev.lower() in nonfinal:
            continue  # a word that introduces a name ("của", "tỉnh")
        # A sentence opener ("Dù", "Thay vì", "Ở") followed by a lower-case word starts a paragraph even
        # after a name ("... của Leny Yoro Không chỉ ..."): names are not made of such words.
        opener = _is_opener(words, j) and (nxt[:1].islower() or not prev[:1].isupper())
        if not opener and (prev[:1].isupper() or (j >= 2 and words[j - 2][:1].isupper())):
            continue  # a title-case name running on ("Hồi sức Cấp cứu")
        key = tok.lower()
        # Capitalised mid-sentence more than once: a name ("Nhà nước", "Bộ Công an"), not a sentence start.
        opens = opener or ((key, nxt.rstrip(",.;:")) in pairs and capital_mid[tok] <= _MAX_CAPITAL_MID)
        if not opens:
            continue
        n = j - sentence_start
        if not GLUED_MIN_WORDS <= n <= GLUED_MAX_WORDS:
            continue
        cap_from = matches[sentence_start].start()
        if text[cap_from : cap_from + 40].lower().startswith(connectives()):
            continue  # "Cụ thể, ...", "Tuy nhiên, ...": running text, never a caption
        if cap_from > start and text[start:cap_from].strip():
            out.append(("body", text[start:cap_from].strip()))
        out.append(("caption", text[cap_from : matches[j - 1].end()].strip()))
        start = matches[j].start()
        sentence_start = j
    if text[start:].strip():
        out.append(("body", text[start:].strip()))
    return out


# "... nhưng mặt sau ...": a sentence opening with an ellipsis and a lower-case word, right after the end
# of another sentence, continues a caption split over two photos.
_CONTINUATION = re.compile(r"(?:(?<=[.!?…] )|(?<=[.!?…][\"”’)] ))(?:\.\.\.|…) ?(?=[a-zà-ỹđ])")
_ELLIPSIS_END = re.compile(r"(?<=\w)(?:\.\.\.|…)(?= )")
_ANY_SENTENCE_END = re.compile(r"(?<!\.)[.!?…][\"”’)]? ")
# A caption half is one short sentence.
_MAX_HALF_WORDS = 25


def split_ellipsis_captions(text: str) -> list[tuple[str, str]]:
    """Pieces tagged ``body`` / ``caption``: one caption split over two photos with ellipses.

    ``iPhone 17e sẽ có Dynamic Island ở mặt trước... Bất chấp ...`` then, further on, ``... 48 MP. ...
    nhưng mặt sau vẫn là camera duy nhất như iPhone 16e. Cuối cùng ...``: the sentence that opens with an
    ellipsis and a lower-case word finishes the last earlier sentence that ended with one. Running text
    never opens a sentence with an ellipsis, so both halves are the photo captions.
    """
    cuts: list[tuple[int, int]] = []
    for m in _CONTINUATION.finditer(text):
        end_m = _SENTENCE_END.search(text, m.end())
        end = end_m.start(1) if end_m else len(text)
        if not 2 <= len(text[m.start() : end].split()) <= _MAX_HALF_WORDS:
            continue
        first = None
        # The first half: the last sentence before it that ends with an ellipsis glued to its last word.
        for e in _ELLIPSIS_END.finditer(text, 0, m.start()):
            starts = [x.end() for x in _ANY_SENTENCE_END.finditer(text, 0, e.start())]
            first = (starts[-1] if starts else 0, e.end())
        if first is None or len(text[first[0] : first[1]].split()) > _MAX_HALF_WORDS:
            continue
        if cuts and first[0] < cuts[-1][1]:
            continue
        cuts.extend([first, (m.start(), end)])
    out: list[tuple[str, str]] = []
    pos = 0
    for a, b in cuts:
        if text[pos:a].strip():
            out.append(("body", text[pos:a].strip()))
        out.append(("caption", text[a:b].strip()))
        pos = b
    if text[pos:].strip():
        out.append(("body", text[pos:].strip()))
    return out
