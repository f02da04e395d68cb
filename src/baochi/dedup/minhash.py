"""Candidate generation: MinHash with LSH banding over the syllable shingles of each sentence.

Syndicated news is edited, not byte-copied, and a brief is often a few sentences of a long article, so a
MinHash of the whole text (Jaccard of two documents) misses most copies. Here every content sentence gets
its own small MinHash signature, cut into bands; two documents become candidates when one of their
sentences falls in the same bucket as one of the other's: containment-aware, robust to edits elsewhere,
and linear in the corpus (buckets of boilerplate sentences seen in very many documents are skipped).

The hashing is vectorised with numpy over all shingles of a document at once (the measurement against
``rensa`` and ``datasketch`` is in docs/dedup.md): syllables are hashed once (cached), shingles are mixed
from their syllables' hashes and the permutations are multiply-shift hashes on 64 bits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import numpy as np
import xxhash

from baochi.dedup.align import MIN_SENTENCE_SYLLABLES

_MASK64 = (1 << 64) - 1


@dataclass(frozen=True, slots=True)
class LshParams:
    """Shingles and banding of the sentence signatures (tuned on the dev pairs, see docs/dedup.md)."""

    shingle: int = 2  # syllables per shingle: bigrams survive word swaps and small insertions
    bands: int = 2  # bands per sentence
    rows: int = 2  # rows per band: two minima must agree, which keeps buckets of common phrases small
    seed: int = 42


@lru_cache(maxsize=1 << 20)
def _syllable_hash(syllable: str) -> int:
    return xxhash.xxh64_intdigest(syllable.encode("utf-8"))


@cache
def _permutations(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 1 << 63, size=n, dtype=np.uint64) * np.uint64(2) + np.uint64(1)  # odd
    b = rng.integers(0, 1 << 63, size=n, dtype=np.uint64)
    return a, b


def _shingle_hashes(tokens: Sequence[str], k: int) -> np.ndarray:
    h = np.fromiter((_syllable_hash(t) for t in tokens), dtype=np.uint64, count=len(tokens))
    if len(h) < k:
        return h[:1] if len(h) else h
    out = h[: len(h) - k + 1].copy()
    mult = np.uint64(0x9E3779B97F4A7C15)
    for i in range(1, k):
        out = out * mult ^ h[i : len(h) - k + 1 + i]
    return out


def sentence_band_hashes(sentences: Sequence[Sequence[str]], params: LshParams = LshParams()) -> np.ndarray:
    """The distinct band hashes (uint64) of a document's content sentences; empty when it has none."""
    votes = [s for s in sentences if len(s) >= MIN_SENTENCE_SYLLABLES]
    if not votes:
        return np.empty(0, dtype=np.uint64)
    parts = [_shingle_hashes(s, params.shingle) for s in votes]
    lengths = np.array([len(p) for p in parts])
    shingles = np.concatenate(parts)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    n = params.bands * params.rows
    a, b = _permutations(n, params.seed)
    with np.errstate(over="ignore"):
        values = shingles[:, None] * a[None, :] + b[None, :]  # (shingles, n) multiply-shift hashes
    minima = np.minimum.reduceat(values, starts, axis=0) >> np.uint64(32)  # (sentences, n)
    bands = minima.reshape(len(votes), params.bands, params.rows)
    mult = np.uint64(0x9E3779B97F4A7C15)
    with np.errstate(over="ignore"):
        key = np.arange(params.bands, dtype=np.uint64)[None, :] + np.uint64(1)
        for r in range(params.rows):
            key = key * mult ^ bands[:, :, r]
    return np.unique(key.ravel())
