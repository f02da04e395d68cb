"""Flattened text: a whole article on one line (crawlers that join every ``<p>`` with a space).

Paragraph breaks are lost, so captions are found inside the line by their photo credit
(``... dịp Tết Nguyên đán. Ảnh: N.T Đặc biệt khi ...``) and the related-article teaser a crawler
appends before its source-link banner is cut off.
"""

from __future__ import annotations

import re

from baochi.extract.captions import credit_rx
from baochi.extract.rules import data_lines

# A line this long with several sentences is a flattened article, not a paragraph.
FLAT_MIN_WORDS = 150
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)]*\s+(?=[\"“(]?[A-ZÀ-ỸĐ0-9])")
_UPPER = re.compile(r"^[\"“(]?[A-ZÀ-ỸĐ]")
# Credit names: a code (AP, CACC, N.T) or a few capitalised words.
_MAX_CREDIT_TOKENS = 3


def sentences(text: str) -> list[str]:
    """Sentence pieces of a flattened text (a period followed by a capital starts a new one)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def _label_rx() -> re.Pattern[str]:
    labels = sorted(data_lines("caption_credits.txt"), key=len, reverse=True)
    alt = "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in labels)
    return re.compile(rf"(?<!\w)(?:\((?:{alt})\b[^()]{{0,60}}\)|(?:{alt})\s*:\s*)", re.IGNORECASE)


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
        if body_part.strip():
            out.append(("body", body_part.strip()))
        out.append(("caption", (caption_head + text[m.start() : end]).strip()))
        pos = end
    if text[pos:].strip():
        out.append(("body", text[pos:].strip()))
    return out


def is_flat(text: str) -> bool:
    """A single line long enough to be a whole flattened article."""
    return text.count(" ") + 1 >= FLAT_MIN_WORDS and len(sentences(text)) > 3


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
