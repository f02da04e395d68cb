"""Fill in what every record gets whatever its input: id, content hash, raw hash."""

from __future__ import annotations

import hashlib

from baochi.lang.normalize import normalize_text
from baochi.model import Article, Document, stable_id
from baochi.urls import canonical_url


def content_hash(article: Article) -> str:
    """SHA-256 of the normalised lead + body (the key of exact duplicates)."""
    return hashlib.sha256(normalize_text(article.main_text).lower().encode("utf-8")).hexdigest()


def finalize_article(article: Article, doc: Document) -> Article:
    """Set ``raw_sha256``, ``content_hash`` and the stable ``id`` (canonical URL, else content)."""
    article.raw_sha256 = doc.raw_sha256
    article.content_hash = content_hash(article)
    if article.url:
        article.id = stable_id(canonical_url(article.url))
    elif article.main_text or article.title:
        article.id = stable_id(f"{article.title or ''}\n{article.content_hash}")
    else:
        article.id = stable_id(f"raw:{article.raw_sha256}")
    return article
