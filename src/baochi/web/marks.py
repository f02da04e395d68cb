"""Text of a record cut into segments for the article page: plain text, entity mentions (linked to
their pages), spelling flags and time expressions (when asked). Templates escape every segment."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

OPEN, CLOSE = "«", "»"

ENTITY_PAGES = {"PER": "people", "ORG": "organizations", "LOC": "places"}


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of text; ``kind`` is None for plain text, else ``PER``/``ORG``/``LOC``/``spelling``/
    ``time``; ``href`` a link, ``note`` a tooltip."""

    text: str
    kind: str | None = None
    href: str | None = None
    note: str | None = None


def _spans(article: Any, field: str, show: set[str]) -> list[tuple[int, int, Segment]]:
    spans: list[tuple[int, int, Segment]] = []
    for e in article.entities:
        if e.get("field") == field and e.get("id"):
            page = ENTITY_PAGES.get(e.get("type", ""))
            href = f"/{page}/{e['id']}" if page else None
            spans.append((e["start"], e["end"], Segment("", e["type"], href, e.get("canonical"))))
    if "spelling" in show:
        for s in article.spelling:
            if s.get("field") == field:
                spans.append(
                    (s["start"], s["end"], Segment("", "spelling", None, f"→ {s.get('suggestion')}"))
                )
    if "times" in show:
        for t in article.time_expressions:
            if t.get("field") == field:
                note = f"{t.get('kind')}: {t.get('value')}"
                spans.append((t["start"], t["end"], Segment("", "time", None, note)))
    return spans


def segments(article: Any, field: str, text: str, show: set[str]) -> list[Segment]:
    """``text`` (the value of ``field``: ``title``, ``lead``, ``body[2]``...) cut at its marks;
    overlapping marks: the first (then the longest) wins."""
    spans = sorted(_spans(article, field, show), key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[Segment] = []
    pos = 0
    for start, end, seg in spans:
        if start < pos or end > len(text) or start >= end:
            continue
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], seg.kind, seg.href, seg.note))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def snippet_html(snippet: str) -> Markup:
    """A search snippet with its «matched words» as <mark>, everything else escaped."""
    out: list[str] = []
    rest = snippet
    while True:
        i = rest.find(OPEN)
        j = rest.find(CLOSE, i + 1) if i >= 0 else -1
        if i < 0 or j < 0:
            out.append(str(Markup.escape(rest)))
            break
        out.append(str(Markup.escape(rest[:i])))
        out.append(f"<mark>{Markup.escape(rest[i + 1 : j])}</mark>")
        rest = rest[j + 1 :]
    return Markup("".join(out))
