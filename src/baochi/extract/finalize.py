"""Fill in what every record gets whatever its input: id, content hash, raw hash."""

from __future__ import annotations

import hashlib
import unicodedata

from baochi.lang.normalize import normalize_text
from baochi.model import Article, Document, stable_id
from baochi.urls import canonical_url


def _is_clean(part: str) -> bool:
    """True when ``normalize_text`` would leave this paragraph unchanged (cheap checks in C).

    isprintable() is False for every blank but the ASCII space (no-break, thin, tab, newline) and for the
    invisible format characters normalize_text drops, so a printable, NFC paragraph without a double or an
    edge space is already normalised.
    """
    return (
        part.isprintable()
        and part[:1] != " "
        and part[-1:] != " "
        and "  " not in part
        and bool(part)
        and unicodedata.is_normalized("NFC", part)
    )


# Document kinds whose extractor (baochi.extract.text) writes every paragraph normalised already: NFC
# input, blanks collapsed line by line. tests/test_finalize.py holds it to the definition below.
_NORMALISED_KINDS = frozenset({"text"})


def content_hash(article: Article, *, normalised: bool = False) -> str:
    """SHA-256 of the normalised lead + body, lower-cased (the key of exact duplicates).

    ``normalised=True`` when the extractor is known to normalise its fields: the text is hashed as it is.
    Otherwise it is normalised again unless cheap checks show every paragraph clean already; the hash is
    the same either way.
    """
    parts = ([article.lead] if article.lead else []) + article.body
    text = "\n".join(parts)
    if not normalised and not all(map(_is_clean, parts)):
        text = normalize_text(text)
    return hashlib.sha256(text.lower().encode("utf-8")).hexdigest()


def finalize_article(article: Article, doc: Document) -> Article:
    """Set ``raw_sha256``, ``content_hash`` and the stable ``id`` (canonical URL, else content)."""
    article.raw_sha256 = doc.raw_sha256
    article.content_hash = content_hash(article, normalised=doc.kind in _NORMALISED_KINDS)
    if article.url:
        article.id = stable_id(canonical_url(article.url))
    elif article.main_text or article.title:
        article.id = stable_id(f"{article.title or ''}\n{article.content_hash}")
    else:
        article.id = stable_id(f"raw:{article.raw_sha256}")
    return article
