"""The generic main-content extractor: which blocks are the story, the lead, captions and credits.

The container of the story is the element under which the most plain (unlinked) paragraph text sits,
scored the readability way (a paragraph's length counts fully for its parent and less for higher
ancestors). Inside it, blocks are sorted by the hints of their ancestors' class names and by their
shape: captions follow images or sit in caption elements, credits are short name-like lines at the end,
navigation is mostly links.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from baochi.extract.byline import is_group, looks_like_name, read_credit
from baochi.extract.html_blocks import (
    AUTHOR,
    BOILERPLATE,
    BREADCRUMB,
    CAPTION,
    CHROME,
    DATE,
    FIGURE,
    HEADING_TAGS,
    HIDDEN,
    LEAD,
    RIGHT,
    TABLE,
    TAGS,
    Block,
    Path,
    chain_positions,
    set_relative_bits,
)
from baochi.extract.html_dates import parse_visible

# A paragraph shorter than this does not vote for its container (menus, labels, bylines).
MIN_VOTE_CHARS = 25
# A paragraph with more of its text in links than this is navigation, not story text.
MAX_LINK_DENSITY = 0.5
# Ancestor levels a paragraph votes for (1 = its parent), with weight 1/level.
VOTE_LEVELS = 4
# Boilerplate hints this many levels above a paragraph stop it voting (further up they may name a column).
NEAR_LEVELS = 3
# A list item's teaser votes this many times less than story text.
TEASER_DISCOUNT = 4
# Levels the story box may be widened by to take in the rest of a split story, when an ancestor adds at
# least this share of story text, with at most this share of its added text in links.
WIDEN_LEVELS = 6
WIDEN_SHARE = 0.5
WIDEN_LINKS = 0.15
# ... or when it adds only the end of a story interrupted by a box: this much plain story text, all of it
# within this many blocks after the box.
MIN_TAIL_CHARS = 100
TAIL_REACH = 8
TAIL_LEVELS = 1
# A story starts at most this many blocks under its headline; one starting further down loses to a story
# starting within NEAR_HEADLINE blocks of the headline with at least NEAR_SHARE of its votes.
MAX_STORY_GAP = 40
NEAR_HEADLINE = 15
NEAR_SHARE = 0.25
# Blocks between a sapo and the first block of its story container, at most.
LEAD_REACH = 15
# Story text above a marked sapo inside the story box, at most (a kicker, a short dateline line).
MAX_LEAD_PRELUDE = 150
# Credits at the end of an article are short: a name, "Theo X", "Tin, ảnh: X".
MAX_CREDIT_CHARS = 80
# Table cells under a photo longer than this are text laid out beside photos, not captions.
MAX_TABLE_CAPTION_CHARS = 300
# Blocks after the story box searched for a "Theo X" credit.
CREDIT_REACH = 6
# Captions under photos are at most a few sentences.
MAX_CAPTION_CHARS = 600


# Hints that drop the blocks below them from the story.
_DROPPING = HIDDEN | BOILERPLATE | TAGS | BREADCRUMB | CAPTION | AUTHOR


@dataclass(slots=True)
class Content:
    """What the content extractor found."""

    container: int | None = None
    lead: str | None = None
    lead_index: int | None = None
    body: list[str] = field(default_factory=list)
    body_blocks: list[Block] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    container_chars: int = 0
    container_link_chars: int = 0


@cache
def phrases() -> dict[str, list[str]]:
    """The phrase lists of html_phrases.json (related-story starts, labels), loaded once."""
    raw: dict[str, list[str]] = json.loads(
        files("baochi.extract").joinpath("html_phrases.json").read_text("utf-8")
    )
    return raw


@cache
def _related_rx() -> re.Pattern[str]:
    words = sorted(phrases()["related_prefixes"] + phrases()["share_prefixes"], key=len, reverse=True)
    return re.compile(r"^\s*(?:" + "|".join(map(re.escape, words)) + r")", re.IGNORECASE)


def related_line(text: str) -> bool:
    """True for the start of a related-story line or box (``>>``, ``Xem thêm``, ``TIN LIÊN QUAN``)."""
    return bool(_related_rx().match(text))


def is_navigation(b: Block) -> bool:
    """Related-story lines and link lists: not story text."""
    if b.link_density > MAX_LINK_DENSITY:
        return True
    return bool(_related_rx().match(b.text))


def _near_bits(path: Path | None, levels: int) -> int:
    bits = 0
    for _ in range(levels + 1):
        if path is None:
            break
        bits |= path.own
        path = path.parent
    return bits


def choose_container(blocks: list[Block], headline: int | None = None) -> Path | None:
    """The element under which the story's paragraphs sit (``headline``: index of the page's headline
    block, when known: a story opens right under its headline)."""
    scores: dict[int, float] = defaultdict(float)
    cells: dict[int, Path] = {}
    first: dict[int, int] = {}  # index of the first paragraph voting for each element
    for b in blocks:
        # ancestors' loose boilerplate hints do not count here (main columns get odd names: "sidebar-1");
        # unambiguous ones (footer, comments, menus) do when near
        if not _votes(b):
            continue
        weight = float(min(b.chars, 1000))
        if b.has(CAPTION):  # captions belong to the story (a photo gallery is all captions) but weigh less
            weight /= 2
        if _teaser(blocks, b):  # the teaser of another story's headline ("you may also like")
            weight /= TEASER_DISCOUNT
        p: Path | None = b.path.parent
        for level in range(1, VOTE_LEVELS + 1):
            if p is None:
                break
            scores[p.node_id] += weight / level
            if p.node_id not in cells:
                cells[p.node_id] = p
                first[p.node_id] = b.index
            p = p.parent
    if not scores:
        return None
    best = max(scores, key=lambda k: scores[k])
    if headline is not None and first[best] - headline > MAX_STORY_GAP:
        # the most text sits far below the headline (another story further down, a long widget): a story
        # of some size right under the headline is the page's own
        near = [k for k in scores if 0 < first[k] - headline <= NEAR_HEADLINE]
        near = [k for k in near if scores[k] >= NEAR_SHARE * scores[best]]
        if near:
            best = max(near, key=lambda k: scores[k])
    return _widen(blocks, cells[best])


def _teaser(blocks: list[Block], b: Block) -> bool:
    """True for a paragraph that, with the headline link just above it, makes up one item of a list:
    the two alone fill the element that holds them (an article's linked subheading shares its box with
    the rest of the story)."""
    i = b.index
    if i == 0:
        return False
    head = blocks[i - 1]
    if not (15 <= head.chars <= 200 and head.link_density > 0.9):
        return False
    item = meeting(head.path, b.path)
    if item is None:
        return False
    around = [blocks[j] for j in (i - 2, i + 1) if 0 <= j < len(blocks)]
    return not any(x.path.contains(item.node_id) for x in around)


def _linked_subheading(blocks: list[Block], b: Block) -> bool:
    """A heading made of a link that heads the story paragraph after it in the same box (a product
    round-up, a wiki): a subheading, not navigation."""
    if b.tag not in HEADING_TAGS or related_line(b.text) or b.index + 1 >= len(blocks):
        return False
    nxt = blocks[b.index + 1]
    if nxt.chars < MIN_VOTE_CHARS or is_navigation(nxt) or b.path.parent is None or nxt.path.parent is None:
        return False
    return nxt.path.parent.node_id == b.path.parent.node_id


def meeting(a: Path, b: Path) -> Path | None:
    """The innermost element holding both paths."""
    ids = set()
    p: Path | None = a
    while p is not None:
        ids.add(p.node_id)
        p = p.parent
    q: Path | None = b
    while q is not None:
        if q.node_id in ids:
            return q
        q = q.parent
    return None


def _widen(blocks: list[Block], best: Path) -> Path:
    """The story box widened to the ancestor that holds the rest of a story split across sibling boxes
    (page-builder columns, a body interrupted by a box): an ancestor is taken when it adds at least half
    as much story text again as the box holds, and what it adds is plain text, not links."""
    chain = [best]
    while len(chain) <= WIDEN_LEVELS and (up := chain[-1].parent) is not None:
        # the box passed must not carry hints that would drop what it holds once below the story box
        if up.own & (BOILERPLATE | HIDDEN) or chain[-1].own & _DROPPING:
            break
        chain.append(up)
    if len(chain) == 1:
        return best
    story = [0] * len(chain)  # voting paragraph text, all text and linked text first held by each
    text = [0] * len(chain)
    links = [0] * len(chain)
    voters: list[list[int]] = [[] for _ in chain]  # indices of the voting paragraphs first held by each
    last = [-1] * len(chain)  # index of the last block first held by each
    begin = [-1] * len(chain)  # ... and of the first
    for b, pos in zip(blocks, chain_positions(blocks, chain), strict=True):
        if pos < 0 or b.has(HIDDEN):
            continue
        text[pos] += b.chars
        links[pos] += b.link_chars
        last[pos] = b.index
        if begin[pos] < 0:
            begin[pos] = b.index
        if _votes(b) and not _teaser(blocks, b):
            story[pos] += min(b.chars, 1000)
            voters[pos].append(b.index)
    cur = 0
    held = story[0]
    end, start = last[0], begin[0]
    added = added_text = added_links = 0
    tail: list[int] = []
    for i in range(1, len(chain)):
        added += story[i]
        added_text += text[i]
        added_links += links[i]
        tail += voters[i]
        plain = added_links <= WIDEN_LINKS * max(added_text, 1)
        # the end of a story interrupted by a box: plain paragraphs right after the box, none elsewhere
        rest = added >= MIN_TAIL_CHARS and i - cur <= TAIL_LEVELS and bool(tail)
        # ... or its opening paragraphs right above the box (an introduction before a gallery or a widget)
        after = min(tail, default=0) > end and max(tail, default=0) - end <= TAIL_REACH
        before = max(tail, default=0) < start and start - min(tail, default=0) <= TAIL_REACH
        rest = rest and (after or before)
        # ... written like the story's own paragraphs (same element and class), not a box's text
        kinds = {(blocks[j].tag, blocks[j].attrs) for k in range(cur + 1) for j in voters[k]}
        rest = rest and all((blocks[j].tag, blocks[j].attrs) in kinds for j in tail)
        if (added >= WIDEN_SHARE * held and plain) or rest:
            cur, held = i, held + added
            end = max(end, max(last[: i + 1]))
            start = min(x for x in [*begin[: i + 1], start] if x >= 0)
            added = added_text = added_links = 0
            tail = []
    return chain[cur]


def _votes(b: Block) -> bool:
    """True for a paragraph that votes for its story box: long enough, not links, not furniture."""
    if b.chars < MIN_VOTE_CHARS or b.path.own & (BOILERPLATE | AUTHOR) or b.has(HIDDEN):
        return False
    if _near_bits(b.path, NEAR_LEVELS) & CHROME:
        return False
    return not (b.link_density > 0.25 or b.tag in HEADING_TAGS)


def _is_caption(b: Block, container: int) -> bool:
    if b.chars > MAX_CAPTION_CHARS:
        return False
    if b.has(CAPTION):
        return True
    # text inside a <figure> is its caption, whatever element holds it
    if b.has(FIGURE):
        return True
    # italic line right under a photo (old CMSs style captions inline)
    if b.after_image and b.italic_chars >= 0.8 * b.chars:
        return True
    # a short line in its own element inside the photo's box (not the story box): the photo's note
    if b.after_image and b.image_path is not None and b.chars <= MAX_TABLE_CAPTION_CHARS:
        box = b.image_path.node_id
        if box != container and b.path.node_id != box and b.path.contains(box):
            return True
    # table layout: the cell right under a photo cell
    if not (b.after_image and b.tag == "td" and b.has(TABLE) and b.chars <= MAX_TABLE_CAPTION_CHARS):
        return False
    row = b.path.parent
    # a cell beside the photo (same row) is text laid out next to it, not its caption
    return not (row is not None and b.image_path is not None and b.image_path.contains(row.node_id))


def _is_dateline_only(b: Block) -> bool:
    """A line that is only a timestamp (``Thứ bảy, 07/03/2026 - 08:07``), not a sentence with a date."""
    if b.chars >= 80 or parse_visible(b.text) is None:
        return False
    return sum(1 for w in b.text.split() if not any(ch.isdigit() for ch in w)) <= 4


def strip_ui_labels(text: str) -> str:
    """A credit line without the button labels glued to it (``Theo X Copy link``)."""
    for label in phrases()["ui_labels"]:
        if text.endswith(label):
            text = text[: -len(label)].rstrip(" -|")
    return text


def _credit_like(b: Block) -> bool:
    text = b.text
    if b.chars > MAX_CREDIT_CHARS or text.endswith((":", "?")):
        return False
    c = read_credit(text)
    if (c.attribution and text.lower().startswith(("theo ", "nguồn", "source"))) or "(theo" in text.lower():
        return True
    if c.group and len(text.split()) <= 4:
        return True
    if not c.authors:
        return False
    if "photo" in c.roles or any(text.lower().startswith(x.lower()) for x in phrases()["credit_labels"]):
        return True
    # a bare name closes a story when it stands out: bold, right-aligned, or a short signature
    name_only = looks_like_name(text.replace("(tổng hợp)", "").strip(), max_words=5)
    styled = b.bold_chars >= 0.8 * b.chars or b.has(RIGHT) or b.has(AUTHOR)
    return name_only and (styled or len(text.split()) <= 4)


def extract_content(
    blocks: list[Block],
    title_index: int | None,
    container: Path | None = None,
    lead_ids: set[int] | None = None,
    title: str | None = None,
) -> Content:
    """Lead, body, captions and credit lines of the story in ``blocks``."""
    out = Content()
    if container is None:
        container = choose_container(blocks)
    if container is None:
        return out
    out.container = container.node_id
    set_relative_bits(blocks, container)
    start = title_index if title_index is not None else -1
    inside = [b for b in blocks if b.inside]
    for b in inside:
        out.container_chars += b.chars
        out.container_link_chars += b.link_chars
    first_inside = inside[0].index if inside else 0
    # the lead: a block marked as sapo/lead after the title (inside the container or just before it)
    lead_block = None
    for b in blocks:
        if b.index <= start or b.chars < 30 or b.has(HIDDEN) or is_navigation(b):
            continue
        marked = (lead_ids is not None and b.path.node_id in lead_ids) or (
            lead_ids is None and b.has(LEAD) and not b.has(BOILERPLATE | CAPTION)
        )
        if marked:
            # a sapo sits next to its story, before it: one far above the container belongs to something
            # else, one after story text is a box after the story (an author bio, a teaser, a newsletter)
            near = b.index >= first_inside - LEAD_REACH
            if lead_ids is not None or (near and not _story_before(inside, b)):
                lead_block = b
            break
        if b.index > first_inside + 40:
            break
    # a byline right under the headline, before the sapo: a short name standing alone
    if title_index is not None:
        for b in blocks[title_index + 1 : title_index + 4]:
            if b.chars > 40 or b.link_density >= 0.5 or b.has(BOILERPLATE | HIDDEN) or b.inside:
                continue
            if _is_dateline_only(b) or related_line(b.text):
                continue
            c = read_credit(b.text)  # "Minh Chiến", "Nguyên Minh - 07/03/2026 08:47"
            if c.authors and all(len(a.split()) >= 2 for a in c.authors) and not c.group:
                out.credits.append(b.text)
                break
    if lead_block is None and lead_ids is None and title_index is not None:
        lead_block = _lead_between(blocks, title_index)
    if lead_block is not None:
        out.lead = " ".join(lead_block.lines)
        out.lead_index = lead_block.index
    after = max(start, out.lead_index if out.lead_index is not None else -1)
    body: list[Block] = []
    for b in inside:
        own = b.rel
        if b is lead_block or (b.index <= after and not (own & CAPTION)):
            continue
        if own & (HIDDEN | BOILERPLATE | TAGS | BREADCRUMB):
            continue
        if lead_ids is not None and b.path.node_id in lead_ids:
            continue
        if _is_caption(b, container.node_id):
            out.captions.append(b.text)
            continue
        if b.index <= after:
            continue
        if own & AUTHOR:
            out.credits.append(b.text)
            continue
        if own & (LEAD | DATE) and _is_dateline_only(b):
            continue
        if (is_navigation(b) and not _linked_subheading(blocks, b)) or _is_dateline_only(b):
            continue
        body.append(b)
    # a story does not end on a subheading: a short heading last is the title of a box after it
    while body and _box_title(body[-1]) and not _credit_like(body[-1]):
        body.pop()
    # a labelled credit can also open the story ("Bài và ảnh: X")
    if body and body[0].text.startswith(tuple(phrases()["credit_labels"])) and _credit_like(body[0]):
        out.credits.append(body.pop(0).text)
    # credits close the story: peel name-like lines off the end
    while body and _credit_like(body[-1]):
        out.credits.insert(0, body.pop().text)
    while body and len(body[-1].lines) > 1 and _credit_like_line(body[-1].lines[-1]):
        out.credits.insert(0, body[-1].lines.pop())
    # pages that repeat the headline and the sapo at the top of the story box
    seen = {" ".join(x.split()) for x in (title, out.lead) if x}
    body = [b for b in body if " ".join(b.text.split()) not in seen]
    out.body_blocks = body
    # "Theo X" credits often sit just below the story box, next to the share buttons
    if body:
        end = body[-1].index
        for b in blocks[end + 1 : end + 1 + CREDIT_REACH]:
            text = strip_ui_labels(b.text)
            credit = text.lower().startswith("theo ") and len(text) < MAX_CREDIT_CHARS
            if credit and not related_line(text) and not text.endswith(":") and text not in out.credits:
                out.credits.append(text)
    for b in body:
        if b.tag in HEADING_TAGS:
            out.body.append(" ".join(b.lines))
        else:
            out.body.extend(b.lines)
    return out


def _story_before(inside: list[Block], lead: Block) -> bool:
    """True when the story box holds story paragraphs before ``lead``: a sapo opens the story."""
    chars = 0
    for b in inside:
        if b.index >= lead.index:
            break
        if b.chars < MIN_VOTE_CHARS or b.tag in HEADING_TAGS or b.link_density >= MAX_LINK_DENSITY:
            continue
        if not (b.has(CAPTION | FIGURE | AUTHOR | DATE | HIDDEN) or _is_dateline_only(b)):
            chars += b.chars
    return chars > MAX_LEAD_PRELUDE


def _box_title(b: Block) -> bool:
    short = len(b.text.split()) <= 6 and not b.text.endswith((".", "!", "?", '"', "”"))
    return short and (b.tag in HEADING_TAGS or b.bold_chars >= 0.8 * b.chars)


def _lead_between(blocks: list[Block], title_index: int) -> Block | None:
    """A sapo without a telling class: the sapo-sized text between the headline and the story container."""
    for b in blocks[title_index + 1 : title_index + 7]:
        if b.has(HIDDEN | AUTHOR | DATE | BOILERPLATE | CAPTION) or is_navigation(b) or _is_dateline_only(b):
            if b.inside and b.chars >= 60:
                return None
            continue
        if not (60 <= b.chars <= 800 and b.link_density < 0.2):
            if b.inside and b.chars >= 60:
                return None
            continue
        if not b.inside:
            return b
        # inside the story box only a set-off first block is a sapo: a heading, or bold/italic throughout
        styled = b.bold_chars >= 0.8 * b.chars or b.italic_chars >= 0.8 * b.chars
        return b if (b.tag in HEADING_TAGS or styled) and not b.after_image else None
    return None


def _credit_like_line(line: str) -> bool:
    fake = Block(
        index=0, tag="p", text=line, lines=[line], path=Path(0, None), bits=0, attrs="", chars=len(line)
    )
    if line.lower().startswith("theo ") and len(line) < 60:
        return True
    return _credit_like(fake) and not is_group(line)
