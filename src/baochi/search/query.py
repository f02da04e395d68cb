"""Query parsing: whatever the user typed becomes terms and quoted phrases, then FTS5 MATCH strings.

Nothing the user types reaches FTS5 syntax unquoted: every token is a letters-and-digits run wrapped in
double quotes, so ``*``, ``NEAR``, ``-``, ``^``, ``:``, parentheses or SQL are never operators. Bare
upper-case ``AND``/``OR``/``NOT``/``NEAR`` are dropped (people paste them from other search engines);
an unbalanced quote quotes to the end of the query.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from baochi.store.fts import TOKEN, exact_text, fold_text

_QUOTES = {'"': '"', "“": "”", "„": "“", "«": "»", "”": "”"}
_OPERATORS = {"AND", "OR", "NOT", "NEAR"}
# Bounds that keep a pasted paragraph from turning into a slow query. The text is cut to MAX_QUERY
# characters before anything else looks at it, so every later step works on a bounded input.
MAX_QUERY = 2000
MAX_CLAUSES = 32
MAX_TOKEN = 64
MAX_PHRASE = 16  # tokens of one quoted phrase


@dataclass(frozen=True, slots=True)
class Clause:
    """One query term, or a phrase (several tokens in order); tokens are NFC lower case."""

    tokens: tuple[str, ...]

    @property
    def folded(self) -> tuple[str, ...]:
        """The tokens without diacritics."""
        return _folded(self.tokens)

    @property
    def accented(self) -> tuple[str, ...]:
        """The tokens typed with diacritics (those an exact match should honour)."""
        return tuple(t for t, f in zip(self.tokens, _folded(self.tokens), strict=True) if f != t)


@lru_cache(maxsize=4096)
def _folded(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Tokens folded (asked many times per query: each tier and each hit)."""
    return tuple(fold_text(t) for t in tokens)


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: clauses that must all match."""

    clauses: tuple[Clause, ...]

    @property
    def empty(self) -> bool:
        """True when nothing searchable is left."""
        return not self.clauses

    def folded_match(self) -> str:
        """The FTS5 expression matching every clause without regard to diacritics."""
        return " AND ".join(f'"{" ".join(c.folded)}"' for c in self.clauses)

    def exact_match(self) -> str | None:
        """The expression that also requires every word typed with diacritics to match exactly;
        None when the query has no diacritics."""
        if not any(c.accented for c in self.clauses):
            return None
        # A one-word clause typed with accents needs only its exact form (which implies the folded one).
        parts = [f'"{" ".join(c.folded)}"' for c in self.clauses if len(c.tokens) > 1 or not c.accented]
        parts += [f'"{t}"' for c in self.clauses for t in c.accented]
        return " AND ".join(dict.fromkeys(parts))

    def adjacency(self) -> str | None:
        """The phrase of every query word in order (folded), for preferring records holding them side
        by side; None when the query is one word or already one phrase."""
        words = [t for c in self.clauses for t in c.folded]
        if len(words) < 2 or len(self.clauses) < 2:
            return None
        return f'"{" ".join(words)}"'

    def exact_adjacency(self) -> str | None:
        """Side by side with the diacritics typed: the folded phrase of every word, plus each run of
        consecutive words typed with diacritics as a phrase of the ``accents`` column (which holds
        only accented words, so ``đảng bộ`` there alone could be ``Đảng ta Bộ``; with the folded
        phrase, both must hold). None when the query has no such run or is one word."""
        adjacent = self.adjacency()
        if adjacent is None:
            return None
        runs: list[list[str]] = [[]]
        for c in self.clauses:
            for t, f in zip(c.tokens, c.folded, strict=True):
                if t != f:
                    runs[-1].append(t)
                elif runs[-1]:
                    runs.append([])
        phrases = [f'"{" ".join(r)}"' for r in runs if len(r) > 1]
        if not phrases:
            return None
        return " AND ".join([adjacent, *phrases])

    def text(self) -> str:
        """The query written back from its clauses (bounded: at most MAX_CLAUSES clauses of
        MAX_TOKEN-character tokens), phrases quoted."""
        return " ".join(f'"{" ".join(c.tokens)}"' if len(c.tokens) > 1 else c.tokens[0] for c in self.clauses)

    def marked_words(self, exact: bool) -> tuple[set[str], set[str]]:
        """What a snippet marks: folded words matched loosely, and words that must match exactly
        (those typed with accents, when the hit matched them exactly)."""
        if not exact:
            return {t for c in self.clauses for t in c.folded}, set()
        accented = {t for c in self.clauses for t in c.accented}
        loose = {
            f for c in self.clauses for t, f in zip(c.tokens, c.folded, strict=True) if t not in accented
        }
        return loose, accented


def _tokens(text: str) -> list[str]:
    return [t[:MAX_TOKEN] for t in TOKEN.findall(exact_text(text))]


def _words(text: str) -> list[str]:
    """Tokens of unquoted text, without bare upper-case operators."""
    kept = [w for w in TOKEN.findall(text) if w not in _OPERATORS]
    return _tokens(" ".join(kept))


def parse_query(text: str) -> Query:
    """Parse user input into terms and phrases; never fails. Linear in the length of ``text``, which is
    cut to MAX_QUERY characters first."""
    text = text[:MAX_QUERY]
    clauses: list[Clause] = []
    i, n = 0, len(text)
    plain = ""
    while i < n:
        ch = text[i]
        if ch in _QUOTES:
            clauses.extend(Clause((t,)) for t in _words(plain))
            plain = ""
            closing = _QUOTES[ch]
            end = text.find(closing, i + 1)
            if end < 0 and ch != '"':
                end = text.find('"', i + 1)
            end = n if end < 0 else end
            tokens = _tokens(text[i + 1 : end])[:MAX_PHRASE]
            if tokens:
                clauses.append(Clause(tuple(tokens)))
            i = end + 1
        else:
            plain += ch
            i += 1
    clauses.extend(Clause((t,)) for t in _words(plain))
    unique = list(dict.fromkeys(clauses))
    return Query(tuple(unique[:MAX_CLAUSES]))
