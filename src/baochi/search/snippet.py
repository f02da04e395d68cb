"""Snippets: the passage of a record that best matches a query, matched words marked «like this».

Matching runs on ``fold_key`` text, which has exactly one character per character of the original, so
the spans found in the folded text cut and mark the ORIGINAL text with its diacritics.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from itertools import pairwise

from baochi.lang.fold import fold_key
from baochi.model import Article
from baochi.search.folding import fold_fast

OPEN, CLOSE = "«", "»"
# About two lines of a terminal: enough context to judge a hit, short enough for a list of ten.
WIDTH = 220
# Context kept before the first match so the snippet does not start on the matched word.
BEFORE = 60


@lru_cache(maxsize=1024)
def _word_re(word: str) -> re.Pattern[str]:
    """One word (lower case) as a whole word: the literal first, its start checked by a look-behind
    after it (a pattern beginning with a literal is searched for by it: many times faster on a body
    than a look-behind tried at every position)."""
    w = re.escape(word)
    return re.compile(rf"{w}(?<![^\W_]{w})(?![^\W_])")


def _find(text: str, words: frozenset[str] | set[str]) -> list[tuple[int, int]]:
    """Spans of ``words`` as whole words of ``text``; a longer word wins where two overlap."""
    spans = sorted(
        ((m.start(), m.end()) for w in words for m in _word_re(w).finditer(text)),
        key=lambda se: (se[0], -se[1]),
    )
    kept: list[tuple[int, int]] = []
    for s, e in spans:
        if not kept or s >= kept[-1][1]:
            kept.append((s, e))
    return kept


def match_words(
    text: str, loose: set[str], exact: frozenset[str] | set[str] = frozenset()
) -> list[tuple[int, int, str]]:
    """Spans (and matched word, folded) of the words of ``text`` whose folded form is in ``loose`` or
    whose exact (lower-case) form is in ``exact``, in order. Both are looked for in lower-case forms of
    the text with one character per character of it: loose words in the folded text (``fold_key``),
    exact ones in the text lower-cased (case-folded char by char when lower-casing changes a length)."""
    if not loose and not exact:
        return []
    spans = _find(fold_fast(text), loose) if loose else []
    if exact:
        lower = text.lower()
        if len(lower) != len(text):
            lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        spans += _find(lower, exact)
    if loose and exact:  # in order, a word found both ways once
        spans.sort()
        kept: list[tuple[int, int]] = []
        for s, e in spans:
            if not kept or s >= kept[-1][1]:
                kept.append((s, e))
        spans = kept
    keys: dict[str, str] = {}  # one fold per distinct word form (a long body repeats them)
    out = []
    for s, e in spans:
        word = text[s:e]
        key = keys.get(word)
        if key is None:
            key = keys[word] = fold_key(word)
        out.append((s, e, key))
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


def _phrase_first(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Where the passage holds the query's words side by side (a phrase typed, found as such), only those
    runs are marked: a lone syllable of a several-syllable query (``nổi`` for ``ha noi``) is no match."""
    joined = [not text[a[1] : b[0]].strip() for a, b in pairwise(spans)]
    if not any(joined):
        return spans
    return [
        span for i, span in enumerate(spans) if (i > 0 and joined[i - 1]) or (i < len(joined) and joined[i])
    ]


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
    inside = _phrase_first(
        best[start:end], [(s - start, e - start) for s, e in best_spans if s >= start and e <= end]
    )
    text = mark(best[start:end], inside)
    return ("…" if start > 0 else "") + text + ("…" if end < len(best) else "")
