"""A re-implementation of datatrove 0.10.1's default MinHash deduplication, the anchor of bench/dedup.py.

datatrove itself does not install cleanly into the bench extra (its dedup package imports ``regex`` and
``tokenizers``, and its Vietnamese word tokenizer needs spaCy and pyvi), so its signature code path is
followed step by step: ``simplify_text`` with the default ``TextNormConfig`` (lower case, numbers -> 0,
its punctuation table -> spaces, whitespace collapsed, NFD with combining marks dropped: diacritics
stripped, ``đ`` kept), word 5-grams (syllables here: pyvi's word segmentation would only make it slower),
``xxh64`` of each 5-gram joined by spaces, 112 permutations ``(h * a + b) mod (2^61 - 1)`` drawn with
``np.random.RandomState(1)``, 14 buckets x 8 hashes; every pair sharing one bucket signature is a
duplicate (no verification), clusters by union-find.
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
_MERSENNE = np.uint64((1 << 61) - 1)
_NUMBERS = re.compile(r"\d+([.,،٫⎖⎗⎘]\d+)?")
_WHITESPACE = re.compile(r"\s+")
_PUNCTUATION = (
    "!/—”:％１〈&(、━\\【#%「」，】；+^]~“《„';’{|∶´[=-`*．（–？！：$～«〉,><》)?）。…@_.\"}►»"
    + "".join(map(chr, (x for a, b in ((0, 9), (11, 13), (13, 32), (127, 160)) for x in range(a, b))))
)
_PUNCT_TRANS = str.maketrans(_PUNCTUATION, " " * len(_PUNCTUATION))


def simplify_text(text: str) -> str:
    """datatrove's ``simplify_text`` with its default configuration."""
    text = _NUMBERS.sub("0", text.lower())
    text = _WHITESPACE.sub(" ", text.translate(_PUNCT_TRANS).strip())
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return text.strip()


def _perms(seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    gen = np.random.RandomState(seed)
    n = BUCKETS * HASHES_PER_BUCKET
    a = gen.randint(1, _MERSENNE, dtype=np.uint64, size=(1, n))
    b = gen.randint(0, _MERSENNE, dtype=np.uint64, size=(1, n))
    return a, b


_A, _B = _perms()


def band_hashes(text: str) -> np.ndarray:
    """The 14 bucket hashes of a document (empty when it has fewer than one 5-gram)."""
    words = simplify_text(text).split()
    if len(words) < N_GRAMS:
        return np.empty(0, dtype=np.uint64)
    grams = (" ".join(words[i : i + N_GRAMS]) for i in range(len(words) - N_GRAMS + 1))
    h = np.fromiter((xxhash.xxh64_intdigest(g.encode("utf-8")) for g in grams), dtype=np.uint64).reshape(
        (-1, 1)
    )
    with np.errstate(over="ignore"):
        sig = ((h * _A + _B) % _MERSENNE).min(axis=0)
        bands = sig.reshape(BUCKETS, HASHES_PER_BUCKET)
        # one key per bucket signature (datatrove compares the 8 hashes of a bucket for equality)
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
