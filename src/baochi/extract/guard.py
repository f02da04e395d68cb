"""What every record gets from the reading side, whatever its extractor did.

``guard_article`` runs on each freshly extracted record, before its id and hashes are set: strings that
cannot be stored or shown safely are cleaned (NUL bytes removed, lone surrogates replaced by U+FFFD),
the text handed to the later steps is bounded (``max_text_chars``), the reader's notes become the record's
warnings (an input cut short, invalid bytes replaced), and the user's ``--outlet`` / ``--date`` defaults
fill what the input did not carry.
"""

from __future__ import annotations

import re
from typing import Any

from baochi.ingest.limits import Limits, default_limits
from baochi.ingest.options import default_date
from baochi.model import Article, Document, Outlet

# NUL (ends C strings in every tool downstream) and lone surrogates (no UTF-8 form: the store refuses them).
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
_TEXT_FIELDS = ("title", "lead", "url", "attribution", "section")
_LIST_FIELDS = ("body", "captions", "authors", "tags", "boilerplate")


def _clean(text: str) -> str:
    return _UNSTORABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", text)


def clean_strings(article: Article) -> int:
    """Remove NULs and replace lone surrogates in every text field; returns how many fields changed."""
    changed = 0
    for name in _TEXT_FIELDS:
        value = getattr(article, name)
        if isinstance(value, str) and _UNSTORABLE.search(value):
            setattr(article, name, _clean(value))
            changed += 1
    for name in _LIST_FIELDS:
        values: list[Any] = getattr(article, name)
        if any(isinstance(v, str) and _UNSTORABLE.search(v) for v in values):
            setattr(article, name, [_clean(v) if isinstance(v, str) else v for v in values])
            changed += 1
    if article.byline is not None and _UNSTORABLE.search(article.byline.raw):
        article.byline.raw = _clean(article.byline.raw)
        changed += 1
    return changed


def cut_text(article: Article, limit: int) -> bool:
    """Cut lead + body (and captions, boilerplate) to ``limit`` characters each; True when cut."""
    cut = False
    budget = limit
    if article.lead and len(article.lead) > budget:
        article.lead, article.body, cut = article.lead[:budget], [], True
    budget -= len(article.lead or "")
    for name in ("body", "captions", "boilerplate"):
        parts: list[str] = getattr(article, name)
        room = budget if name == "body" else limit
        if sum(map(len, parts)) <= room:
            continue
        kept: list[str] = []
        for part in parts:
            if room <= 0:
                break
            kept.append(part[:room])
            room -= len(part) + 1
        setattr(article, name, kept)
        cut = True
    return cut


def _default_outlet(value: str) -> Outlet:
    from baochi.extract.outlets import registry
    from baochi.urls import url_domain

    info = registry().by_domain(url_domain(value) if "://" in value else value) if "." in value else None
    info = info or registry().by_name(value)
    return info.as_outlet() if info else Outlet(name=value)


def guard_article(article: Article, doc: Document, limits: Limits | None = None) -> Article:
    """Clean, bound and complete one record (see the module docstring)."""
    limits = limits or default_limits()
    clean_strings(article)
    if cut_text(article, limits.max_text_chars):
        article.warnings.append(f"text cut at {limits.max_text_chars} characters (BAOCHI_MAX_TEXT_CHARS)")
    meta = doc.meta
    if meta.get("truncated") and not any(w.startswith("truncated input") for w in article.warnings):
        article.warnings.append("truncated input: extracted what arrived")
    if meta.get("cut_lines"):
        article.warnings.append(f"text cut at {meta['cut_lines']} lines (BAOCHI_MAX_TEXT_LINES)")
    if meta.get("replaced_bytes"):
        article.warnings.append(f"{meta['replaced_bytes']} invalid bytes replaced by U+FFFD")
    if article.outlet is None and isinstance(meta.get("default_outlet"), str):
        article.outlet = _default_outlet(meta["default_outlet"])
    if article.published_at is None and isinstance(meta.get("default_date"), str):
        article.published_at = default_date(meta["default_date"])
    return article
