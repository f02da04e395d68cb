"""The page as a flat list of text blocks: one per block-level element (``<p>``, ``<h2>``, a ``<div>``'s
own text, ...), each with the character counts and the ancestor hints the extractors score on.

The walk is iterative (5,000-level nesting is fine) and checks a deadline so a pathological page cannot
hold a worker.
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

from selectolax.lexbor import LexborNode

from baochi.errors import ExtractionError

# Ancestor hint bits (inherited by everything inside the marked element).
BOILERPLATE = 1
CAPTION = 2
LEAD = 4
AUTHOR = 8
TAGS = 16
BREADCRUMB = 32
HIDDEN = 64
HEADER = 128
FIGURE = 256
TITLE = 512
DATE = 1024
RIGHT = 2048  # right-aligned: where signatures go
QUOTE = 4096
TABLE = 8192
CHROME = 16384  # site furniture named unambiguously (footer, comments, menus): also boilerplate

_HINT_BITS = {
    "boilerplate": BOILERPLATE,
    "chrome": CHROME | BOILERPLATE,
    "caption": CAPTION,
    "lead": LEAD,
    "author": AUTHOR,
    "tags": TAGS,
    "breadcrumb": BREADCRUMB,
    "title": TITLE,
    "date": DATE,
}
# Inline marks of a text run.
LINK = 1
BOLD = 2
ITALIC = 4

SKIP_TAGS = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "iframe",
        "object",
        "embed",
        "select",
        "option",
        "button",
        "input",
        "textarea",
        "head",
        "title",
        "meta",
        "link",
        "video",
        "audio",
        "canvas",
        "map",
    ]
)
BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "tr",
        "td",
        "th",
        "tbody",
        "thead",
        "tfoot",
        "caption",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "section",
        "article",
        "header",
        "footer",
        "nav",
        "aside",
        "main",
        "center",
        "address",
        "form",
        "fieldset",
        "hr",
        "details",
        "summary",
        "body",
        "html",
    ]
)
HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_TAG_BITS = {
    "nav": BOILERPLATE | CHROME,
    "aside": BOILERPLATE,
    "footer": BOILERPLATE | CHROME,
    "header": HEADER,
    "figure": FIGURE,
    "figcaption": CAPTION,
    "blockquote": QUOTE,
    "table": TABLE,
}
_SPLIT = re.compile(r"[-_]")
# The page's own elements: their class names describe the page template ("menu-active"), not a part of it.
_PAGE_TAGS = frozenset(["html", "body"])
# A box named like furniture that holds this share of the page's text (and at least this many characters)
# is a story's wrapper: the name loses to the structure.
WRAPPER_SHARE = 0.3
MIN_WRAPPER_CHARS = 500
# The hints a wrapper loses that way: each drops or sets apart what it holds.
_WRAPPER_HINTS = BOILERPLATE | TAGS | AUTHOR | DATE | CAPTION | LEAD
_PART_HINTS = TAGS | AUTHOR | DATE | CAPTION | LEAD
# Nesting depth beyond which elements get no path of their own (real pages nest 20-40 deep).
MAX_DEPTH = 256
# Class names recur on every page of a site; the caches of their hints are bounded so that a long run
# over many sites keeps flat memory.
CACHE_SIZE = 8192
# Combining diacritics (U+0300-U+036F): only a text holding one can be un-normalised.
_COMBINING = re.compile("[\u0300-\u036f]")


@cache
def _hints() -> dict[str, tuple[frozenset[str], tuple[str, ...]]]:
    raw: dict[str, Any] = json.loads(files("baochi.extract").joinpath("html_hints.json").read_text("utf-8"))
    return {
        k: (frozenset(v["parts"]), tuple(v["substrings"])) for k, v in raw.items() if not k.startswith("_")
    }


@lru_cache(maxsize=CACHE_SIZE)
def hint_bits(attr: str) -> int:
    """The hint bits of a class/id attribute value (cached: the same classes recur on every page)."""
    bits = 0
    for token in attr.lower().split():
        parts = set(_SPLIT.split(token)) | {token}
        for name, (exact, subs) in _hints().items():
            if parts & exact or any(s in token for s in subs):
                bits |= _HINT_BITS[name]
    return bits


@dataclass(slots=True)
class Path:
    """A cons list of ancestor element ids (innermost first): O(1) to extend, shared between blocks."""

    node_id: int
    parent: Path | None
    bits: int = 0  # hint bits of this element and its ancestors
    own: int = 0  # hint bits this element itself adds

    def contains(self, node_id: int) -> bool:
        """True when the element ``node_id`` is this element or one of its ancestors."""
        p: Path | None = self
        while p is not None:
            if p.node_id == node_id:
                return True
            p = p.parent
        return False


@dataclass(slots=True)
class Block:
    """The text of one block-level element (without its nested blocks)."""

    index: int
    tag: str
    text: str
    lines: list[str]
    path: Path
    bits: int
    attrs: str
    chars: int = 0
    link_chars: int = 0
    bold_chars: int = 0
    italic_chars: int = 0
    after_image: bool = False
    images: int = 0
    link_texts: list[str] = field(default_factory=list)
    image_path: Path | None = None  # where the photo this block follows sits (for after_image blocks)
    rel: int = -1  # hint bits not shared with the story container (set by set_relative_bits)
    inside: bool = False  # the block sits in the story container (set by set_relative_bits)

    @property
    def link_density(self) -> float:
        """Share of the text inside links."""
        return self.link_chars / self.chars if self.chars else 0.0

    @property
    def node_id(self) -> int:
        """Id of the block's own element."""
        return self.path.node_id

    def ancestor(self, levels: int) -> Path | None:
        """The ancestor ``levels`` up (1 = parent of the block element)."""
        p: Path | None = self.path
        for _ in range(levels):
            if p is None:
                return None
            p = p.parent
        return p

    def has(self, bits: int) -> bool:
        """True when any of the hint bits is set on this block or an ancestor below the story container.

        Hints shared with the container do not count: a site whose main column is called ``sidebar-1``
        still has a story.
        """
        return bool((self.bits if self.rel < 0 else self.rel) & bits)


