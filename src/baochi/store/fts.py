"""What the full-text indexes hold for a record: accent-folded text, plus the words written with accents.

SQLite's own ``remove_diacritics`` folds neither ``đ`` nor letters with two marks (``ộ``, ``ẫ``), so the
folding is done here, with ``baochi.lang.fold.fold_key``, and the folded text is what FTS5 tokenises.
The words that carry diacritics are indexed once more, exactly (NFC, lower case), in an ``accents``
column, so a query typed with diacritics can prefer exact matches. Folded words never carry diacritics
and ``accents`` words always do, so the two vocabularies are disjoint and queries need no column filter.

Two indexes, both contentless (the text lives once, in the record; deleting a row needs these same
values, recomputed from the record):

- ``search_head``: title and lead. Small, so ranking every match stays fast on common words; searched
  first.
- ``search_text``: title, lead and body, for matches that need the body.
"""

from __future__ import annotations

import re
from functools import cache

from baochi.lang.fold import fold_key
from baochi.lang.normalize import nfc
from baochi.model import Article

HEAD_COLUMNS = ("title", "lead", "accents", "meta")
TEXT_COLUMNS = ("title", "lead", "body", "accents", "meta")

# Filter tokens in the ``meta`` column: the outlet's folded name words, its domain's labels, the year,
# month and day of publication, and the ids of the entities the record names (search --entity).
# Filtering is then an FTS5 intersection of doclists instead of a join per match (which made filtered
# queries ~50 ms on 100,000 records). The prefixes start with a digit so no word of a text is ever one
# of them.
OUTLET, DOMAIN, YEAR, MONTH, DAY, ENTITY = "0o", "0w", "0y", "0m", "0d", "0e"
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")

# Tokens the way FTS5's unicode61 tokenizer sees them: runs of letters and digits ('_' separates).
TOKEN = re.compile(r"[^\W_]+")


def fold_text(text: str) -> str:
    """The folded form indexed and queried: NFC, accents removed, đ -> d, lower case (same length)."""
    return fold_key(nfc(text))


def exact_text(text: str) -> str:
    """The exact form: NFC, lower case, diacritics kept."""
    return nfc(text).lower()


@cache
def _accented_word() -> re.Pattern[str]:
    """A word holding at least one letter that folding changes (found in C: ingest speed matters)."""
    letters = sorted({c for c in map(chr, range(0x80, 0x2000)) if c.islower() and fold_key(c) != c})
    # the look-behind starts a match only where a word starts: without it a 200,000-letter word without
    # diacritics was scanned from each of its letters (quadratic: minutes for one hostile input)
    return re.compile(rf"(?<![^\W_])[^\W_]*[{''.join(letters)}][^\W_]*")


def accented_words(*texts: str) -> str:
    """The words of ``texts`` written with diacritics, exact, space-separated, in order."""
    pattern = _accented_word()
    return " ".join(w for t in texts for w in pattern.findall(exact_text(t)))


def outlet_tokens(name: str) -> list[str]:
    """Filter tokens of an outlet name: its folded words."""
    return [OUTLET + w for w in TOKEN.findall(fold_text(name))]


def domain_tokens(domain: str) -> list[str]:
    """Filter tokens of a domain: its labels, without ``www.``."""
    return [DOMAIN + w for w in TOKEN.findall(fold_text(domain.strip().lower().removeprefix("www.")))]


def date_tokens(published_at: str | None) -> list[str]:
    """Filter tokens of a publication date (its local date as written): year, month, day."""
    m = _DATE.match(published_at or "")
    if not m:
        return []
    y, mo, d = m.groups()
    out = [YEAR + y]
    if mo:
        out.append(MONTH + y + mo)
        if d:
            out.append(DAY + y + mo + d)
    return out


def entity_tokens(entity_id: str) -> list[str]:
    """Filter tokens of an entity id (hex digits, as ``baochi entities`` prints them)."""
    return [ENTITY + w for w in TOKEN.findall(entity_id.strip().lower())]


def meta_tokens(article: Article) -> str:
    """The ``meta`` column value of a record."""
    tokens = date_tokens(article.published_at)
    if article.outlet:
        tokens += outlet_tokens(article.outlet.name)
        if article.outlet.domain:
            tokens += domain_tokens(article.outlet.domain)
    ids = dict.fromkeys(str(e["id"]) for e in article.entities if e.get("id"))
    tokens += [t for i in ids for t in entity_tokens(i)]
    return " ".join(tokens)


IndexRows = tuple[tuple[str, str, str, str], tuple[str, str, str, str, str]]


def index_rows(article: Article) -> IndexRows:
    """The ``search_head`` and ``search_text`` column values of a record (each text folded once)."""
    title, lead, body = article.title or "", article.lead or "", "\n".join(article.body)
    f_title, f_lead = fold_text(title), fold_text(lead)
    head_accents = accented_words(title, lead)
    body_accents = accented_words(body)
    text_accents = (
        f"{head_accents} {body_accents}" if head_accents and body_accents else head_accents or body_accents
    )
    meta = meta_tokens(article)
    return (f_title, f_lead, head_accents, meta), (f_title, f_lead, fold_text(body), text_accents, meta)
