"""Snippets: the passage of a record that best matches a query, matched words marked «like this».

Matching runs on ``fold_key`` text, which has exactly one character per character of the original, so
the spans found in the folded text cut and mark the ORIGINAL text with its diacritics.
"""

from __future__ import annotations

from baochi.lang.fold import fold_key
from baochi.model import Article
from baochi.store.fts import TOKEN

OPEN, CLOSE = "«", "»"
# About two lines of a terminal: enough context to judge a hit, short enough for a list of ten.
WIDTH = 220
# Context kept before the first match so the snippet does not start on the matched word.
BEFORE = 60


def match_spans(text: str, tokens: set[str]) -> list[tuple[int, int]]:
    """Character spans of the words of ``text`` whose folded form is one of ``tokens``."""
    return [(m.start(), m.end()) for m in TOKEN.finditer(fold_key(text)) if m.group() in tokens]


def _merge(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join spans separated only by spaces, so a matched phrase gets one pair of marks."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and not text[out[-1][1] : s].strip():
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def mark(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every span wrapped in « »."""
    parts: list[str] = []
    pos = 0
    for s, e in _merge(text, spans):
        parts += [text[pos:s], OPEN, text[s:e], CLOSE]
        pos = e
    parts.append(text[pos:])
    return "".join(parts)


def _window(text: str, spans: list[tuple[int, int]], width: int) -> tuple[int, int]:
    if len(text) <= width:
        return 0, len(text)
    start = max(0, spans[0][0] - BEFORE) if spans else 0
    if start:
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 and start - space < 20 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start + width // 2 else end
    return start, end


def snippet(article: Article, tokens: set[str], width: int = WIDTH) -> str:
    """The best-matching passage of lead and body (most distinct query words, then most matches)."""
    paragraphs = [p for p in ([article.lead] if article.lead else []) + article.body if p.strip()]
    if not paragraphs:
        paragraphs = [article.title or ""]
    best: str = paragraphs[0]
    best_spans: list[tuple[int, int]] = []
    best_key = (0, 0)
    for p in paragraphs:
        spans = match_spans(p, tokens)
        key = (len({fold_key(p[s:e]) for s, e in spans}), len(spans))
        if key > best_key:
            best, best_spans, best_key = p, spans, key
    start, end = _window(best, best_spans, width)
    inside = [(s - start, e - start) for s, e in best_spans if s >= start and e <= end]
    text = mark(best[start:end], inside)
    return ("…" if start > 0 else "") + text + ("…" if end < len(best) else "")