def set_relative_bits(blocks: list[Block], container: Path | None) -> None:
    """Set each block's ``rel`` bits (the hints of its ancestors that are not ancestors of ``container``)
    and ``inside`` flag (``container`` is the block's element or one of its ancestors)."""
    if container is None:
        return
    shared: set[int] = set()
    p: Path | None = container
    while p is not None:
        shared.add(p.node_id)
        p = p.parent
    cid = container.node_id
    for b in blocks:
        rel = 0
        q: Path | None = b.path
        while q is not None and q.node_id not in shared:
            rel |= q.own
            q = q.parent
        b.rel = rel
        # the first shared element met going up is the container itself only when the block is inside it
        b.inside = q is not None and q.node_id == cid


def chain_positions(blocks: list[Block], chain: list[Path]) -> list[int]:
    """For each block, the position in ``chain`` (an element and some of its ancestors, innermost first)
    of the innermost chain element holding it, or -1. Memoised over the shared paths: each element is
    visited once, however deep the page."""
    where: dict[int, int] = {p.node_id: i for i, p in enumerate(chain)}
    out = []
    for b in blocks:
        p: Path | None = b.path
        climbed = []
        pos = -1
        while p is not None:
            got = where.get(p.node_id)
            if got is not None:
                pos = got
                break
            climbed.append(p.node_id)
            p = p.parent
        for node_id in climbed:
            where[node_id] = pos
        out.append(pos)
    return out


class _Buffer:
    __slots__ = ("bold", "chars", "images", "italic", "link", "link_texts", "parts")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.chars = self.link = self.bold = self.italic = self.images = 0
        self.link_texts: list[str] = []


