"""HTML page -> Article: metadata cross-checked with the visible page, the story by the generic
extractor (or an outlet profile's selectors), page type, credits, tags, section and outlet."""

from __future__ import annotations

import codecs
import html
import re
import time
from collections import Counter
from datetime import timedelta
from functools import cache
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from baochi.errors import ExtractionError
from baochi.extract.byline import looks_like_name, read_credit, writes
from baochi.extract.dateline import split_dateline
from baochi.extract.html_blocks import (
    AUTHOR,
    BOILERPLATE,
    BREADCRUMB,
    CHROME,
    DATE,
    HEADING_TAGS,
    HIDDEN,
    TAGS,
    TITLE,
    Block,
    Path,
    chain_positions,
    in_stripped,
    page_blocks,
    strip_page,
)
from baochi.extract.html_content import (
    Content,
    choose_container,
    extract_content,
    phrases,
    related_line,
)
from baochi.extract.html_dates import parse_meta, parse_visible, same_day
from baochi.extract.html_meta import PageMeta, clean, ld_names, read_meta
from baochi.extract.html_pagetype import page_type
from baochi.extract.html_profiles import Profile, profile_for
from baochi.extract.outlets import registry
from baochi.ingest.html_charset import decode_html
from baochi.model import Article, Byline, Document, Outlet
from baochi.urls import url_domain

# Seconds one page may take (parse + extraction); a page past it gives a record-level error.
TIME_LIMIT = 10.0
# Share of control characters above which the bytes are not a web page at all.
MAX_BINARY_SHARE = 0.05
_TITLE_SPLIT = re.compile(r"\s+[-|–—:»]+\s+")
_CRUMB_SPLIT = re.compile(r"\s*[›>»|]\s*")
_HOME = {"trang chủ", "home", "trang chu", "trang nhất"}
# A lead is what follows its dateline only when that is more than a few words.
MIN_LEAD_CHARS = 20
_TOKEN = re.compile(r"\w+")
# Control characters no text page holds (tab, newlines, form feed allowed), and U+FFFD (undecodable bytes).
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20)])
# Section links right above a headline, at most (a longer run of links is a menu).
SECTION_RUN = 3
USE_PROFILES = True
# Story text a headline may follow (a kicker, a teaser line above the title), at most.
MAX_TITLE_PRELUDE = 300
# Profile fields read with the profile's selectors.
_PICKED = ("title", "date", "captions", "section", "tags", "authors")


def _tokens(text: str) -> frozenset[str]:
    return frozenset(_TOKEN.findall(text.lower()))


def _similar(a: str, b: str) -> float:
    return _overlap(_tokens(a), _tokens(b))


def _overlap(x: frozenset[str], y: frozenset[str]) -> float:
    if not x or not y:
        return 0.0
    return len(x & y) / max(len(x), len(y))


def _binary(text: str) -> bool:
    sample = text[:20000]
    # control characters are single bytes in UTF-8 and no other character's bytes fall below 0x80:
    # deleting them from the bytes counts them at C speed (a regex over the text is slower)
    raw = sample.encode("utf-8", "surrogatepass")
    bad = len(raw) - len(raw.translate(None, _CONTROL_BYTES)) + sample.count("\ufffd")
    return bad > MAX_BINARY_SHARE * max(len(sample), 1)


def _select_text(tree: LexborHTMLParser, selector: str | None) -> list[str]:
    """The texts of the elements ``selector`` matches, as if strip_page had run first (the walk strips
    as it goes): matches inside a script or the site's footer are passed over, scripts and the like
    inside a match are removed before reading it."""
    if not selector:
        return []
    matches = [n for n in tree.css(selector) if not in_stripped(n)]
    out = []
    for n in matches:  # none of them sits in what strip_page removes: no match is freed by another's strip
        strip_page(n)
        if t := clean(n.text(separator=" ")):
            out.append(t)
    return out


