"""Scraped plain text -> Article: title, timestamp, dateline, lead, body, captions, credits, boilerplate.

The layout rules are small functions over lines (see text_layout, captions, byline, boilerplate,
dateline, flat); their word lists live in ``extract/data``. ``layout_article`` is shared with the
record extractor, whose text fields go through the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from baochi.extract import boilerplate as bp
from baochi.extract.byline import Credit, credited_outlet, credited_person, is_bare_cue, parse_credit
from baochi.extract.captions import (
    MAX_CREDITED_WORDS,
    MIN_PARAGRAPHS,
    MULTI_SENTENCE_SHARE,
    PARAGRAPH_MEAN_WORDS,
    SUBSTANTIAL_WORDS,
    continues_text,
    is_credited_caption,
    is_heading_like,
    is_sentence_caption,
    is_short_caption,
    is_source_caption,
    repeat_keys,
    sentence_count,
)
from baochi.extract.dateline import find_dateline
from baochi.extract.dates import parse_vi_datetime, timestamp_line
from baochi.extract.flat import (
    cut_teaser,
    flat_line,
    sentences,
    split_credited_captions,
    split_ellipsis_captions,
    split_glued_captions,
    text_usage,
)
from baochi.extract.outlets import registry
from baochi.extract.text_layout import Line, join_fragments, split_lead_last, split_lines
from baochi.ingest.text import document_text
from baochi.lang.fold import fold_key
from baochi.lang.normalize import normalize_space
from baochi.model import Article, Byline, Dateline, Document
from baochi.urls import url_domain

# Credits sit in the last few lines; more than this many foot lines are text, not credits.
_MAX_CREDIT_LINES = 4
# A Vietnamese text shows a letter with a Vietnamese-only diacritic in roughly every third word;
# one such letter per 40 letters separates it from other Latin-script languages cheaply.
_VI_LETTER_SHARE = 1 / 40
# One or two sentences decide it (a 25-word Vietnamese sentence shows about ten such letters).
_LANGUAGE_SAMPLE = 200
_VI_LETTERS = frozenset(
    "ăâđêôơưắằẳẵặấầẩẫậếềểễệốồổỗộớờởỡợứừửữựảẻỉỏủỷạẹịọụỵẽĩũỹ"
    "ĂÂĐÊÔƠƯẮẰẲẴẶẤẦẨẪẬẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰẢẺỈỎỦỶẠẸỊỌỤỴẼĨŨỸ"
)


@dataclass(slots=True)
class _Parts:
    """What the rules found, in the order of the text."""

    body: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    boilerplate: list[str] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)
    flat: bool = False


def detect_language(text: str) -> str | None:
    """``vi`` when Vietnamese-only letters are frequent enough, else None (real language id comes later)."""
    sample = text[:_LANGUAGE_SAMPLE]
    letters = sum(map(str.isalpha, sample))
    if not letters:
        return None
    vi = sum(map(_VI_LETTERS.__contains__, sample))
    return "vi" if vi >= letters * _VI_LETTER_SHARE else None


def _strip_banners(lines: list[Line], parts: _Parts, flat: Line | None) -> list[Line]:
    if not bp.may_hold_banner("\n".join([ln.low for ln in lines])):
        return lines  # one substring scan of the whole text spares a test of every line
    out = []
    for ln in lines:
        text, found = bp.remove_banners(ln.text, ln.low)
        if not found:
            out.append(ln)
            continue
        at = bp.end_banner_at(ln.text)
        if at is not None and ln is flat:
            # Flattened text: what precedes the closing banner is a related-article teaser.
            head, found = bp.remove_banners(ln.text[:at])
            tail, tail_found = bp.remove_banners(ln.text[at:])
            head = normalize_space(head)
            head, teaser = cut_teaser(head, len(head))
            kept: list[str] = []
            for sentence in sentences(head):
                (found if bp.is_promotion(sentence) else kept).append(sentence)
            head = " ".join(kept)
            found = found + ([teaser] if teaser else []) + tail_found
            text = head + " " + tail
        parts.boilerplate.extend(normalize_space(f) for f in found)
        text = normalize_space(text)
        if text:
            out.append(Line(raw=ln.raw, text=text, gap=ln.gap, index=ln.index))
    return out


def _footer(lines: list[Line], roles: list[str], parts: _Parts) -> None:
    """Mark credit lines at the foot (bylines, names alone, outlet credits), bottom up."""
    found = 0
    seen_text = False
    for i in range(len(lines) - 1, -1, -1):
        if roles[i] in ("boilerplate", "caption"):
            continue
        credit = parse_credit(lines[i].text, last=not seen_text)
        if credit is None or found >= _MAX_CREDIT_LINES:
            return
        roles[i] = "credit"
        if parts.credits and credited_person(credit) and parts.credits[0].attribution:
            # "Theo Lê Ánh" above "Pháp luật TP Hồ Chí Minh": the writer, then the outlet.
            credit = Credit(raw=credit.raw, authors=[credit.attribution or ""], roles=["text"])
        parts.credits.insert(0, credit)
        found += 1
        seen_text = seen_text or bool(credit.authors)


def _classify(lines: list[Line], parts: _Parts) -> list[str]:
    roles = ["body"] * len(lines)
    in_related = False
    for i, ln in enumerate(lines):
        if len(ln.text) > bp.MAX_LINE and not in_related:
            continue  # a paragraph: widget lines and related headings are all shorter
        credit_cue = ln.low.startswith(("theo ", "nguồn"))  # a credit closing the text, not a headline
        if in_related and bp.is_headline(ln.text) and not ln.gap and not credit_cue:
            roles[i] = "boilerplate"
            continue
        in_related = False
        if bp.is_related_heading(ln.text, ln.low):
            roles[i] = "boilerplate"
            in_related = True
        elif bp.is_boilerplate_line(ln.text, ln.low):
            roles[i] = "boilerplate"
    repeated = repeat_keys([ln for ln, r in zip(lines, roles, strict=True) if r == "body"])
    for i, ln in enumerate(lines):
        if roles[i] == "body" and ln.low in repeated:
            roles[i] = "caption"
    _footer(lines, roles, parts)
    _source_captions(lines, roles)
    short = []
    for i, ln in enumerate(lines):
        if roles[i] != "body" or ln.words > MAX_CREDITED_WORDS:
            continue  # a paragraph is neither a credited nor a short caption
        if is_credited_caption(ln):
            roles[i] = "caption"
        elif is_short_caption(ln):
            roles[i] = "caption"
            short.append(i)
    if short and "body" not in roles:
        for i in short:  # every line looked like a caption: it is a text without final periods
            roles[i] = "body"
    taken = set(short)
    headings = set()
    for i in short:
        # A lone short line that names nothing is a section heading ("Nhiều cách làm hay, sáng tạo"),
        # not a caption: captions name who or what the photo shows. Runs of such lines stay captions
        # (a photo series), the cue is for lines standing alone between paragraphs.
        if i - 1 not in taken and i + 1 not in taken:
            if is_heading_like(lines[i]):
                roles[i] = "body"
                headings.add(i)
            elif continues_text(lines[i]):
                roles[i] = "body"  # a paragraph without its period, not a heading
    _sentence_captions(lines, roles, headings)
    return roles


def _source_captions(lines: list[Line], roles: list[str]) -> None:
    """Short sentences closed by a bracketed source, unless they end the text or stand side by side."""
    body = [i for i, r in enumerate(roles) if r == "body"]
    found = {i for i in body[:-1] if is_source_caption(lines[i])}
    for i in found:
        if i - 1 not in found and i + 1 not in found:
            roles[i] = "caption"


def _sentence_captions(lines: list[Line], roles: list[str], headings: set[int]) -> None:
    """Single short sentences standing between multi-sentence paragraphs are photo captions.

    Section headings are no paragraphs: they neither count for the statistics nor become captions.
    """
    body = [i for i, r in enumerate(roles) if r == "body" and i not in headings]
    if len(body) < MIN_PARAGRAPHS:
        return
    candidates = [i for i in body if i + 1 < len(roles) and is_sentence_caption(lines[i])]
    if not candidates:
        return
    text_after = [r in ("body", "caption") for r in roles]
    for i in range(len(roles) - 2, -1, -1):
        text_after[i] = text_after[i] or text_after[i + 1]
    # The last line of text is never taken: a closing one-sentence paragraph is common.
    candidates = [i for i in candidates if text_after[i + 1]]
    if not candidates:
        return
    chosen = set(candidates)
    others = [i for i in body if i not in chosen]
    if not others:
        return
    multi = sum(lines[i].words >= SUBSTANTIAL_WORDS or sentence_count(lines[i].text) >= 2 for i in others)
    mean_words = sum(lines[i].words for i in others) / len(others)
    if multi < MULTI_SENTENCE_SHARE * len(others) or mean_words < PARAGRAPH_MEAN_WORDS:
        return
    for i in candidates:
        roles[i] = "caption"


def layout_article(
    text: str,
    *,
    source: str,
    source_offset: int | None = None,
    url: str | None = None,
    title: str | None = None,
    title_line: bool = True,
) -> Article:
    """Apply the scraped-text layout rules to ``text``; ``title`` when the container already knows it.

    ``title_line=False`` for texts that never start with their headline (a record's body field).
    """
    parts = _Parts()
    lines = join_fragments(split_lines(text))
    flat = flat_line(lines)
    lines = _strip_banners(lines, parts, flat)
    parts.flat = flat is not None
    published_at = None
    kept: list[Line] = []
    for ln in lines:
        ts = timestamp_line(ln.text) if len(kept) < 3 or ln.index >= len(lines) - 3 else None
        if ts is not None and published_at is None:
            published_at = ts
            continue
        kept.append(ln)
    lines = kept
    if title is None and title_line:
        while lines and bp.is_boilerplate_line(lines[0].text):
            parts.boilerplate.append(lines.pop(0).text)
        if lines:
            title = lines.pop(0).text
    elif title is not None and lines and fold_key(lines[0].text) == fold_key(normalize_space(title)):
        lines.pop(0)
    lines, lead_line = split_lead_last(lines)
    lines = _join_bare_cues(lines)
    lead: str | None = None
    if lead_line is not None:
        if bp.is_boilerplate_line(lead_line.text):
            parts.boilerplate.append(lead_line.text)
        else:
            lead = lead_line.text
    roles = _classify(lines, parts)
    caption_keys: set[str] = set()
    for ln, role in zip(lines, roles, strict=True):
        if role == "body":
            _add_body(ln.text, parts)
        elif role == "caption":
            if ln.low not in caption_keys:
                caption_keys.add(ln.low)
                parts.captions.append(ln.text)
        elif role == "boilerplate":
            parts.boilerplate.append(ln.text)
    if lead is not None and _is_snippet(lead, parts.body):
        parts.boilerplate.append(lead)
        lead = None
    dateline = None
    found = None
    if lead is None and parts.body:
        found = find_dateline(parts.body[0])
        if found is not None:
            lead = parts.body.pop(0)
    elif lead is not None:
        found = find_dateline(lead)
    if found is not None and lead is not None:
        lead = found.rest.strip() or None
        head = (lead or "").split(",", 1)[0]
        date = parse_vi_datetime(head) if len(head) < 40 else None
        date = date[:10] if date else (published_at[:10] if published_at else None)
        dateline = Dateline(prefix=found.prefix or None, place=found.place, date=date)
    outlet = registry().by_domain(url_domain(url)) if url else None
    if outlet is None and found is not None:
        outlet = found.outlet
    art = Article(
        id="",
        source=source,
        source_offset=source_offset,
        url=url,
        outlet=outlet.as_outlet() if outlet else None,
        title=normalize_space(title) if title else None,
        published_at=published_at,
        dateline=dateline,
        lead=lead,
        body=parts.body,
        captions=parts.captions,
        boilerplate=parts.boilerplate,
    )
    _apply_credits(art, parts.credits)
    if art.outlet is None and art.attribution:
        # an aggregator's copy (``Theo VnExpress``): the outlet that wrote it, by the registry's names,
        # so spellings of one outlet (``Vnexpress``, ``VNE``) give one outlet
        art.outlet = credited_outlet(art.attribution)
    art.page_type = "article" if art.body or art.lead else "other"
    art.language = detect_language(" ".join([art.title or "", art.lead or "", *art.body[:1]]))
    return art


def _join_bare_cues(lines: list[Line]) -> list[Line]:
    """A credit cue alone on a foot line (``Theo`` / ``Korea Boo``: the outlet was a link) joined with the
    line after it."""
    out = lines[: max(0, len(lines) - _MAX_CREDIT_LINES - 2)]
    rest = lines[len(out) :]
    i = 0
    while i < len(rest):
        ln = rest[i]
        if i + 1 < len(rest) and is_bare_cue(ln.text) and len(rest[i + 1].text) <= 60:
            text = f"{ln.text} {rest[i + 1].text}"
            ln = Line(raw=text, text=text, gap=ln.gap, index=ln.index)
            i += 1
        out.append(ln)
        i += 1
    return out


def _add_body(text: str, parts: _Parts) -> None:
    if not parts.flat:
        parts.body.append(text)
        return
    usage = text_usage(text)
    for role0, piece0 in split_ellipsis_captions(text):
        if role0 == "caption":
            parts.captions.append(piece0)
            continue
        for role, piece in split_credited_captions(piece0):
            if role == "caption":
                parts.captions.append(piece)
                continue
            for role2, piece2 in split_glued_captions(piece, usage):
                (parts.captions if role2 == "caption" else parts.body).append(piece2)


def _is_snippet(lead: str, body: list[str]) -> bool:
    """An aggregator's auto-snippet: the start of a body paragraph cut off with an ellipsis."""
    stem = lead.rstrip(".… ").strip()
    if len(stem) < 20 or not lead.rstrip().endswith(("...", "…")):
        return False
    return any(p.startswith(stem) for p in body)


def _apply_credits(art: Article, credits: list[Credit]) -> None:
    for c in credits:
        for name in c.authors:
            if name not in art.authors:
                art.authors.append(name)
        if c.authors and art.byline is None:
            art.byline = Byline(raw=c.raw, roles=c.roles)
        if c.attribution and art.attribution is None:
            art.attribution = c.attribution
        if c.published_at and art.published_at is None:
            art.published_at = c.published_at


def extract_text(doc: Document) -> Article:
    """The record of a scraped plain-text document."""
    return layout_article(document_text(doc), source=doc.source, source_offset=doc.source_offset, url=doc.url)