def _style_bits(attrs: dict[str, str | None]) -> tuple[int, int]:
    """(ancestor bits, inline bits) that an element's own attributes give."""
    if len(attrs) == 1 and "class" in attrs:  # the common case, one cache look-up
        return _class_bits(attrs["class"])
    return _attr_bits(
        attrs.get("class"), attrs.get("id"), attrs.get("style"), attrs.get("align"), "hidden" in attrs
    )


@lru_cache(maxsize=CACHE_SIZE)
def _class_bits(cls: str | None) -> tuple[int, int]:
    return (hint_bits(cls), 0) if cls and cls.strip() else (0, 0)


@lru_cache(maxsize=CACHE_SIZE)
def _attr_bits(
    cls: str | None, ident: str | None, style: str | None, align: str | None, hidden: bool
) -> tuple[int, int]:
    bits = 0
    names = (cls or "") + " " + (ident or "")
    if names.strip():
        bits |= hint_bits(names)
    inline = 0
    if style:
        style = style.replace(" ", "").lower()
        if "display:none" in style or "visibility:hidden" in style:
            bits |= HIDDEN
        if "text-align:right" in style:
            bits |= RIGHT
        if "font-style:italic" in style:
            inline |= ITALIC
        if "font-weight:bold" in style or "font-weight:700" in style:
            inline |= BOLD
    if hidden:
        bits |= HIDDEN
    if (align or "").lower() == "right":
        bits |= RIGHT
    return bits, inline


_BREADCRUMB_SEL = '[class*="bread"], [id*="bread"], [itemtype*="Breadcrumb"]'


def _site_chrome(node: LexborNode) -> bool:
    """True for a site's <footer> or <nav> (a sixth of a page's nodes): never story text. Kept: a footer
    inside an <article> or <main> (an article footer holds tags and credits) and a nav holding a
    breadcrumb (the section)."""
    if node.tag == "footer":
        p = node.parent
        for _ in range(30):
            if p is None:
                break
            if p.tag in ("article", "main"):
                return False
            p = p.parent
    return node.css_first(_BREADCRUMB_SEL) is None


_STRIP_SEL = ", ".join([*sorted(SKIP_TAGS), "footer", "nav"])


_SITE_CHROME_TAGS = frozenset(["footer", "nav"])


def _drop_children(node: LexborNode) -> None:
    for child in list(node.iter(include_text=True)):
        child.decompose()


def in_stripped(node: LexborNode) -> bool:
    """True when ``node`` or an ancestor is what strip_page removes (a script, the site's footer, ...)."""
    p: LexborNode | None = node
    while p is not None:
        tag = p.tag
        if tag in SKIP_TAGS or (tag in _SITE_CHROME_TAGS and _site_chrome(p)):
            return True
        p = p.parent
    return False


def strip_page(root: LexborNode) -> None:
    """Remove in C, before the Python walk, what never holds story text: scripts, styles, SVG sprites,
    ... and the site's footer and nav. One selector query (a query per tag walks the tree twenty times);
    the matches are removed last first in document order, so an inner match goes before the subtree
    holding it and no node is destroyed twice."""
    for node in reversed(root.css(_STRIP_SEL)):
        if node.tag not in SKIP_TAGS and not _site_chrome(node):
            continue
        node.decompose()


# What a story, its headline or its section sits in: an element holding one is never pruned as chrome.
_STORY_SEL = "h1, article, main, [itemprop=articleBody], " + _BREADCRUMB_SEL


# Hints that make an element named as chrome more than furniture ("article_author_date_comment_box").
_STORY_HINTS = AUTHOR | DATE | TITLE | LEAD | TAGS | BREADCRUMB | CAPTION


def _chrome_subtree(node: LexborNode, keep: frozenset[int]) -> bool:
    return node.mem_id not in keep and node.css_first(_STORY_SEL) is None


