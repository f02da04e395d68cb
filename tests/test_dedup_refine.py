"""The refinement's pair weights, and the cross-validation bench's model injection (bench/dedup_cv.py)."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest

from baochi.dedup.batch import BatchDeduplicator, DedupParams
from baochi.dedup.text import article_text, sentence_syllables
from baochi.model import Article
from test_dedup import fixture_articles

ROOT = Path(__file__).resolve().parents[1]


def _clusters(verdicts: dict[tuple[str, str], float], params: DedupParams) -> dict[str, str]:
    """Cluster three records A, B, C whose verdicts are given (every pair a candidate)."""
    ids = ["A", "B", "C"]
    known = {k: (v, v) for k, v in verdicts.items()}
    dd = BatchDeduplicator(params, known=known, bands=False)
    for i in ids:
        dd.add(Article(id=i, source="t", body=[f"Văn bản {i} có đủ năm âm tiết."]))
    out = dd.resolve(lambda n: [], [(0, 1), (0, 2), (1, 2)])
    return {i: a.cluster_id for i, a in zip(ids, out, strict=True)}


@pytest.mark.parametrize("weight", ["margin", "log-odds"])
def test_a_brief_copying_two_different_stories_stays_with_one(weight: str) -> None:
    # C copies both A and B, which are clearly different stories
    p = replace(DedupParams(), refine_weight=weight)
    got = _clusters({("A", "C"): 0.95, ("B", "C"): 0.9, ("A", "B"): 0.0}, p)
    assert got["A"] == got["C"] != got["B"]


def test_log_odds_weights_let_a_confident_negative_outweigh_a_strong_positive() -> None:
    # with the penalty at 1, B joins {A, C} when pairs are weighed by probability - threshold
    # (0.55 + -0.39 > 0), not when weighed by log odds (a 0.01 pair is as sure as a 0.99 one)
    verdicts = {("A", "C"): 0.95, ("B", "C"): 0.95, ("A", "B"): 0.01}
    margin = _clusters(verdicts, replace(DedupParams(), refine_penalty=1.0, refine_weight="margin"))
    assert len(set(margin.values())) == 1
    odds = _clusters(verdicts, replace(DedupParams(), refine_penalty=1.0, refine_weight="log-odds"))
    assert odds["A"] == odds["C"] != odds["B"]
    # a borderline negative does not hold a record back under either weight
    soft = {("A", "C"): 0.95, ("B", "C"): 0.95, ("A", "B"): 0.3}
    for weight in ("margin", "log-odds"):
        got = _clusters(soft, replace(DedupParams(), refine_penalty=1.0, refine_weight=weight))
        assert len(set(got.values())) == 1, weight


def test_cross_validation_bench_clusters_as_the_shipped_code_does() -> None:
    """bench/dedup_cv.py applies a model to cached features through ``known``: with the shipped model it
    must give exactly what ``BatchDeduplicator`` gives (on the hand-made stories)."""
    sys.path.insert(0, str(ROOT / "bench"))
    from baochi.dedup.verify import model
    from dedup_cv import Corpus, cluster

    articles = [a for _, a in fixture_articles()]
    sents = [sentence_syllables(article_text(a)) for a in articles]
    dd = BatchDeduplicator()
    for a, s in zip(articles, sents, strict=True):
        dd.add(a, s)
    expected = {a.id: r.cluster_id for a, r in zip(articles, dd.resolve(lambda i: sents[i]), strict=True)}
    assert len(set(expected.values())) < len(expected)  # the fixtures hold copies
    assert cluster(Corpus(articles), model(), DedupParams()) == expected