def _title(blocks: list[Block], meta: PageMeta, container: Path | None) -> tuple[str | None, int | None]:
    """The headline as shown and its block index.

    A heading that matches the stated title (og:title, JSON-LD headline, <title>) wins, an <h1> first;
    failing that, the heading just above the story container; then the stated title without site suffix.
    """
    refs = [x for x in (meta.og.get("og:title"), clean(str(meta.ld("headline") or "")), meta.title) if x]
    ref_tokens = [_tokens(r) for r in refs]
    best: tuple[float, int, Block] | None = None
    spans = [(0.7 * len(r), 1.3 * len(r)) for r in refs]
    # a headline opens its story: a heading repeating the title after much of the story's text is the
    # title of a box further down (related posts, a comment form, a share bar)
    late = _story_start(blocks, container)
    for b in blocks:
        if not 5 <= b.chars <= 300 or b.has(HIDDEN) or b.index > late:
            continue
        heading = b.tag in HEADING_TAGS or b.has(TITLE)
        # a plain block can only repeat a stated title if it is about as long (cheap test before tokenising)
        if not heading:
            for lo, hi in spans:
                if lo <= b.chars <= hi:
                    break
            else:
                continue
        words = _tokens(b.text)
        score = max((_overlap(words, r) for r in ref_tokens), default=0.0)
        # a linked heading is a headline only when it repeats the title (blogs link theirs to the post)
        if b.link_density > 0.9 and b.tag != "h1" and not (heading and score >= 0.9):
            continue
        # a plain block (a styled <div>) must repeat the stated title nearly word for word
        rank = 0 if b.tag == "h1" else 1 if heading else 2
        if rank == 2 and score < 0.9:
            continue
        if score >= 0.6 and (
            best is None or score > best[0] + 0.05 or (score >= best[0] - 0.05 and rank < best[1])
        ):
            best = (score, rank, b)
    if best is not None:
        return best[2].text, best[2].index
    if container is not None:
        first = next((b.index for b in blocks if b.path.contains(container.node_id)), None)
        if first is not None:
            for b in reversed(blocks[max(0, first - 12) : first + 1]):
                if (b.tag in HEADING_TAGS or b.has(TITLE)) and 5 <= b.chars <= 250 and not b.has(HIDDEN):
                    return b.text, b.index
    for b in blocks:
        if b.tag == "h1" and 5 <= b.chars <= 250 and not b.has(BOILERPLATE | HIDDEN):
            return b.text, b.index
    if refs:
        parts = _TITLE_SPLIT.split(refs[0])
        return max(parts, key=len).strip() if len(parts) > 1 and refs[0] is meta.title else refs[0], None
    return None, None


def _headline(blocks: list[Block], meta: PageMeta) -> int | None:
    """Index of the page's headline before the story is known: the first visible ``<h1>`` repeating the
    stated title (og:title, JSON-LD headline, ``<title>``)."""
    stated = (meta.og.get("og:title"), clean(str(meta.ld("headline") or "")), meta.title)
    refs = [_tokens(x) for x in stated if x]
    if not refs:
        return None
    for b in blocks:
        if b.tag == "h1" and 5 <= b.chars <= 300 and not b.has(HIDDEN):
            words = _tokens(b.text)
            if max(_overlap(words, r) for r in refs) >= 0.6:
                return b.index
    return None


def _story_start(blocks: list[Block], container: Path | None) -> int:
    """Index of the block where the story box has shown more than a kicker's worth of text."""
    if container is None:
        return len(blocks)
    chars = 0
    for b, pos in zip(blocks, chain_positions(blocks, [container]), strict=True):
        if pos == 0 and b.chars >= 25 and b.tag not in HEADING_TAGS and b.link_density < 0.5:
            chars += b.chars
            if chars > MAX_TITLE_PRELUDE:
                return b.index
    return len(blocks)


def _visible_date(
    blocks: list[Block], title_index: int | None, meta: PageMeta, site_offset: timedelta | None
) -> tuple[str, bool] | None:
    start = (title_index or 0) - 12
    found: tuple[str, bool] | None = None
    for b in blocks:
        if b.index < start or b.has(HIDDEN) or b.chars > 160:
            continue
        if title_index is not None and b.index > title_index + 40:
            break
        if not (b.has(DATE | AUTHOR) or (title_index is not None and abs(b.index - title_index) <= 6)):
            continue
        if b.link_density > 0.5 and b.chars > 40:  # timestamps of related-story links
            continue
        parsed = parse_visible(b.text, site_offset)
        if parsed is None:
            continue
        if parsed[1]:
            return parsed
        found = found or parsed
    for text in meta.script_texts:
        parsed = parse_visible(text)
        if parsed and parsed[1]:
            return parsed
    return found


