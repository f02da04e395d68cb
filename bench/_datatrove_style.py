"""A faithful re-implementation of datatrove's default MinHash deduplication, the anchor of bench/dedup.py.

datatrove (``MinhashConfig`` defaults): text simplified (lower-cased, punctuation removed, diacritics
stripped, whitespace collapsed), word 5-gram shingles, 64-bit shingle hashes, 14 buckets x 8 hashes per
bucket (112 permutations), every document pair sharing one bucket is a duplicate (no verification),
clusters by union-find. The permutations use the same numpy multiply-shift code as baochi so that the
speed comparison measures the method, not the hashing library.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import xxhash

from baochi.dedup.cluster import UnionFind

BUCKETS = 14
HASHES_PER_BUCKET = 8
N_GRAMS = 5
_PUNCT = re.compile(r"[^\w\s]|_")
_FOLD = {ord("đ"): "d", ord("Đ"): "D"}


def simplify_text(text: str) -> str:
    """datatrove's ``simplify_text``: lower case, no punctuation, no diacritics, single spaces."""
    text = unicodedata.normalize("NFD", text.lower().translate(_FOLD))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_PUNCT.sub(" ", text).split())


def _perms(seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    n = BUCKETS * HASHES_PER_BUCKET
    a = rng.integers(1, 1 << 63, size=n, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = rng.integers(0, 1 << 63, size=n, dtype=np.uint64)
    return a, b


_A, _B = _perms()


def band_hashes(text: str) -> np.ndarray:
    """The 14 bucket hashes of a document (empty when it has fewer than one 5-gram)."""
    words = simplify_text(text).split()
    if len(words) < N_GRAMS:
        return np.empty(0, dtype=np.uint64)
    shingles = {" ".join(words[i : i + N_GRAMS]) for i in range(len(words) - N_GRAMS + 1)}
    h = np.fromiter((xxhash.xxh64_intdigest(s.encode()) for s in shingles), dtype=np.uint64)
    with np.errstate(over="ignore"):
        sig = (h[:, None] * _A[None, :] + _B[None, :]).min(axis=0) >> np.uint64(32)
        bands = sig.reshape(BUCKETS, HASHES_PER_BUCKET)
        key = np.arange(BUCKETS, dtype=np.uint64) + np.uint64(1)
        for r in range(HASHES_PER_BUCKET):
            key = key * np.uint64(0x9E3779B97F4A7C15) ^ bands[:, r]
    return key


class DatatroveStyle:
    """Collect bucket hashes, then cluster every pair that shares a bucket."""

    def __init__(self) -> None:
        self.keys: list[np.ndarray] = []

    def add(self, text: str) -> int:
        """Index one document; returns its number."""
        self.keys.append(band_hashes(text))
        return len(self.keys) - 1

    def index_bytes(self) -> int:
        """Memory of the signatures kept (14 x 8 bytes a document)."""
        return sum(k.nbytes for k in self.keys)

    def clusters(self) -> list[int]:
        """Cluster number of every document."""
        uf: UnionFind[int] = UnionFind()
        seen: dict[int, int] = {}
        for i, keys in enumerate(self.keys):
            uf.find(i)
            for k in keys.tolist():
                first = seen.setdefault(k, i)
                if first != i:
                    uf.union(first, i)
        return [uf.find(i) for i in range(len(self.keys))]
