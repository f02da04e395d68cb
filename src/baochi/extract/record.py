"""JSON records of crawlers and corpora -> Article (news-please, Hugging Face-style and crawler dumps).

Field names per role come from ``data/record_fields.tsv`` (overridden by ``ReadOptions.fields``);
the record's own text goes through the scraped-text layout rules, its HTML (when it has no text)
through the HTML extractor, and the record's metadata is laid over the result.
"""

from __future__ import annotations

import html
import importlib
import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from typing import Any

from baochi.errors import ExtractionError
from baochi.extract.byline import split_names
from baochi.extract.dateline import find_dateline
from baochi.extract.dates import parse_vi_datetime
from baochi.extract.outlets import OutletInfo, registry
from baochi.extract.rules import data_table
from baochi.extract.text import detect_language, layout_article
from baochi.ingest.limits import cut_lines, default_limits
from baochi.lang.fold import fold_key
from baochi.lang.normalize import normalize_space, normalize_text
from baochi.model import Article, Dateline, Document
from baochi.urls import url_domain

# Epoch numbers above this are milliseconds (1e11 s is the year 5138).
_MILLIS = 1e11


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


def field_value(
    obj: dict[str, Any], role: str, overrides: dict[str, str], accept: Callable[[Any], Any] | None = None
) -> Any:
    """The first non-empty value of a role's fields (that ``accept`` turns into something, if given)."""
    names = (overrides[role],) if role in overrides else default_fields().get(role, ())
    for name in names:
        value = _get(obj, name)
        if value in (None, "", [], {}):
            continue
        if accept is None:
            return value
        converted = accept(value)
        if converted:
            return converted
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
        name = item.get("name") if isinstance(item, dict) else item  # authors: 42 -> no author
        text = _clean(name)
        if not text:
            continue
        for name in split_names(text) or [text]:
            if name not in out:
                out.append(name)
    return out


_MARKUP = re.compile(r"<(?:p|div|br|img|h[1-6]|span|figure|table|strong|em|a)\b[^>]*>", re.IGNORECASE)
# A text field holding this many tags is HTML (dumps that keep the article body as markup).
_MIN_TAGS = 2


def looks_like_html(text: str) -> bool:
    """True when a record's text field is really HTML markup (``<p class="body-text">...``)."""
    return len(_MARKUP.findall(text[:5000], 0)) >= _MIN_TAGS and "</" in text


def _date_value(value: Any) -> str | None:
    if isinstance(value, dict):  # MongoDB export: {"$date": "2018-02-04T22:15:07Z"} or {"$date": millis}
        value = value.get("$date")
    if isinstance(value, int | float) and not isinstance(value, bool):
        seconds = value / 1000 if value > _MILLIS else value
        try:
            return datetime.fromtimestamp(seconds, tz=UTC).isoformat(timespec="seconds")
        except (OverflowError, OSError, ValueError):
            return None
    return parse_vi_datetime(value) if isinstance(value, str) else None


def _strings(value: Any) -> list[str]:
    items = (
        value if isinstance(value, list) else re.split(r"\s*[|;]\s*", value) if isinstance(value, str) else []
    )
    return [x for x in (_clean(i) for i in items if isinstance(i, str)) if x]


def _outlet(value: Any) -> OutletInfo | None:
    name = _clean(value)
    if not name:
        return None
    if "." in name and " " not in name:
        return registry().by_domain(url_domain(name) if "://" in name else name)
    return registry().by_name(name)


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
    if isinstance(text, list) and all(isinstance(x, str) for x in text):
        text = "\n\n".join(text)  # paragraphs given as a list
    markup = field_value(obj, "html", overrides)
    if isinstance(text, str) and looks_like_html(text) and not (isinstance(markup, str) and markup.strip()):
        markup, text = text, None  # the binhvq corpus keeps its body as HTML in "body"
    if isinstance(text, str) and text.count("\n") >= default_limits().max_text_lines:
        text = cut_lines(text, default_limits().max_text_lines)[0]  # the layout rules are quadratic in lines
        doc.meta["cut_lines"] = default_limits().max_text_lines
    if isinstance(text, str) and text.strip():
        if "&" in text and ";" in text:
            text = html.unescape(text)
        art = layout_article(
            normalize_text(text),
            source=doc.source,
            source_offset=doc.source_offset,
            url=url,
            title=title,
            title_line=False,
        )
    elif isinstance(markup, str) and markup.strip():
        art = _from_html(doc, markup, url)
    else:
        art = Article(id="", source=doc.source, source_offset=doc.source_offset, url=url, page_type="other")
    art.title = title or art.title
    art.url = url or art.url
    when = field_value(obj, "date", overrides, _date_value)
    if when:
        art.published_at = when
    section = field_value(obj, "section", overrides)
    sections = _strings(section)
    if sections and not art.section:
        art.section = sections[0]
    tags = _strings(field_value(obj, "tags", overrides))
    if tags and not art.tags:
        art.tags = tags
    # Crawlers often put the outlet in the author field ("Tuoi Tre Online"): that is no person.
    authors = [a for a in _authors(field_value(obj, "authors", overrides)) if registry().by_name(a) is None]
    if authors:
        art.authors = authors
    desc = _clean(field_value(obj, "lead", overrides))
    if desc and art.lead is None:
        art.lead = _description_lead(desc, art)
        found = find_dateline(art.lead) if art.lead else None
        if found is not None and art.dateline is None:
            art.lead = found.rest.strip() or None
            day = art.published_at[:10] if art.published_at else None
            art.dateline = Dateline(prefix=found.prefix or None, place=found.place, date=day)
            if art.outlet is None and found.outlet is not None:
                art.outlet = found.outlet.as_outlet()
    if art.outlet is None:
        info = registry().by_domain(url_domain(url)) if url else None
        info = info or _outlet(field_value(obj, "outlet", overrides))
        art.outlet = info.as_outlet() if info else None
    art.page_type = "article" if art.body or art.lead else "other"
    art.language = art.language or detect_language(" ".join([art.title or "", art.lead or "", *art.body[:3]]))
    return art