@cache
def _tz_rx() -> re.Pattern[str]:
    labels = "|".join(re.escape(x) for x in phrases()["site_timezone_labels"])
    return re.compile(r"(?:" + labels + r")\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)


def site_timezone(text: str) -> timedelta | None:
    """The offset a forum/blog page states for all its times (``Múi giờ GMT +8``), if any."""
    tail = text[-60000:]
    m = None
    at = tail.find("GMT")
    while at >= 0 and m is None:  # look only around "GMT": unescaping the whole tail is costly
        m = _tz_rx().search(html.unescape(tail[max(0, at - 80) : at + 20]))
        at = tail.find("GMT", at + 3)
    if not m:
        return None
    sign = 1 if m.group(1) == "+" else -1
    return sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3) or 0))


def _meta_date(meta: PageMeta) -> tuple[str, bool] | None:
    for value in (
        meta.og.get("article:published_time"),
        str(meta.ld("datePublished") or ""),
        meta.names.get("pubdate"),
        meta.names.get("publishdate"),
        meta.names.get("datepublished"),
        meta.names.get("dc.date.issued"),
        meta.names.get("date"),
        meta.names.get("visible-datetime"),
    ):
        if value and (parsed := parse_meta(value)):
            return parsed
    return None


def published_at(visible: tuple[str, bool] | None, stated: tuple[str, bool] | None) -> str | None:
    """The visible time wins over a conflicting meta tag; the meta time fills a visible date-only."""
    if visible and visible[1]:
        return visible[0]
    if visible:
        if stated and stated[1] and same_day(stated[0], visible[0]):
            return stated[0]
        return visible[0]
    return stated[0] if stated else None


def _crumb_ok(text: str, title: str | None) -> bool:
    if not text or text.lower() in _HOME or len(text) >= 60 or sum(ch.isdigit() for ch in text) > 2:
        return False
    return not (title and (text == title or _similar(text, title) > 0.6))


def _section(blocks: list[Block], meta: PageMeta, title: str | None, title_index: int | None) -> str | None:
    """The most specific section: last breadcrumb item, else the section links right above the headline."""
    crumbs: list[str] = []
    last = -2
    for b in blocks:
        if not b.has(BREADCRUMB) or b.has(HIDDEN):
            continue
        if crumbs and b.index > last + 2:
            break
        if not b.link_texts and parse_visible(b.text):  # a timestamp in the breadcrumb bar
            continue
        items = b.link_texts or _CRUMB_SPLIT.split(b.text)
        crumbs.extend(x for x in (clean(i) for i in items) if _crumb_ok(clean(x), title))
        last = b.index
    if not crumbs:
        crumbs = [c for c in meta.ld_breadcrumb if _crumb_ok(c, title)]
    if not crumbs and title_index is not None:
        # a short run (a menu is longer) of section links just above the headline
        run: list[Block] = []
        for b in reversed(blocks[max(0, title_index - SECTION_RUN - 1) : title_index]):
            if b.link_density < 0.9 or b.chars > 40 or b.has(BOILERPLATE | HIDDEN):
                break
            run.append(b)
        if run and len(run) <= SECTION_RUN:
            items = [clean(x) for b in reversed(run) for x in (b.link_texts or [b.text])]
            crumbs = [x for x in items if _crumb_ok(x, title)]
    if crumbs:
        return crumbs[-1]
    section = meta.og.get("article:section")
    return section or None


@cache
def _tag_labels() -> tuple[str, ...]:
    return tuple(x.lower() for x in phrases()["tag_labels"])


def _tag_texts(b: Block) -> list[str]:
    out = []
    for t in b.link_texts:
        for part in t.split(","):
            part = clean(part).lstrip("#").strip()
            if part and len(part) < 80:
                out.append(part)
    return out


