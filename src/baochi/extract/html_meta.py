"""Page metadata: JSON-LD (``NewsArticle``, ``BreadcrumbList``), OpenGraph, ``<meta>`` tags, canonical link.

Only collects what the page states; html.py cross-checks it against the visible page.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from baochi.ingest.html_charset import nfc

_ARTICLE_TYPES = {"newsarticle", "article", "blogposting", "reportagenews", "analysisnewsarticle", "webpage"}
_WS = re.compile(r"\s+")
# Dates written into the page by an inline script (``el.innerHTML = "Thứ năm, 20/12/2012, 16:10"``).
_SCRIPT_TEXT = re.compile(r"innerHTML\s*=\s*[\"']([^\"'<>]{6,120})[\"']")


def clean(text: str | None) -> str:
    """Whitespace-collapsed, trimmed text ('' for None)."""
    return nfc(_WS.sub(" ", text or "").strip())


@dataclass(slots=True)
class PageMeta:
    """What the page's metadata says about the article."""

    title: str | None = None  # <title>
    og: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # <meta name|itemprop|property> lower-cased
    tags: list[str] = field(default_factory=list)  # article:tag values
    canonical: str | None = None
    ld_types: set[str] = field(default_factory=set)
    ld_article: dict[str, Any] = field(default_factory=dict)
    ld_is_page: bool = False
    ld_breadcrumb: list[str] = field(default_factory=list)
    script_texts: list[str] = field(default_factory=list)

    def first(self, *keys: str) -> str | None:
        """The first non-empty value among OpenGraph properties and meta names."""
        for k in keys:
            v = self.og.get(k) or self.names.get(k)
            if v:
                return v
        return None

    def ld(self, key: str) -> Any:
        """A field of the JSON-LD article object (None when absent)."""
        return self.ld_article.get(key)


def _walk_ld(obj: Any, meta: PageMeta, depth: int = 0) -> None:
    if depth > 6:
        return
    if isinstance(obj, list):
        for x in obj:
            _walk_ld(x, meta, depth + 1)
        return
    if not isinstance(obj, dict):
        return
    types = obj.get("@type")
    names = {str(t).lower() for t in (types if isinstance(types, list) else [types]) if t}
    meta.ld_types |= names
    if names & _ARTICLE_TYPES:
        # a NewsArticle beats a generic WebPage object describing the same page
        is_page = names <= {"webpage"}
        if not meta.ld_article or (meta.ld_is_page and not is_page):
            meta.ld_article, meta.ld_is_page = obj, is_page
    if "breadcrumblist" in names:
        items = obj.get("itemListElement") or []
        crumbs = []
        for it in items if isinstance(items, list) else []:
            if isinstance(it, dict):
                item = it.get("item")
                name = it.get("name") or (item.get("name") if isinstance(item, dict) else None)
                if isinstance(name, str) and clean(name):
                    crumbs.append(clean(name))
        if crumbs:
            meta.ld_breadcrumb = crumbs
    if "@graph" in obj:
        _walk_ld(obj["@graph"], meta, depth + 1)


def read_meta(tree: LexborHTMLParser) -> PageMeta:
    """Collect the metadata of a parsed page."""
    meta = PageMeta()
    node = tree.css_first("title")
    if node is not None:
        meta.title = clean(node.text()) or None
    for m in tree.css("meta"):
        a = m.attributes
        key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
        value = clean(a.get("content"))
        if not key or not value:
            continue
        if key == "article:tag":
            meta.tags.append(value)
        elif key.startswith(("og:", "article:")):
            meta.og.setdefault(key, value)
        else:
            meta.names.setdefault(key, value)
    # microdata and <time datetime> on visible elements: the last resort for the publication time
    for node in tree.css("[itemprop=datePublished], time[datetime]"):
        stamp = node.attributes.get("content") or node.attributes.get("datetime")
        if stamp:
            meta.names.setdefault("visible-datetime", clean(stamp))
            break
    for link in tree.css("link[rel]"):
        if (link.attributes.get("rel") or "").lower() == "canonical" and link.attributes.get("href"):
            meta.canonical = clean(link.attributes.get("href"))
            break
    for s in tree.css("script"):
        stype = (s.attributes.get("type") or "").lower()
        text = s.text() or ""
        if stype == "application/ld+json":
            try:
                _walk_ld(json.loads(text), meta)
            except (json.JSONDecodeError, RecursionError):
                continue
        elif "innerHTML" in text:
            meta.script_texts.extend(m.group(1) for m in _SCRIPT_TEXT.finditer(text[:200_000]))
    return meta


def ld_names(value: Any) -> list[str]:
    """Person/organisation names of a JSON-LD ``author`` value."""
    out: list[str] = []
    for v in value if isinstance(value, list) else [value]:
        if isinstance(v, dict):
            v = v.get("name")
        if isinstance(v, str) and clean(v):
            out.append(clean(v))
    return out
