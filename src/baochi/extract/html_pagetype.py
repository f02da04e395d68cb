"""Article or list page? Home, section, tag and search pages are lists: many headline links, each with
at most a teaser, and no story container. An article is never taken for a list when its page states it
is one and shows a story."""

from __future__ import annotations

import re

from baochi.extract.html_blocks import HEADING_TAGS, Block
from baochi.extract.html_content import Content, meeting
from baochi.extract.html_meta import PageMeta

# Story text (lead + body + captions) below this is too little for an article.
MIN_STORY_CHARS = 200
# ... unless the page vouches for an article (a news brief can be two sentences)
MIN_BRIEF_CHARS = 100
# A list repeats "headline link, then teaser": at least this many such pairs, making up at least this
# share of what would be the body. Articles with a related-stories box have a few pairs among many paragraphs.
MIN_TEASER_PAIRS = 3
TEASER_SHARE = 0.5
# ... and on a page whose structured data says article, at least this share and a box mostly of links.
DECLARED_TEASER_SHARE = 0.8
# ... or fewer pairs in a container mostly made of links (article containers stay under 0.25 on dev pages),
# still at least this share of the text blocks: a few teasers among many paragraphs (a wiki's linked
# terms, a blog post with related links) are an article that links a lot, not a list
LIST_DENSITY = 0.4
DENSE_TEASER_SHARE = 0.25
# Blocks between a headline and the start of its story, at most; further apart, the headline is a page
# title and the "story" some other box (a list page's footer or popup).
MAX_TITLE_GAP = 40
# ... unless at most this many text blocks lie between them and the story has this much text.
MAX_PLAIN_GAP = 10
MIN_FAR_STORY_CHARS = 1000
# Article URLs end in an id or a long slug (``...-2495349.html``, ``.../a293004.html``, ``.chn``).
_ARTICLE_URL = re.compile(r"(?:\d{5,}|-[a-z0-9]+(?:-[a-z0-9]+){3,})(?:\.[a-z]{2,5})?/?$", re.IGNORECASE)


def teaser_pairs(blocks: list[Block], content: Content) -> int:
    """Body blocks right after a headline-sized link (within two blocks): the teasers of a list page."""
    if content.container is None:
        return 0
    heads = {b.index: b for b in blocks if 15 <= b.chars <= 200 and b.link_density > 0.9 and b.inside}
    # a list's items are each wrapped (an <li>, an item box): headline and teaser meet below the container,
    # each pair in its own element; an article's linked subheadings sit with their paragraphs in the story
    # box itself (a wiki, a product round-up, references)
    items: set[int] = set()
    for b in content.body_blocks:
        head = heads.get(b.index - 1) or heads.get(b.index - 2)
        meet = meeting(head.path, b.path) if head is not None else None
        if meet is not None and meet.node_id != content.container:
            items.add(meet.node_id)
    return len(items)


def page_type(
    blocks: list[Block],
    content: Content,
    meta: PageMeta,
    url: str | None,
    title_index: int | None = None,
    dated: bool = False,
) -> str:
    """``article`` or ``list``."""
    story = sum(len(x) for x in content.body) + len(content.lead or "")
    story += sum(len(x) for x in content.captions)
    declared = bool(meta.ld_article.get("headline")) and not meta.ld_is_page
    declared = declared or bool(meta.og.get("article:published_time") and meta.og.get("og:title"))
    # a short story still counts when the page says it is an article (metadata, an article-like URL)
    url_says = bool(url and _ARTICLE_URL.search(url.split("?")[0]))
    # the story of an article starts right under its headline (at most 11 blocks on dev pages)
    first = next((b.index for b in blocks if content.container and b.inside), None)
    near = title_index is not None and first is not None and first - title_index <= MAX_TITLE_GAP
    # a short story still counts when the page says it is an article: metadata, an article-like URL, or a
    # timestamp under a headline that sits right above the story (a news brief)
    vouched = declared or url_says or (dated and near)
    if story < MIN_STORY_CHARS and not (vouched and story >= MIN_BRIEF_CHARS):
        return "list"
    if title_index is not None and first is not None and first - title_index > MAX_TITLE_GAP and not declared:
        # far below its headline: a list page's footer or popup, unless only menus and links lie between
        # (a long menu under the title) and the story is substantial
        between = sum(1 for b in blocks[title_index + 1 : first] if b.chars >= 25 and b.link_density < 0.5)
        if between > MAX_PLAIN_GAP or story < MIN_FAR_STORY_CHARS:
            return "list"
    pairs = teaser_pairs(blocks, content)
    density = content.container_link_chars / content.container_chars if content.container_chars else 1.0
    # the headline links kept as subheadings are not counted: the share is of the text blocks
    texts = sum(1 for b in content.body_blocks if not (b.tag in HEADING_TAGS and b.link_density > 0.9))
    listed = pairs >= TEASER_SHARE * texts or (density > LIST_DENSITY and pairs >= DENSE_TEASER_SHARE * texts)
    if meta.ld_article.get("headline") and not meta.ld_is_page:
        # the page's structured data says it is one article (JSON-LD Article/NewsArticle/BlogPosting with
        # a headline; og:type is no evidence, list pages of many CMSs declare "article"): linked headings in
        # it are a round-up or related links unless the box is nothing but teasers and links
        listed = pairs >= DECLARED_TEASER_SHARE * texts and density > LIST_DENSITY
    if pairs >= MIN_TEASER_PAIRS and listed:
        return "list"
    return "article"
