"""What every detector shares: the texts of an article by field, their tokens, and the mentions found.

Field names of spans: ``title``, ``dateline`` (its ``prefix``), ``lead``, ``body[i]`` (paragraph i, from
0), ``captions[i]``; ``start`` /
``end`` are character offsets into that field's text, so ``text[start:end]`` is the mention.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from baochi.enrich.lexicon import TOKEN_RE
from baochi.model import Article, Entity

_SPLIT_RE = re.compile(f"({TOKEN_RE.pattern})")


@dataclass(slots=True)
class FieldText:
    """One field's text with its word tokens, the gaps between them and their capitalisation."""

    name: str
    text: str
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)  # gaps[i]: the text before token i (and after the last)
    caps: list[bool] = field(default_factory=list)  # caps[i]: is_cap(words[i])
    # what detectors compute once per field and ask for again (title spans, …), by the detector's key
    memo: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # computed once per field: detectors ask for gaps and capitals of every token many times over.
        # Splitting on the token pattern gives [gap, token, gap, token, …, gap] in one C-level pass.
        parts = _SPLIT_RE.split(self.text)
        offsets = list(accumulate(map(len, parts)))
        self.gaps = parts[0::2]
        self.words = parts[1::2]
        self.starts = offsets[0:-1:2]
        self.ends = offsets[1::2]
        self.caps = [w[0].isupper() for w in self.words]

    def present(self, firsts: frozenset[str]) -> frozenset[str]:
        """The words of ``firsts`` (the first words of a table's entries) this field holds. Every set
        asked for joins one union, intersected with the field's tokens once; each set then meets only
        that small result (one pass over the tokens per field instead of one per table)."""
        if id(firsts) not in _FIRSTS:
            _register(firsts)
        cached = self.memo.get("present")
        if cached is None or cached[0] is not _UNION[0]:
            cached = self.memo["present"] = (_UNION[0], _UNION[0].intersection(self.words))
        return firsts & cached[1]

    def positions(self, hits: AbstractSet[str]) -> list[int]:
        """Indices of the tokens that are in ``hits``, in reading order. Each word is found by list scans
        in C the first time a field is asked for it (several tables share first words): far cheaper than a
        Python loop over every token when, as for the first words of a table, ``hits`` holds the few
        words of the field worth looking at."""
        if not hits:
            return []
        where: dict[str, list[int]] | None = self.memo.get("where")
        if where is None:
            where = self.memo["where"] = {}
        words = self.words
        out: list[int] = []
        for w in hits:
            at = where.get(w)
            if at is None:
                at = where[w] = []
                k = -1
                for _ in range(words.count(w)):
                    k = words.index(w, k + 1)
                    at.append(k)
            out += at
        out.sort()
        return out

    def gap(self, i: int) -> str:
        """The characters between token ``i - 1`` and token ``i`` (what separates them)."""
        return self.gaps[i]

    def joined(self, i: int, j: int) -> bool:
        """Whether tokens i..j-1 follow each other separated by single spaces only (one phrase)."""
        return all(g == " " for g in self.gaps[i + 1 : j])

    def span(self, i: int, j: int) -> str:
        """The text from token i to token j-1."""
        return self.text[self.starts[i] : self.ends[j - 1]]


# the sets ``FieldText.present`` was asked for (held, so their ids stay theirs) and their union
_FIRSTS: dict[int, frozenset[str]] = {}
_UNION: list[frozenset[str]] = [frozenset()]


def _register(firsts: frozenset[str]) -> None:
    _FIRSTS[id(firsts)] = firsts
    _UNION[0] = _UNION[0] | firsts  # a new object: fields' cached intersections with the old one are stale


def is_cap(word: str) -> bool:
    """Whether a token starts with an upper-case letter or is a number (names may hold numbers)."""
    return bool(word) and word[0].isupper()


def is_acronym(word: str) -> bool:
    """Whether a token is written in capitals (``UBND``, ``TTXVN``, ``NN&PTNT``)."""
    for c in word[:2]:
        if c.islower() and c.isalpha():
            return False  # a lower-case letter: no acronym (most words are decided here)
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@dataclass(slots=True)
class Mention:
    """One entity mention: type, where it is, what it is called in full."""

    type: str  # PER | ORG | LOC
    field: str
    i: int  # first token
    j: int  # token after the last
    start: int
    end: int
    text: str
    canonical: str
    kind: str = ""  # organisation type or place level
    admin: dict[str, Any] | None = None
    country: str = ""
    province: str = ""  # short name of the Vietnamese province the mention lies in, when known
    pending: str = ""  # a level to resolve from the article's places ("province", "city", ...)
    person: str = ""  # for a short person mention: the full name it stands for
    units: list[Any] = dataclasses.field(default_factory=list)  # candidate administrative units of a place
    cued: bool = False  # a person's name announced by a title or honorific (never re-read as a place)
    id: str = ""

    def entity(self) -> Entity:
        """The ``entities`` item of the mention (the typed form of ``record``, built without the dict)."""
        return Entity(
            type=self.type,
            text=self.text,
            field=self.field,
            start=self.start,
            end=self.end,
            canonical=self.canonical,
            id=self.id,
            kind=self.kind or None,
            admin=self.admin,
            country=self.country or None,
        )

    def record(self) -> dict[str, Any]:
        """The ``entities`` record of the mention."""
        out: dict[str, Any] = {
            "type": self.type,
            "text": self.text,
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "canonical": self.canonical,
            "id": self.id,
        }
        if self.kind:
            out["kind"] = self.kind
        if self.admin is not None:
            out["admin"] = self.admin
        if self.country:
            out["country"] = self.country
        return out


def article_fields(article: Article) -> list[FieldText]:
    """The texts an article's entities are looked for in, in reading order."""
    # the dateline cut off the lead ("BDK.VN - ") names the outlet or the place of the story: included
    return [FieldText(name, text) for name, text in article.text_fields()]


def make(type_: str, ft: FieldText, i: int, j: int, canonical: str, **kw: Any) -> Mention:
    """A mention of tokens i..j-1 of a field."""
    start, end = ft.starts[i], ft.ends[j - 1]
    # keep the abbreviation dot of "TP." when a mention ends on it
    if ft.text[end : end + 1] == "." and ft.words[j - 1] in {"TP", "Tp"}:
        end += 1
    return Mention(type_, ft.name, i, j, start, end, ft.text[start:end], canonical, **kw)
