"""What every detector shares: the texts of an article by field, their tokens, and the mentions found.

Field names of spans: ``title``, ``dateline`` (its ``prefix``), ``lead``, ``body[i]`` (paragraph i, from
0), ``captions[i]``; ``start`` /
``end`` are character offsets into that field's text, so ``text[start:end]`` is the mention.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from baochi.enrich.lexicon import tokenize
from baochi.model import Article


@dataclass(slots=True)
class FieldText:
    """One field's text with its word tokens."""

    name: str
    text: str
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    words: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        for s, e, w in tokenize(self.text):
            self.starts.append(s)
            self.ends.append(e)
            self.words.append(w)

    def gap(self, i: int) -> str:
        """The characters between token ``i - 1`` and token ``i`` (what separates them)."""
        prev = self.ends[i - 1] if i > 0 else 0
        return self.text[prev : self.starts[i]] if i < len(self.starts) else self.text[prev:]

    def joined(self, i: int, j: int) -> bool:
        """Whether tokens i..j-1 follow each other separated by single spaces only (one phrase)."""
        return all(self.gap(k) == " " for k in range(i + 1, j))

    def span(self, i: int, j: int) -> str:
        """The text from token i to token j-1."""
        return self.text[self.starts[i] : self.ends[j - 1]]


def is_cap(word: str) -> bool:
    """Whether a token starts with an upper-case letter or is a number (names may hold numbers)."""
    return bool(word) and word[0].isupper()


def is_acronym(word: str) -> bool:
    """Whether a token is written in capitals (``UBND``, ``TTXVN``, ``NN&PTNT``)."""
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
    id: str = ""

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
    out = []
    if article.title:
        out.append(FieldText("title", article.title))
    # the dateline cut off the lead ("BDK.VN - ") names the outlet or the place of the story
    if article.dateline is not None and article.dateline.prefix:
        out.append(FieldText("dateline", article.dateline.prefix))
    if article.lead:
        out.append(FieldText("lead", article.lead))
    out += [FieldText(f"body[{i}]", p) for i, p in enumerate(article.body)]
    out += [FieldText(f"captions[{i}]", c) for i, c in enumerate(article.captions)]
    return out


def make(type_: str, ft: FieldText, i: int, j: int, canonical: str, **kw: Any) -> Mention:
    """A mention of tokens i..j-1 of a field."""
    start, end = ft.starts[i], ft.ends[j - 1]
    # keep the abbreviation dot of "TP." when a mention ends on it
    if ft.text[end : end + 1] == "." and ft.words[j - 1] in {"TP", "Tp"}:
        end += 1
    return Mention(type_, ft.name, i, j, start, end, ft.text[start:end], canonical, **kw)
