"""The content hash: the fast path (fields already normalised by the extractor) equals the definition."""

import hashlib
import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from baochi.extract import extract_article
from baochi.extract.finalize import content_hash
from baochi.ingest import iter_documents
from baochi.lang.normalize import normalize_text
from baochi.model import Article, Document


def _definition(article: Article) -> str:
    """The hash as documented: SHA-256 of the normalised lead + body, lower-cased."""
    return hashlib.sha256(normalize_text(article.main_text).lower().encode("utf-8")).hexdigest()


# Letters, Vietnamese marks (precomposed and combining), every kind of blank the scrapers leave,
# invisible characters, punctuation and the words the layout rules react to.
_PIECES = st.sampled_from(
    [
        "Ảnh: AP",
        "Theo VNE",
        "Chia sẻ bài viết",
        "BDK.VN - ",
        "(Dân trí) - ",
        "Tin, ảnh: Thu Huyền",
        "19/04/2021 - 14:06",
        "Nguồn: [Link nguồn]",
        "...",
        "“",
        "”",
    ]
)
_CHARS = st.text(
    alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ áàảãạếềểễệ.,:;!?-–()\"'0123456789"
    "\u00a0\u2009\u3000\t\u200b\u00ad\ufeff\u0301\u0300\u0323\r\n",
    max_size=60,
)
_LINE = st.lists(st.one_of(_CHARS, _PIECES), max_size=8).map("".join)
# A title line, then lines and blank lines (the body the rules work on).
_TEXT = st.lists(_LINE, min_size=2, max_size=12).map(lambda lines: "Tiêu đề\n" + "\n".join(lines))


@given(_TEXT)
@example("Tiêu đề\n\nCa\u200b\u0301 thê\u00ad\u0301 là\u00a0 sao.\nMột câu nữa.")
@settings(max_examples=300, deadline=None)
def test_finalize_fast_hash_equals_definition_on_generated_text(text: str) -> None:
    doc = Document(source="gen.txt", data=text.encode("utf-8"), kind="text")
    article = extract_article(doc)
    assert article.content_hash == _definition(article)


def test_finalize_hash_normalises_untrusted_fields() -> None:
    article = Article(id="", source="x", lead="Ngày\u00a019-4", body=["Hoa  ", "Cafe\u0301 Sài Gòn"])
    assert content_hash(article) == _definition(article)
    assert content_hash(article) == content_hash(
        Article(id="", source="x", lead="Ngày 19-4", body=["Hoa", "Café Sài Gòn"]), normalised=True
    )


@pytest.mark.shared_data
def test_finalize_fast_hash_equals_definition_on_gold_docs(shared_data: Path) -> None:
    folder = shared_data / "text" / "gold-set"
    golds = sorted((folder / "gold").glob("*.json"))
    assert golds
    for gpath in golds:
        gold = json.loads(gpath.read_text("utf-8"))
        doc = next(iter_documents([str(folder / "raw" / gold["raw_file"])]))
        article = extract_article(doc)
        assert article.content_hash == _definition(article), gpath.name
