"""Candidate pairs from the band hashes of many documents, without comparing every pair.

The hashes of all documents are kept in two flat arrays (hash, document number) -- 12 bytes a hash --
sorted once; every bucket shared by two documents votes for the pair. A pair is a candidate when it
shares ``min_shared`` buckets: one shared sentence bucket is often a stock phrase, two are rarely chance.
Buckets holding more than ``max_bucket`` documents (boilerplate, template sentences) are skipped, which
bounds the work per document whatever the corpus size.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

# A sentence bucket shared by more documents than this is boilerplate ("Ảnh minh họa", closing formulas,
# bulletin templates): real syndication of one story rarely reaches 50 copies in one corpus.
MAX_BUCKET = 50
# Shared sentence buckets a pair needs to be verified (2: measured in docs/dedup.md).
MIN_SHARED = 2


@dataclass(slots=True)
class BandTable:
    """Growing flat arrays of (band hash, document number)."""

    hashes: list[np.ndarray]
    docs: list[np.ndarray]
    count: int = 0

    @classmethod
    def empty(cls) -> BandTable:
        """A table with no document."""
        return cls(hashes=[], docs=[])

    def add(self, doc: int, hashes: np.ndarray) -> None:
        """Record the distinct band hashes of document number ``doc``."""
        if len(hashes):
            self.hashes.append(hashes.astype(np.uint64, copy=False))
            self.docs.append(np.full(len(hashes), doc, dtype=np.uint32))
            self.count += len(hashes)
        # many small arrays cost ~100 bytes each: compact them now and then
        if len(self.hashes) >= 4096:
            self._compact()

    def add_many(self, docs: np.ndarray, hashes: np.ndarray) -> None:
        """Record the distinct band hashes of several documents: flat arrays, document numbers aligned."""
        if len(hashes):
            self.hashes.append(hashes.astype(np.uint64, copy=False))
            self.docs.append(docs.astype(np.uint32, copy=False))
            self.count += len(hashes)
        if len(self.hashes) >= 4096:
            self._compact()

    def _compact(self) -> None:
        if len(self.hashes) > 1:
            self.hashes = [np.concatenate(self.hashes)]
            self.docs = [np.concatenate(self.docs)]

    def nbytes(self) -> int:
        """Memory held by the arrays."""
        return sum(h.nbytes for h in self.hashes) + sum(d.nbytes for d in self.docs)

    def candidate_pairs(
        self, min_shared: int = MIN_SHARED, max_bucket: int = MAX_BUCKET
    ) -> Iterator[tuple[int, int, int]]:
        """Pairs ``(a, b, shared)`` with ``a < b`` sharing at least ``min_shared`` buckets."""
        self._compact()
        if not self.hashes:
            return
        h, d = self.hashes[0], self.docs[0]
        # The table is cut by the top bits of the hash and each part sorted apart: sorting a whole copy
        # (hashes, documents and the sort order: ~1.1 KB a document) made the peak memory of a
        # 1,000,000-document run three times the table's size; a part is 1/PARTS of that.
        parts = max(1, min(PARTS, len(h) // PART_SIZE))
        shift = np.uint64(64 - PARTS_BITS)
        top = (h >> shift) % np.uint64(parts) if parts > 1 else None
        keys: list[np.ndarray] = []
        for part in range(parts):
            if top is None:
                ph, pd = h, d
            else:
                mask = top == np.uint64(part)
                ph, pd = h[mask], d[mask]
                del mask
            keys.extend(_bucket_pairs(ph, pd, max_bucket))
        if not keys:
            return
        uniq, counts = np.unique(np.concatenate(keys), return_counts=True)
        chosen = uniq[counts >= min_shared]
        shared = counts[counts >= min_shared]
        for key, n in zip(chosen.tolist(), shared.tolist(), strict=True):
            yield key >> 32, key & 0xFFFFFFFF, n


# Parts the band table is cut into when candidates are counted (by the top bits of the hash).
PARTS_BITS = 4
PARTS = 1 << PARTS_BITS
# Hashes per part below which the table is not cut (one sort of a small table is cheaper than masks).
PART_SIZE = 1 << 20


def _bucket_pairs(h: np.ndarray, d: np.ndarray, max_bucket: int) -> list[np.ndarray]:
    """Every pair of documents sharing a bucket of (hash, document) arrays, as ``a << 32 | b`` keys."""
    if not len(h):
        return []
    order = np.argsort(h, kind="stable")
    h, d = h[order], d[order]
    del order
    starts = np.flatnonzero(np.concatenate(([True], h[1:] != h[:-1])))
    sizes = np.diff(np.append(starts, len(h)))
    keys = []
    # all buckets of one size at once: a (buckets, size) matrix of documents, every column pair of it
    for size in range(2, max_bucket + 1):
        first = starts[sizes == size]
        if not len(first):
            continue
        members = np.sort(d[first[:, None] + np.arange(size)[None, :]], axis=1).astype(np.uint64)
        i, j = np.triu_indices(size, k=1)
        pair = (members[:, i] << np.uint64(32)) | members[:, j]
        # a document can sit twice in a bucket only if it repeats a hash: add() gets distinct ones
        keys.append(pair.ravel())
    return keys
