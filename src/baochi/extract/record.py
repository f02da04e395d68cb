"""JSON records of crawlers and corpora -> Article (news-please, Hugging Face-style and crawler dumps).

Field names per role come from ``data/record_fields.tsv`` (overridden by ``ReadOptions.fields``);
the record's own text goes through the scraped-text layout rules, its HTML (when it has no text)
through the HTML extractor, and the record's metadata is laid over the result.
"""

from __future__ import annotations

import html
import importlib
import json
from collections.abc import Callable
from functools import cache
from typing import Any

from baochi.errors import ExtractionError
from baochi.extract.byline import split_names
from baochi.extract.dates import parse_vi_datetime
from baochi.extract.outlets import registry
from baochi.extract.rules import data_table
from baochi.extract.text import detect_language, layout_article
from baochi.lang.fold import fold_key
from baochi.lang.normalize import normalize_space, normalize_text
from baochi.model import Article, Document
from baochi.urls import url_domain


@cache
def default_fields() -> dict[str, tuple[str, ...]]:
    """Role -> field names, from the data file."""
    return {row[0]: tuple(row[1].split("|")) for row in data_table("record_fields.tsv") if row[0] != "role"}


def _get(obj: dict[str, Any], name: str) -> Any:
    if name in obj:
        return obj[name]
    value: Any = obj
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def field_value(obj: dict[str, Any], role: str, overrides: dict[str, str]) -> Any:
    """The first non-empty value of a role's fields."""
    names = (overrides[role],) if role in overrides else default_fields().get(role, ())
    for name in names:
        value = _get(obj, name)
        if value not in (None, "", [], {}):
            return value
    return None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    if "&" in value and ";" in value:
        value = html.unescape(value)
    value = normalize_space(value)
    return value or None


def _authors(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        text = _clean(item) if isinstance(item, str) else _clean((item or {}).get("name"))
        if not text:
            continue
        for name in split_names(text) or [text]:
            if name not in out:
                out.append(name)
    return out


def _description_lead(desc: str, art: Article) -> str | None:
    # Sites append " - <outlet>" to their meta description; the lead is the text before it.
    head, sep, tail = desc.rpartition(" - ")
    if sep and registry().by_name(tail) is not None:
        desc = head.strip()
    key = fold_key(desc)[:60]
    if art.body and fold_key(art.body[0]).startswith(key):
        return None
    return desc


def _from_html(doc: Document, markup: str, url: str | None) -> Article:
    extract: Callable[[Document], Article] = importlib.import_module("baochi.extract.html").extract_html
    sub = Document(
        source=doc.source, data=markup.encode("utf-8"), kind="html", source_offset=doc.source_offset, url=url
    )
    return extract(sub)


def extract_record(doc: Document) -> Article:
    """The record of one JSON object (``Document.data`` holds its UTF-8 JSON)."""
    try:
        obj = json.loads(doc.data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ExtractionError(f"{doc.source}: record is not valid JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise ExtractionError(f"{doc.source}: record is not a JSON object")
    overrides: dict[str, str] = dict(doc.meta.get("fields") or {})
    title = _clean(field_value(obj, "title", overrides))
    url = doc.url or _clean(field_value(obj, "url", overrides))
    text = field_value(obj, "text", overrides)
    markup = field_value(obj, "html", overrides)
    if isinstance(text, str) and text.strip():
        if "&" in text and ";" in text:
            text = html.unescape(text)
        art = layout_article(
            normalize_text(text), source=doc.source, source_offset=doc.source_offset, url=url, title=title
        )
    elif isinstance(markup, str) and markup.strip():
        art = _from_html(doc, markup, url)
    else:
        art = Article(id="", source=doc.source, source_offset=doc.source_offset, url=url, page_type="other")
    art.title = title or art.title
    art.url = url or art.url
    when = field_value(obj, "date", overrides)
    if isinstance(when, str) and parse_vi_datetime(when):
        art.published_at = parse_vi_datetime(when)
    authors = _authors(field_value(obj, "authors", overrides))
    if authors:
        art.authors = authors
    desc = _clean(field_value(obj, "lead", overrides))
    if desc and art.lead is None:
        art.lead = _description_lead(desc, art)
    if art.outlet is None:
        host = url_domain(url) if url else _clean(obj.get("source_domain"))
        info = registry().by_domain(url_domain(host) if host and "://" in host else host)
        art.outlet = info.as_outlet() if info else None
    art.page_type = "article" if art.body or art.lead else "other"
    art.language = art.language or detect_language(" ".join([art.title or "", art.lead or "", *art.body[:3]]))
    return art
