"""A synthetic corpus of any size made by perturbing real articles, generated on demand by document number.

Document ``i`` is VNDS article ``i mod 22,644`` with half its syllables replaced by syllables drawn from
the corpus (so that the copies of one base article are distinct documents with Vietnamese statistics),
except for 10% of the documents, which are light edits of an earlier synthetic document (one sentence
dropped, 5% of the syllables changed, another title): the planted duplicates whose recall is reported.
Generation is deterministic, so the benchmark can ask a text back instead of storing it.
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

from _dedup_data import load_vnds
from baochi.model import Article

COPY_SHARE = 0.1
MUTATION = 0.5
EDIT = 0.05


@cache
def _bases(data: Path) -> tuple[list[list[str]], list[str]]:
    docs, vocab = [], []
    for a in load_vnds(data):
        lines = ([a.lead] if a.lead else []) + a.body
        docs.append(lines)
        if len(vocab) < 2_000_000:
            vocab.extend(w for ln in lines for w in ln.split() if w.isalpha())
    return docs, vocab


def _mutate(lines: list[str], rate: float, rng: random.Random, vocab: list[str]) -> list[str]:
    out = []
    for ln in lines:
        words = ln.split()
        out.append(" ".join(rng.choice(vocab) if rng.random() < rate else w for w in words))
    return out


def _lines(i: int, data: Path) -> tuple[list[str], int | None]:
    docs, vocab = _bases(data)
    rng = random.Random(i)
    if i > 0 and rng.random() < COPY_SHARE:
        j = rng.randrange(max(0, i - 5000), i)
        src, _ = _lines(j, data)
        if len(src) > 3:
            del src[rng.randrange(len(src))]
        return _mutate(src, EDIT, rng, vocab), j
    return _mutate(docs[i % len(docs)], MUTATION, rng, vocab), None


def synthetic_article(i: int, data: Path, *, text: bool = True) -> Article:
    """Synthetic document number ``i``; ``duplicate_of`` names the document it copies, if any."""
    if not text:
        rng = random.Random(i)
        copy = i > 0 and rng.random() < COPY_SHARE
        j = rng.randrange(max(0, i - 5000), i) if copy else None
        return Article(id=f"syn{i}", source="synthetic", duplicate_of=None if j is None else str(j))
    lines, j = _lines(i, data)
    return Article(
        id=f"syn{i}",
        source="synthetic",
        title=f"Tin số {i}",
        lead=lines[0] if lines else None,
        body=lines[1:],
        duplicate_of=None if j is None else str(j),
    )
