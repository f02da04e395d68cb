"""The page as a flat list of text blocks: one per block-level element (``<p>``, ``<h2>``, a ``<div>``'s
own text, ...), each with the character counts and the ancestor hints the extractors score on.

The walk is iterative (5,000-level nesting is fine) and checks a deadline so a pathological page cannot
hold a worker.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

from selectolax.lexbor import LexborNode

from baochi.errors import ExtractionError
from baochi.ingest.html_charset import nfc

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
# Nesting depth beyond which elements get no path of their own (real pages nest 20-40 deep).
MAX_DEPTH = 256
# Class names recur on every page of a site; the caches of their hints are bounded so that a long run
# over many sites keeps flat memory.
CACHE_SIZE = 8192
_WS = re.compile(r"\s+")


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
    """Set each block's ``rel`` bits: the hints of its ancestors that are not ancestors of ``container``."""
    if container is None:
        return
    shared: set[int] = set()
    p: Path | None = container
    while p is not None:
        shared.add(p.node_id)
        p = p.parent
    for b in blocks:
        rel = 0
        q: Path | None = b.path
        while q is not None and q.node_id not in shared:
            rel |= q.own
            q = q.parent
        b.rel = rel


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


def _drop_site_chrome(root: LexborNode) -> None:
    """Remove the site's <footer> and <nav> elements before the walk (a sixth of a page's nodes): never
    story text. Kept: a footer inside an <article> or <main> (an article footer holds tags and credits)
    and a nav holding a breadcrumb (the section)."""
    for node in root.css("footer"):
        p, inside = node.parent, False
        for _ in range(30):
            if p is None:
                break
            if p.tag in ("article", "main"):
                inside = True
                break
            p = p.parent
        if not inside and node.css_first(_BREADCRUMB_SEL) is None:
            node.decompose()
    for node in root.css("nav"):
        if node.css_first(_BREADCRUMB_SEL) is None:
            node.decompose()


def page_blocks(root: LexborNode, deadline: float, needs_nfc: bool = True) -> list[Block]:
    """Every non-empty text block under ``root`` in document order.

    ``needs_nfc`` false promises the page has no combining marks, so block texts need no normalising.
    """
    blocks: list[Block] = []
    buf = _Buffer()
    after_image = False
    last_image: Path | None = None
    # owners: the block element whose own text the buffer collects (tag, path, bits, attrs)
    owners: list[tuple[str, Path, int, str]] = [("body", Path(0, None, 0), 0, "")]
    root.strip_tags(list(SKIP_TAGS))  # in C: scripts, styles, SVG sprites never reach the Python loop
    _drop_site_chrome(root)
    steps = 0

    def flush() -> None:
        nonlocal buf, after_image
        if not (buf.chars or buf.images):
            if buf.parts:
                buf.parts.clear()  # whitespace between blocks
            return
        raw = "".join(buf.parts)
        if needs_nfc:
            raw = nfc(raw)
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
                text = _WS.sub(" ", "".join(buf.parts[start:])).strip()
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
        steps += 1
        if steps & 1023 == 0 and time.monotonic() > deadline:
            raise ExtractionError("time limit exceeded while reading the page")
        tag = node.tag
        if tag == "-text":
            text = node.text_content
            if not text or text.isspace():
                # indentation between tags (about 40% of nodes): no need to know where it sits, a space
                # in the current buffer renders the same and is trimmed at block ends
                if text and buf.parts:
                    buf.parts.append(" ")
                continue
        elif tag == "-comment":
            continue
        if open_:
            parent = node.parent
            pid = parent.mem_id if parent is not None else 0
            while open_ and open_[-1][0] != pid:
                entry = open_.pop()
                if entry[4] == 1:
                    if buf.chars or buf.images:
                        flush()
                    elif buf.parts:
                        buf.parts.clear()
                    owners.pop()
                elif entry[5] is not None:
                    close(entry)
            if not open_:
                continue
            _, parent_path, bits, inline, _, _ = open_[-1]
        else:
            parent_path, bits, inline = Path(0, None, 0), 0, 0
        if tag == "-text":
            if text:
                buf.parts.append(text)
                n = len(text.strip())
                buf.chars += n
                if inline & LINK:
                    buf.link += n
                if inline & BOLD:
                    buf.bold += n
                if inline & ITALIC:
                    buf.italic += n
            continue
        if tag is None or tag[0] == "-" or tag in skip_tags:
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
        own_bits, own_inline = style_bits(attrs) if attrs else (0, 0)
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
