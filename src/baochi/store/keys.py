"""The keys the store files records under for story clustering: a text key and a URL key (12 bytes each).

Exact copies share a text key (a digest of their syllables, so re-typeset copies still match) and copies
of one page share a URL key (a digest of the canonical URL). The batch deduplicator and the store's
dedup tables use these same functions, so a record gets the same keys whichever path it takes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from baochi.urls import canonical_url


def digest(key: bytes) -> bytes:
    """The 12-byte key of a text (its syllables joined) or of a canonical URL."""
    return hashlib.blake2b(key, digest_size=12).digest()


def url_key(url: str | None) -> bytes | None:
    """The same-URL key of a record (None without a URL)."""
    return digest(canonical_url(url).encode("utf-8")) if url else None


def text_key(sentences: Sequence[Sequence[str]]) -> bytes | None:
    """The exact-copy key of a text given as sentences of syllables (None for an empty text)."""
    return digest("\n".join(" ".join(s) for s in sentences).encode("utf-8")) if sentences else None
