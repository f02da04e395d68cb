"""Vietnamese abbreviations (``UBND`` -> ``ủy ban nhân dân``, ``TP.`` -> ``thành phố``) and query variants.

Two data files: ``abbreviations.tsv`` (letter acronyms from Vinorm, MIT) and ``abbreviations_dotted.tsv``
(hand-made dotted forms and honorifics: ``TP.``, ``PGS.TS.``, ``ThS.``). Both are read once.
"""

from __future__ import annotations

import re
from functools import cache

from baochi.lang.fold import fold_key
from baochi.lang.normalize import nfc, text_key
from baochi.lang.resources import data_rows


@cache
def abbreviations() -> dict[str, tuple[str, ...]]:
    """Every abbreviation (as written: ``UBND``, ``TP.``) with its expansions, most usual first."""
    table: dict[str, list[str]] = {}
    for name in ("abbreviations_dotted.tsv", "abbreviations.tsv"):
        for abbr, expansion in data_rows(name):
            table.setdefault(abbr, []).append(expansion)
    return {k: tuple(v) for k, v in table.items()}


@cache
def dotted_forms() -> frozenset[str]:
    """Dotted abbreviations without their final period (``TP``, ``PGS.TS``, ``Th.S``): no sentence end."""
    forms = set()
    for abbr, _ in data_rows("abbreviations_dotted.tsv"):
        forms.add(abbr.rstrip("."))
    return frozenset(forms)


def expand(abbr: str) -> tuple[str, ...]:
    """The expansions of one abbreviation (``UBND``, ``TP.``, ``tp.``); empty when unknown."""
    table = abbreviations()
    for key in (abbr, abbr.upper(), abbr.rstrip("."), abbr.upper().rstrip(".")):
        if key in table:
            return table[key]
    return ()


@cache
def _by_expansion() -> dict[str, tuple[str, ...]]:
    """Letter acronyms keyed by the folded key of their expansion (``uy ban nhan dan`` -> ``UBND``)."""
    table: dict[str, list[str]] = {}
    for abbr, expansion in data_rows("abbreviations.tsv"):
        table.setdefault(fold_key(expansion), []).append(abbr)
    return {k: tuple(v) for k, v in table.items()}


_WORD = re.compile(r"[^\W_]+(?:\.[^\W\d_]+)*\.?")


def expand_query_variants(query: str, *, limit: int = 8, quote: bool = False) -> list[str]:
    """The query, then the query with one expansion replaced by its acronym or one acronym expanded.

    ``ủy ban nhân dân tỉnh`` -> ``[…, "UBND tỉnh"]``; ``UBND tỉnh`` -> ``[…, "ủy ban nhân dân tỉnh"]``.
    Used by search so that either spelling finds both. Matching of expansions ignores accents and case;
    ``quote`` wraps an inserted expansion in double quotes (a phrase for the search engine).
    """
    query = nfc(query).strip()
    out = [query]
    words = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(query)]
    by_exp = _by_expansion()
    # Longest expansions first, so ``hội đồng nhân dân`` wins over a shorter reading inside it.
    for n in range(min(len(words), 8), 1, -1):
        for i in range(len(words) - n + 1):
            start, end = words[i][0], words[i + n - 1][1]
            for abbr in by_exp.get(fold_key(query[start:end]), ()):
                out.append(query[:start] + abbr + query[end:])
    for start, end, word in words:
        if word.isupper() or word.endswith("."):
            for expansion in expand(word):
                inserted = f'"{expansion}"' if quote and " " in expansion else expansion
                out.append(query[:start] + inserted + query[end:])
    seen: set[str] = set()
    unique = []
    for q in out:
        key = text_key(q)
        if key not in seen:
            seen.add(key)
            unique.append(q)
    return unique[:limit]
