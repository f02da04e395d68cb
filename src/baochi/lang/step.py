"""The language-layer pipeline step: language, spelling flags and time expressions of one record.

Fields are named ``title``, ``lead``, ``body[i]`` (i-th body paragraph, from 0) and ``captions[i]``;
offsets are character offsets into that field's text. Time expressions are anchored at
``published_at``. Spelling runs only on Vietnamese records; nothing here changes the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from baochi.lang.langid import identify_language
from baochi.lang.spelling import check_texts
from baochi.lang.times import find_time_expressions_in
from baochi.model import Article


def article_fields(article: Article) -> Iterator[tuple[str, str]]:
    """(address, text) of the title, lead, every body paragraph and caption, in reading order: the one
    walker of ``Article.text_fields`` without the dateline (an agency code such as ``BDK.VN``, no prose
    to spell-check or date)."""
    return ((name, text) for name, text in article.text_fields() if name != "dateline")


def field_text(article: Article, field: str) -> str | None:
    """The text a field address points at (``Article.field_text``)."""
    return article.field_text(field)


def annotate_article(article: Article) -> Article:
    """Fill ``language``, ``spelling`` and ``time_expressions`` (Article -> Article)."""
    fields = list(article_fields(article))
    if article.language is None:
        article.language = identify_language("\n".join(text for _, text in fields))
    spelling: list[dict[str, Any]] = []
    times: list[dict[str, Any]] = []
    if article.language == "vi":  # all fields in one pass: as each on its own, with one call's overhead
        for (name, _), flags in zip(fields, check_texts([text for _, text in fields]), strict=True):
            spelling.extend({"field": name, **flag} for flag in flags)
    texts = [text for _, text in fields]
    for (name, _), exprs in zip(fields, find_time_expressions_in(texts, article.published_at), strict=True):
        times.extend({"field": name, **expr} for expr in exprs)
    article.spelling = spelling
    article.time_expressions = times
    return article
