"""What the full-text index holds for a record: accent-folded and exact forms of title, lead and body.

SQLite's own ``remove_diacritics`` folds neither ``đ`` nor letters with two marks (``ộ``, ``ẫ``), so the
folding is done here, with ``baochi.lang.fold.fold_key``, and the folded text is what FTS5 tokenises.
The exact (NFC, lower-cased) text is indexed too, so a query typed with diacritics can prefer exact
matches. The index is contentless: deleting a row needs these same values, recomputed from the record.
"""

from __future__ import annotations

import re

from baochi.lang.fold import fold_key
from baochi.lang.normalize import nfc
from baochi.model import Article

FTS_COLUMNS = ("title_f", "lead_f", "body_f", "title_x", "lead_x", "body_x")

# Tokens the way FTS5's unicode61 tokenizer sees them: runs of letters and digits ('_' separates).
TOKEN = re.compile(r"[^\W_]+")


def fold_text(text: str) -> str:
    """The folded form indexed and queried: NFC, accents removed, đ -> d, lower case (same length)."""
    return fold_key(nfc(text))


def exact_text(text: str) -> str:
    """The exact form indexed and queried: NFC, lower case, diacritics kept."""
    return nfc(text).lower()


def index_values(article: Article) -> tuple[str, str, str, str, str, str]:
    """The six FTS column values of a record, in ``FTS_COLUMNS`` order."""
    title = article.title or ""
    lead = article.lead or ""
    body = "\n".join(article.body)
    return (
        fold_text(title),
        fold_text(lead),
        fold_text(body),
        exact_text(title),
        exact_text(lead),
        exact_text(body),
    )
