"""Page metadata: JSON-LD (``NewsArticle``, ``BreadcrumbList``), OpenGraph, ``<meta>`` tags, canonical link.

Only collects what the page states; html.py cross-checks it against the visible page.
"""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from baochi.ingest.html_charset import nfc

_ARTICLE_TYPES = {"newsarticle", "article", "blogposting", "reportagenews", "analysisnewsarticle", "webpage"}
# Dates written into the page by an inline script (``el.innerHTML = "Thứ năm, 20/12/2012, 16:10"``).
_SCRIPT_TEXT = re.compile(r"innerHTML\s*=\s*[\"']([^\"'<>]{6,120})[\"']")


def clean(text: str | None) -> str:
    """Whitespace-collapsed, trimmed text ('' for None)."""
    # str.split() and the regex \s agree on what whitespace is; split/join is the faster
    return nfc(" ".join(text.split())) if text else ""


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


# Everything read_meta looks at, in one selector query (a query walks the whole tree).
_META_SEL = "title, meta, link[rel], script, [itemprop=datePublished], time[datetime]"


def read_meta(tree: LexborHTMLParser) -> PageMeta:
    """Collect the metadata of a parsed page."""
    meta = PageMeta()
    seen_title = False
    stamp: str | None = None
    last = -1
    for node in tree.css(_META_SEL):
        if node.mem_id == last:  # an element matching two of the selectors comes twice in a row
            continue
        last = node.mem_id
        tag = node.tag
        a = node.attributes
        if tag == "title" and not seen_title:
            seen_title = True
            meta.title = clean(node.text()) or None
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").strip().lower()
            if key == "article:tag":
                if value := clean(a.get("content")):
                    meta.tags.append(value)
            elif key:
                target = meta.og if key.startswith(("og:", "article:")) else meta.names
                # the first non-empty value of a key wins: later ones are not worth cleaning
                if key not in target and (value := clean(a.get("content"))):
                    target[key] = value
        elif tag == "link":
            if meta.canonical is None and (a.get("rel") or "").lower() == "canonical" and a.get("href"):
                meta.canonical = clean(a.get("href"))
        elif tag == "script":
            stype = (a.get("type") or "").lower()
            text = node.text() or ""
            if stype == "application/ld+json":
                with contextlib.suppress(json.JSONDecodeError, RecursionError):
                    _walk_ld(json.loads(text), meta)
            elif "innerHTML" in text:
                meta.script_texts.extend(m.group(1) for m in _SCRIPT_TEXT.finditer(text[:200_000]))
        # microdata and <time datetime> on visible elements: the last resort for the publication time
        if stamp is None and (a.get("itemprop") == "datePublished" or (tag == "time" and "datetime" in a)):
            stamp = a.get("content") or a.get("datetime") or None
    if stamp:
        meta.names.setdefault("visible-datetime", clean(stamp))
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
