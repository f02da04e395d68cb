"""Article or list page? Home, section, tag and search pages are lists: many headline links, each with
at most a teaser, and no story container. An article is never taken for a list when its page states it
is one and shows a story."""

from __future__ import annotations

import re

from baochi.extract.html_blocks import Block
from baochi.extract.html_content import Content
from baochi.extract.html_meta import PageMeta

# Story text (lead + body + captions) below this is too little for an article.
MIN_STORY_CHARS = 350
# Share of the container's text inside links above which the container is a list of teasers.
LIST_LINK_DENSITY = 0.35
# Article URLs end in an id or a long slug (``...-2495349.html``, ``.../a293004.html``, ``.chn``).
_ARTICLE_URL = re.compile(r"(?:\d{5,}|-[a-z0-9]+(?:-[a-z0-9]+){3,})(?:\.[a-z]{2,5})?/?$", re.IGNORECASE)


def headline_links(blocks: list[Block]) -> int:
    """Blocks that are a single link of headline length: the items of a list page."""
    return sum(1 for b in blocks if 20 <= b.chars <= 200 and b.link_density > 0.9)


def page_type(blocks: list[Block], content: Content, meta: PageMeta, url: str | None, has_title: bool) -> str:
    """``article`` or ``list``."""
    story = (
        sum(len(x) for x in content.body) + len(content.lead or "") + sum(len(x) for x in content.captions)
    )
    density = content.container_link_chars / content.container_chars if content.container_chars else 1.0
    paragraphs = sum(1 for x in content.body if len(x) >= 80)
    declared = bool(meta.ld_article.get("headline")) and not meta.ld_is_page
    declared = declared or bool(meta.og.get("article:published_time") and meta.og.get("og:title"))
    url_says = bool(url and _ARTICLE_URL.search(url.split("?")[0]))
    if story < MIN_STORY_CHARS and not (declared and story >= 150):
        return "list"
    if density > LIST_LINK_DENSITY and paragraphs < 3 and not declared:
        return "list"
    if not has_title and not declared and not url_says:
        return "list"
    return "article"