def page_blocks(
    root: LexborNode,
    deadline: float,
    needs_nfc: bool = True,
    strip: bool = False,
    keep: frozenset[int] = frozenset(),
) -> list[Block]:
    """Every non-empty text block under ``root`` in document order.

    ``needs_nfc`` false promises the page has no combining marks, so block texts need no normalising;
    The walk drops what strip_page removes as it meets it (``strip`` runs strip_page first: one
    selector query, slower than the walk's own test). The content of an element named as site chrome
    (comments, menus, related links, copyright: the ``chrome`` hints) is dropped unread, in C, unless it
    holds a headline, an <article>/<main>, a breadcrumb or an element of ``keep`` (mem ids).
    """
    blocks: list[Block] = []
    combining, normalize = _COMBINING.search, unicodedata.normalize
    buf = _Buffer()
    after_image = False
    last_image: Path | None = None
    # owners: the block element whose own text the buffer collects (tag, path, bits, attrs)
    owners: list[tuple[str, Path, int, str]] = [("body", Path(0, None, 0), 0, "")]
    if strip:  # the walk drops them itself; a caller may want them gone earlier
        strip_page(root)
    steps = 0
    page_chars = -1  # the page's text length, measured when a box named like furniture is first met

    def flush() -> None:
        nonlocal buf, after_image
        if not (buf.chars or buf.images):
            if buf.parts:
                buf.parts.clear()  # whitespace between blocks
            return
        raw = "".join(buf.parts)
        # only text with combining marks can be un-normalised (nfc() inlined: this runs for every block)
        if needs_nfc and combining(raw) is not None:
            raw = normalize("NFC", raw)
        # " ".join(x.split()) collapses whitespace faster than a regex
        if "\n" in raw:
            lines = [ln for ln in (" ".join(x.split()) for x in raw.split("\n")) if ln]
        else:
            one = " ".join(raw.split())
            lines = [one] if one else []
        tag, path, bits, attrs = owners[-1]
        if lines:
            text = lines[0] if len(lines) == 1 else " ".join(lines)
            n = len(text)
            # positional arguments: this runs for every block of every page
            blocks.append(
                Block(
                    len(blocks),
                    tag,
                    text,
                    lines,
                    path,
                    bits,
                    attrs,
                    n,
                    min(buf.link, n),
                    min(buf.bold, n),
                    min(buf.italic, n),
                    after_image,
                    buf.images,
                    buf.link_texts,
                    last_image if after_image else None,
                )
            )
            after_image = False
        elif buf.images:
            after_image = True
        buf = _Buffer()

    # open elements, innermost last: (mem_id, path, bits, inline, kind, link start) with kind 1 = block
    open_: list[tuple[int, Path, int, int, int, Any]] = []

    def close(entry: tuple[int, Path, int, int, int, Any]) -> None:
        if entry[4] == 1:
            flush()
            owners.pop()
        elif entry[5] is not None:  # a link: remember its text
            start_buf, start = entry[5]
            if start_buf is buf:
                text = " ".join("".join(buf.parts[start:]).split())
                if text:
                    buf.link_texts.append(text)

    # hot loop: module names bound locally
    style_bits, tag_bits, block_tags, skip_tags, new_path = (
        _style_bits,
        _TAG_BITS,
        BLOCK_TAGS,
        SKIP_TAGS,
        Path,
    )
    # the C-level preorder walk of lexbor; ends of elements are seen when the next node's parent differs
    for node in root.traverse(include_text=True):
        tag = node.tag
        if tag == "-text":
            text = node.text_content or ""
            if not text or text.isspace():
                # indentation between tags (about 40% of nodes): no need to know where it sits, a space
                # in the current buffer renders the same and is trimmed at block ends
                if text and buf.parts:
                    buf.parts.append(" ")
                continue
        elif tag == "-comment":
            continue
        # whitespace and comments are not counted: text nodes never touch, so they are bounded by the rest
        steps += 1
        if steps & 1023 == 0 and time.monotonic() > deadline:
            raise ExtractionError("time limit exceeded while reading the page")
        if open_:
            parent = node.parent
            pid = parent.mem_id if parent is not None else 0
            top = open_[-1]
            if top[0] != pid:
                while open_ and open_[-1][0] != pid:
                    entry = open_.pop()
                    if entry[4] == 1:
                        if buf.chars or buf.images:
                            flush()
                        elif buf.parts:
                            buf.parts.clear()
                        owners.pop()
                    elif entry[5] is not None:  # a link ends: remember its text
                        start_buf, start = entry[5]
                        if start_buf is buf:
                            link_text = " ".join("".join(buf.parts[start:]).split())
                            if link_text:
                                buf.link_texts.append(link_text)
                if not open_:
                    continue
                top = open_[-1]
            _, parent_path, bits, inline, _, _ = top
        else:
            parent_path, bits, inline = Path(0, None, 0), 0, 0
        if tag == "-text":
            buf.parts.append(text)
            n = len(text.strip())
            buf.chars += n
            if inline:
                if inline & LINK:
                    buf.link += n
                if inline & BOLD:
                    buf.bold += n
                if inline & ITALIC:
                    buf.italic += n
            continue
        if tag is None or tag[0] == "-":
            continue
        if tag in skip_tags or (tag in _SITE_CHROME_TAGS and _site_chrome(node)):
            # scripts, styles, SVG, the site's footer and nav: their content is freed in C unread, and
            # the element itself is passed over as if removed (no block boundary)
            _drop_children(node)
            continue
        if tag == "br":
            buf.parts.append("\n")
            continue
        if tag == "img" or tag == "amp-img":
            last_image = parent_path
            buf.images += 1
            if not buf.chars:
                after_image = True
            continue
        attrs = node.attributes
        own_bits, own_inline = style_bits(attrs) if attrs and tag not in _PAGE_TAGS else (0, 0)
        if own_bits & _WRAPPER_HINTS & ~bits:
            # class words lose to structure: a box named like furniture ("modal", "read-more", "player")
            # or like a part of the story ("tag-news status-publish", "author-article") that holds much
            # of the page's text is the story's wrapper, not furniture, a tag list or a byline
            if page_chars < 0:
                page_chars = len(root.text(deep=True))
            if len(node.text(deep=True)) >= max(MIN_WRAPPER_CHARS, WRAPPER_SHARE * page_chars):
                own_bits &= ~(_WRAPPER_HINTS | CHROME)
            elif own_bits & _PART_HINTS and node.css_first("h1") is not None:
                # ... and a box holding the headline is the story's, not a byline, tag list or caption
                own_bits &= ~_PART_HINTS
        if own_bits & CHROME and not own_bits & _STORY_HINTS:
            if _chrome_subtree(node, keep):
                # a third of a news page's nodes sit in such boxes: they never hold story text, and lexbor
                # frees them faster than the walk reads them (the walk goes on after this element)
                for child in list(node.iter(include_text=True)):
                    child.decompose()
            else:  # it holds the headline or the story (an opinion piece's "commentary" box): not furniture
                own_bits &= ~(BOILERPLATE | CHROME)
        own_bits |= tag_bits.get(tag, 0)
        bits |= own_bits
        link_start = None
        if tag == "a":
            own_inline |= LINK
            link_start = (buf, len(buf.parts))
        elif tag in ("b", "strong"):
            own_inline |= BOLD
        elif tag in ("i", "em"):
            own_inline |= ITALIC
        inline |= own_inline
        # below MAX_DEPTH levels elements share their ancestor's path: every walk up a path stays bounded
        path = new_path(node.mem_id, parent_path, bits, own_bits) if len(open_) < MAX_DEPTH else parent_path
        kind = 0
        if tag in block_tags:
            if buf.chars or buf.images:
                flush()
            elif buf.parts:
                buf.parts.clear()
            owners.append((tag, path, bits, (attrs.get("class") or "") if attrs else ""))
            kind = 1
            # inline marks do not cross into nested blocks except the block's own style
            inline = own_inline
        open_.append((path.node_id, path, bits, inline, kind, link_start))
    while open_:
        close(open_.pop())
    flush()
    return blocks
