"""Snippets: the passage of a record that best matches a query, matched words marked «like this».

Matching runs on ``fold_key`` text, which has exactly one character per character of the original, so
the spans found in the folded text cut and mark the ORIGINAL text with its diacritics.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache, lru_cache
from itertools import pairwise

from baochi.lang.fold import fold_key
from baochi.model import Article

OPEN, CLOSE = "«", "»"
# About two lines of a terminal: enough context to judge a hit, short enough for a list of ten.
WIDTH = 220
# Context kept before the first match so the snippet does not start on the matched word.
BEFORE = 60


@cache
def _variants() -> dict[str, str]:
    """For each folded letter, a regex class of every letter folding to it (``d`` -> ``[dDđĐ]``)."""
    groups: dict[str, set[str]] = {}
    for cp in [*range(0x20, 0x250), *range(0x1E00, 0x1F00)]:
        ch = chr(cp)
        key = fold_key(ch)
        if len(key) == 1 and key.isalnum():
            groups.setdefault(key, set()).add(ch)
    return {k: "[" + "".join(sorted(re.escape(c) for c in v)) + "]" for k, v in groups.items()}


def _loose(word: str) -> str:
    variants = _variants()
    return "".join(variants.get(c, re.escape(c)) for c in word)


@lru_cache(maxsize=256)
def _words_re(loose: frozenset[str], exact: frozenset[str]) -> re.Pattern[str] | None:
    """A regex finding, in the original text, any ``loose`` word with or without its diacritics and
    any ``exact`` word as written (case aside). Runs in C: long bodies stay fast to snippet."""
    parts = [_loose(w) for w in sorted(loose, key=len, reverse=True)]
    parts += [re.escape(w) for w in sorted(exact, key=len, reverse=True)]
    if not parts:
        return None
    return re.compile(rf"(?<![^\W_])(?:{'|'.join(parts)})(?![^\W_])", re.IGNORECASE)


def match_words(
    text: str, loose: set[str], exact: frozenset[str] | set[str] = frozenset()
) -> list[tuple[int, int, str]]:
    """Spans (and matched word, folded) of the words of ``text`` whose folded form is in ``loose`` or
    whose exact (lower-case) form is in ``exact``, in order."""
    pattern = _words_re(frozenset(loose), frozenset(exact))
    if pattern is None:
        return []
    folded: dict[str, str] = {}  # one fold per distinct word form (a long body repeats them)
    out = []
    for m in pattern.finditer(text):
        word = m.group()
        key = folded.get(word)
        if key is None:
            key = folded[word] = fold_key(word)
        out.append((m.start(), m.end(), key))
    return out


def match_spans(
    text: str, loose: set[str], exact: frozenset[str] | set[str] = frozenset()
) -> list[tuple[int, int]]:
    """Character spans of the matched words of ``text`` (see ``match_words``)."""
    return [(s, e) for s, e, _ in match_words(text, loose, exact)]


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


def snippet(
    article: Article, loose: set[str], exact: frozenset[str] | set[str] = frozenset(), width: int = WIDTH
) -> str:
    """The best-matching passage of lead and body (most distinct query words, then most matches)."""
    paragraphs = [p for p in ([article.lead] if article.lead else []) + article.body if p.strip()]
    if not paragraphs:
        paragraphs = [article.title or ""]
    # One pass over the whole text (folding and matching per paragraph costs more on long bodies).
    starts = [0]
    for p in paragraphs[:-1]:
        starts.append(starts[-1] + len(p) + 1)
    per_paragraph: list[list[tuple[int, int, str]]] = [[] for _ in paragraphs]
    for s, e, word in match_words("\n".join(paragraphs), loose, exact):
        i = bisect_right(starts, s) - 1
        per_paragraph[i].append((s - starts[i], e - starts[i], word))

    def side_by_side(i: int) -> int:
        """Matched words directly following another matched word (a phrase typed, found as such)."""
        spans, text = per_paragraph[i], paragraphs[i]
        return sum(1 for a, b in pairwise(spans) if not text[a[1] : b[0]].strip())

    best_i = max(
        range(len(paragraphs)),
        key=lambda i: (len({w for _, _, w in per_paragraph[i]}), side_by_side(i), len(per_paragraph[i]), -i),
    )
    best = paragraphs[best_i]
    best_spans = [(s, e) for s, e, _ in per_paragraph[best_i]]
    start, end = _window(best, best_spans, width)
    inside = [(s - start, e - start) for s, e in best_spans if s >= start and e <= end]
    text = mark(best[start:end], inside)
    return ("…" if start > 0 else "") + text + ("…" if end < len(best) else "")