def _tags(blocks: list[Block], title_index: int | None) -> list[str]:
    """The tag list shown on the page: links after a label (``Từ khóa:``) or in a tag box."""
    start = title_index or 0
    labels = _tag_labels()
    for b in blocks[start:]:
        low = b.text.lower()
        if b.has(HIDDEN) or not low.startswith(labels) or b.chars > 400:
            continue
        out = _tag_texts(b)
        # a label standing alone heads the tag links that follow it; otherwise its own links are the tags
        for nxt in [] if out else blocks[b.index + 1 : b.index + 40]:
            if (
                nxt.link_density < 0.5
                or nxt.chars > 80
                or related_line(nxt.text)
                or (out and not nxt.link_texts)
            ):
                break
            out += _tag_texts(nxt)
        if out:
            return list(dict.fromkeys(out))
    out = []
    last = -2
    for b in blocks[start:]:
        if not b.has(TAGS) or b.has(HIDDEN | BOILERPLATE) or b.link_density < 0.6:
            continue
        if out and b.index > last + 3:
            break
        out += _tag_texts(b)
        last = b.index
    return list(dict.fromkeys(out))


def _page_host(doc: Document, meta: PageMeta, tree: LexborHTMLParser) -> tuple[str | None, str | None]:
    """(article URL, host) from the container, canonical link, og:url; host also from the site's links."""
    url = doc.url or meta.canonical or meta.og.get("og:url") or meta.names.get("canonical")
    if url and not url.startswith(("http://", "https://")):
        url = None
    host = url_domain(url) if url else None
    if host is None:
        hosts: Counter[str] = Counter()
        # a page's links share a few hosts: the host part (up to the first "/" after the scheme's) is
        # parsed once (the netloc ends there, so urlsplit finds the same hostname in it)
        seen: dict[str, str | None] = {}
        for a in tree.css("a[href^='http']")[:400]:
            href = a.attributes.get("href") or ""
            cut = href.find("/", 8)
            key = href if cut < 0 else href[:cut]
            if key not in seen:
                seen[key] = url_domain(key)
            if h := seen[key]:
                hosts[h] += 1
        if hosts:
            host = hosts.most_common(1)[0][0]
    return url, host


def _container_path(blocks: list[Block], node_id: int) -> Path | None:
    for b in blocks:
        p: Path | None = b.path
        while p is not None:
            if p.node_id == node_id:
                return p
            p = p.parent
    return None


def _apply_profile(tree: LexborHTMLParser, profile: Profile) -> dict[str, Any]:
    for sel in profile.remove:
        for node in tree.css(sel):
            node.decompose()
    found: dict[str, Any] = {}
    keep: set[int] = set()
    for key in ("body", "lead"):
        selector = profile.get(key)
        if selector:
            first = tree.css_first(selector)
            if first is not None:
                found[key] = first.mem_id
                p: LexborNode | None = first
                while p is not None:  # the chosen elements and their ancestors are never pruned
                    keep.add(p.mem_id)
                    p = p.parent
    found["keep"] = frozenset(keep)
    return found


