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
from functools import cache
from itertools import chain

import numpy as np
import xxhash

from baochi.dedup.align import MIN_SENTENCE_SYLLABLES

_MASK64 = (1 << 64) - 1


@dataclass(frozen=True, slots=True)
class LshParams:
    """Shingles and banding of the sentence signatures (tuned on the dev pairs, see docs/dedup.md)."""

    shingle: int = 3  # syllables per shingle: trigrams, fewer chance collisions than bigrams, same recall
    bands: int = 2  # bands per sentence
    rows: int = 2  # rows per band: two minima must agree, which keeps buckets of common phrases small
    seed: int = 42


# Syllable -> 64-bit hash. Vietnamese has under ten thousand syllables in use, so this stays small; the
# cap only guards against corpora full of foreign words or garbage tokens.
_SYLLABLE_HASHES: dict[str | bytes, int] = {}
_CACHE_CAP = 1 << 20


def _syllable_hash(syllable: str | bytes) -> int:
    # the same hash for a syllable as str or as its UTF-8 bytes (the batch hashes bytes: cheaper to split)
    return xxhash.xxh64_intdigest(syllable if isinstance(syllable, bytes) else syllable.encode("utf-8"))


_MIX = np.uint64(0x9E3779B97F4A7C15)


@cache
def _band_numbers(bands: int) -> np.ndarray:
    return np.arange(bands, dtype=np.uint64)[None, :] + np.uint64(1)


@cache
def _permutations(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 1 << 63, size=n, dtype=np.uint64) * np.uint64(2) + np.uint64(1)  # odd
    b = rng.integers(0, 1 << 63, size=n, dtype=np.uint64)
    return a, b


def sentence_band_hashes(
    sentences: Sequence[Sequence[str | bytes]], params: LshParams = LshParams()
) -> np.ndarray:
    """The distinct band hashes (uint64) of a document's content sentences; empty when it has none."""
    hashes, _docs = band_hashes_of_many([sentences], params)
    return hashes


def band_hashes_of_many(
    documents: Sequence[Sequence[Sequence[str | bytes]]], params: LshParams = LshParams()
) -> tuple[np.ndarray, np.ndarray]:
    """The distinct band hashes of several documents at once, as flat arrays sorted by (document, hash):
    the hashes (uint64) and the position of their document in ``documents`` (uint32)."""
    # Many documents in one pass: numpy's cost per call, not per element, dominated one document at a
    # time (bench/dedup.py). Every syllable hashed once (cached), shingles mixed, minima per sentence.
    # (No np.errstate: array arithmetic on uint64 wraps silently.)
    votes: list[Sequence[str | bytes]] = []
    per_doc: list[int] = []
    for sentences in documents:
        before = len(votes)
        votes.extend(s for s in sentences if len(s) >= MIN_SENTENCE_SYLLABLES)
        per_doc.append(len(votes) - before)
    if not votes:
        return np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.uint32)
    lengths = np.fromiter(map(len, votes), dtype=np.int64, count=len(votes))
    total = int(lengths.sum())
    table = _SYLLABLE_HASHES
    try:  # nearly always: every syllable already seen
        h = np.fromiter(map(table.__getitem__, chain.from_iterable(votes)), dtype=np.uint64, count=total)
    except KeyError:
        flat = set(chain.from_iterable(votes))
        new = flat.difference(table)
        if len(table) + len(new) > _CACHE_CAP:
            table = {t: _syllable_hash(t) for t in flat}  # a cache full of junk: hash apart
        else:
            table.update((t, _syllable_hash(t)) for t in new)
        h = np.fromiter(map(table.__getitem__, chain.from_iterable(votes)), dtype=np.uint64, count=total)
    k = params.shingle  # votes have MIN_SENTENCE_SYLLABLES >= k syllables
    ends = np.cumsum(lengths)
    # a shingle starts at i when its k syllables lie in one sentence: the k - 1 starts before each
    # sentence end but the last are out
    valid = np.ones(total - k + 1, dtype=bool)
    valid[(ends[:-1, None] - np.arange(k - 1, 0, -1)[None, :]).ravel()] = False
    mixed = h[: total - k + 1].copy()
    for i in range(1, k):
        mixed = mixed * _MIX ^ h[i : total - k + 1 + i]
    shingles = mixed[valid]
    starts = np.zeros(len(votes), dtype=np.int64)
    np.cumsum(lengths[:-1] - k + 1, out=starts[1:])
    n = params.bands * params.rows
    a, b = _permutations(n, params.seed)
    values = shingles[:, None] * a[None, :] + b[None, :]  # (shingles, n) multiply-shift hashes
    minima = np.minimum.reduceat(values, starts, axis=0) >> np.uint64(32)  # (sentences, n)
    bands = minima.reshape(len(votes), params.bands, params.rows)
    key = _band_numbers(params.bands)
    for r in range(params.rows):
        key = key * _MIX ^ bands[:, :, r]
    keys = key.ravel()
    doc = np.repeat(np.arange(len(documents), dtype=np.uint32), np.array(per_doc) * params.bands)
    order = np.lexsort((keys, doc))
    keys, doc = keys[order], doc[order]
    keep = np.ones(len(keys), dtype=bool)
    keep[1:] = (keys[1:] != keys[:-1]) | (doc[1:] != doc[:-1])
    return keys[keep], doc[keep]
