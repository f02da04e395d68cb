"""The benchmark's synthetic corpus: the file written once equals the documents made on demand."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.shared_data
def test_synthetic_corpus_file_equals_on_demand_documents(shared_data: Path, tmp_path: Path) -> None:
    """Past the 5,000-document copy window, so the sequential pass's ring of recent documents wraps."""
    sys.path.insert(0, str(ROOT / "bench"))
    from _synthetic import WINDOW, synthetic_article, synthetic_corpus

    n = WINDOW + 1500
    corpus, took = synthetic_corpus(n, shared_data, tmp_path)
    assert took > 0 and len(corpus) == n
    again, took_again = synthetic_corpus(n, shared_data, tmp_path)
    assert took_again == 0.0 and len(again) == n
    copies = [i for i in range(n) if corpus.copies[i] >= 0]
    assert 0.08 < len(copies) / n < 0.12
    # every planted copy past the window, and a sample of the rest, read both ways
    check = {i for i in copies if i > WINDOW} | set(range(0, n, 97))
    streamed = 0
    for i, a in enumerate(corpus.articles()):
        streamed += 1
        if i in check:
            want = synthetic_article(i, shared_data)
            assert a == want == corpus.article(i), i
            assert synthetic_article(i, shared_data, text=False).duplicate_of == want.duplicate_of
    assert streamed == n
    late = [i for i in copies if i > WINDOW]
    assert late and all(corpus.article(i).duplicate_of == str(corpus.copies[i]) for i in late)