def extract_html(doc: Document) -> Article:
    """Make the record of one HTML page."""
    from baochi.ingest.limits import default_limits, html_too_deep  # checked before the parser sees it

    depth = default_limits().max_html_depth
    if html_too_deep(doc.data, depth):
        raise ExtractionError(f"{doc.source}: HTML nested deeper than {depth} levels (BAOCHI_MAX_HTML_DEPTH)")
    deadline = time.monotonic() + TIME_LIMIT
    text, codec = decode_html(
        doc.data, doc.meta.get("http_charset"), doc.meta.get("encoding"), normalize=False
    )
    if _binary(text):
        raise ExtractionError(f"{doc.source}: not an HTML page (binary data)")
    # lexbor reads UTF-8: valid UTF-8 bytes go to it as they are (encoding the text again costs a fifth of
    # the parse); a BOM or a replaced byte sends the decoded text instead
    exact = codec == "utf-8" and not doc.data.startswith(codecs.BOM_UTF8) and "\ufffd" not in text
    tree = LexborHTMLParser(doc.data if exact else text)
    root: LexborNode | None = tree.body or tree.root
    if root is None:
        raise ExtractionError(f"{doc.source}: no HTML document")
    meta = read_meta(tree)
    url, host = _page_host(doc, meta, tree)
    profile = profile_for(host) if USE_PROFILES else None
    chosen = _apply_profile(tree, profile) if profile else {}
    # the profile's fields are read before the walk drops site chrome
    picked = {k: _select_text(tree, profile.get(k)) for k in _PICKED} if profile else {}
    blocks = page_blocks(root, deadline, keep=chosen.get("keep", frozenset()))
    if "body" in chosen:
        container = _container_path(blocks, chosen["body"])
    else:
        container = choose_container(blocks, _headline(blocks, meta))
    title, title_index = _title(blocks, meta, container)
    if profile and (t := picked.get("title", [])):
        title = t[0]
    lead_ids = {chosen["lead"]} if "lead" in chosen else None
    content: Content = extract_content(blocks, title_index, container, lead_ids, title)
    visible = _visible_date(blocks, title_index, meta, site_timezone(text))
    kind = page_type(blocks, content, meta, url, title_index, dated=bool(visible and visible[1]))
    article = Article(id="", source=doc.source, source_offset=doc.source_offset, url=url)
    article.page_type = "list" if kind == "list" else "article"
    info = registry().by_domain(host) if host else None
    if info is not None:
        article.outlet = info.as_outlet()
    elif host:
        article.outlet = Outlet(name=meta.og.get("og:site_name") or host, domain=host)
    if codec not in ("utf-8", "ascii"):
        article.warnings.append(f"decoded as {codec}")
    if doc.meta.get("truncated"):
        article.warnings.append("truncated input: extracted what arrived")
    if article.page_type == "list":
        # a list page has no headline of its own: its name is the stated title, if any
        article.title = meta.og.get("og:title") or meta.title or None
        return article
    article.title = title
    if profile and (d := picked.get("date", [])):
        visible = parse_visible(d[0]) or visible
    article.published_at = published_at(visible, _meta_date(meta))
    article.lead = content.lead
    day = article.published_at[:10] if article.published_at else None
    if content.lead and (found := split_dateline(content.lead, day)) and len(found[1] or "") > MIN_LEAD_CHARS:
        article.dateline, article.lead, _ = found
    article.body = content.body
    article.captions = content.captions
    if profile and profile.get("captions"):
        article.captions = picked.get("captions", [])
    _credits(article, blocks, content, title_index, meta, profile, picked)
    article.section = _section(blocks, meta, title, title_index)
    if profile and (s := picked.get("section", [])):
        article.section = _CRUMB_SPLIT.split(s[0])[-1] or article.section
    article.tags = _tags(blocks, title_index)
    if profile and profile.get("tags"):
        article.tags = [t.lstrip("#").strip() for t in picked.get("tags", [])]
    return article


def _credits(
    article: Article,
    blocks: list[Block],
    content: Content,
    title_index: int | None,
    meta: PageMeta,
    profile: Profile | None,
    picked: dict[str, list[str]],
) -> None:
    lines: list[str] = []
    if profile and profile.get("authors"):
        lines = picked.get("authors", [])
    if not lines:
        start = (title_index or 0) - 5
        end = content.body_blocks[-1].index if content.body_blocks else start + 30
        for b in blocks:
            if not (
                start <= b.index <= end + 25
                and b.has(AUTHOR)
                and not b.has(CHROME | HIDDEN)
                and b.link_density <= 0.5
                and b.chars < 120
            ):
                continue
            if b.text not in lines and b.text not in content.credits:
                lines.append(b.text)
    lines += [c for c in content.credits if c not in lines]
    authors: list[str] = []
    roles: list[str] = []
    single: list[str] = []
    for line in lines:
        c = read_credit(line)
        for a in c.authors if writes(c) else []:  # photo credits ("Ảnh: X") name no author
            # one-word credits (a pen name, a source like "Forbes") count only when no full name does
            target = single if " " not in a.strip(".") and "." not in a else authors
            if a.lower() not in {x.lower() for x in authors + single}:
                target.append(a)
        if c.attribution and not article.attribution:
            article.attribution = c.attribution
        roles += [r for r in c.roles if r not in roles]
    if not authors:
        authors = single
    # JSON-LD persons (entities unescaped, "Theo X" parsed like a credit line)
    outlet = (article.outlet.name if article.outlet else "").lower()
    stated = [
        a
        for name in ld_names(meta.ld("author"))
        for a in read_credit(html.unescape(name)).authors
        if looks_like_name(a, 4) and len(a.split()) >= 2 and a.lower() != outlet
    ]
    if not authors and not lines:
        authors = stated
    elif authors and {a.lower() for a in authors} < {a.lower() for a in stated}:
        # the page shows some of the credited people ("X và 1 tác giả khác"); the metadata names them all
        authors = stated
    article.authors = authors
    if lines:
        article.byline = Byline(raw=" | ".join(lines), roles=roles)
