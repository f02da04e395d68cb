"""A synthetic corpus of any size made by perturbing real articles, written once to disk and streamed.

Document ``i`` is VNDS article ``i mod 22,644`` with half its syllables replaced by syllables drawn from
the corpus (so that the copies of one base article are distinct documents with Vietnamese statistics),
except for 10% of the documents, which are light edits of an earlier synthetic document (one sentence
dropped, 5% of the syllables changed, another title): the planted duplicates whose recall is reported.
Each document draws from its own ``random.Random(i)``, so document ``i`` is the same whatever the corpus
size. ``synthetic_article`` makes one document on demand (recursing into the document it copies);
``synthetic_corpus`` makes documents 0..N-1 in one sequential pass (the copied document is still in a
window of the last 5,000, no recursion) into a tab-separated file with a byte-offset index, so that the
systems measured stream it and ask texts back by seeking instead of generating them again.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import numpy as np

from _dedup_data import load_vnds
from baochi.model import Article

COPY_SHARE = 0.1
MUTATION = 0.5
EDIT = 0.05
WINDOW = 5000  # a planted copy copies one of the previous WINDOW documents
# in the cache file's name: change it when the definition above changes, old files are then not reused
FORMAT = "v1"


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


def _copy_of(i: int, rng: random.Random) -> int | None:
    """The earlier document that document ``i`` copies, if it is a planted copy (first draws of its rng)."""
    if i > 0 and rng.random() < COPY_SHARE:
        return rng.randrange(max(0, i - WINDOW), i)
    return None


def _make(i: int, rng: random.Random, src: list[str] | None, data: Path) -> list[str]:
    """Lines of document ``i`` given the lines of the document it copies (None: a base article)."""
    docs, vocab = _bases(data)
    if src is None:
        return _mutate(docs[i % len(docs)], MUTATION, rng, vocab)
    src = list(src)
    if len(src) > 3:
        del src[rng.randrange(len(src))]
    return _mutate(src, EDIT, rng, vocab)


def _lines(i: int, data: Path) -> tuple[list[str], int | None]:
    rng = random.Random(i)
    j = _copy_of(i, rng)
    return _make(i, rng, None if j is None else _lines(j, data)[0], data), j


def _article(i: int, lines: list[str], j: int | None) -> Article:
    return Article(
        id=f"syn{i}",
        source="synthetic",
        title=f"Tin số {i}",
        lead=lines[0] if lines else None,
        body=lines[1:],
        duplicate_of=None if j is None else str(j),
    )


def synthetic_article(i: int, data: Path, *, text: bool = True) -> Article:
    """Synthetic document number ``i``; ``duplicate_of`` names the document it copies, if any."""
    if not text:
        j = _copy_of(i, random.Random(i))
        return Article(id=f"syn{i}", source="synthetic", duplicate_of=None if j is None else str(j))
    lines, j = _lines(i, data)
    return _article(i, lines, j)


def generate(n: int, data: Path) -> Iterator[tuple[list[str], int | None]]:
    """Lines and copied document of documents 0..n-1, in order (the same as ``synthetic_article``)."""
    recent: list[list[str]] = [[] for _ in range(min(n, WINDOW))]
    for i in range(n):
        rng = random.Random(i)
        j = _copy_of(i, rng)
        # slot j % WINDOW still holds document j: the next write to it is document j + WINDOW > i
        lines = _make(i, rng, None if j is None else recent[j % WINDOW], data)
        recent[i % WINDOW] = lines
        yield lines, j


class SyntheticCorpus:
    """A corpus file written by ``synthetic_corpus``: one document a line, read in order or by number."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offsets: np.ndarray = np.load(path.with_suffix(".offsets.npy"))
        self.copies: np.ndarray = np.load(path.with_suffix(".copies.npy"))  # copied document, -1: none
        self._file = path.open("rb")

    def __len__(self) -> int:
        return len(self.copies)

    @staticmethod
    def _parse(i: int, line: bytes) -> Article:
        dup, _, rest = line.rstrip(b"\n").decode("utf-8").partition("\t")
        return _article(i, rest.split("\t") if rest else [], int(dup) if dup else None)

    def articles(self) -> Iterator[Article]:
        """Every document in order, streamed from the file."""
        with self.path.open("rb", buffering=1 << 20) as f:
            for i, line in enumerate(f):
                yield self._parse(i, line)

    def article(self, i: int) -> Article:
        """Document number ``i`` (one seek and one read)."""
        self._file.seek(int(self.offsets[i]))
        return self._parse(i, self._file.read(int(self.offsets[i + 1] - self.offsets[i])))


def synthetic_corpus(n: int, data: Path, cache_dir: Path) -> tuple[SyntheticCorpus, float]:
    """The corpus of ``n`` documents under ``cache_dir`` (written first if absent); seconds spent writing."""
    path = cache_dir / f"synthetic-{FORMAT}-{n}.tsv"
    took = 0.0
    if not path.with_suffix(".copies.npy").exists():
        t = time.perf_counter()
        cache_dir.mkdir(parents=True, exist_ok=True)
        offsets = np.zeros(n + 1, dtype=np.uint64)
        copies = np.full(n, -1, dtype=np.int32)
        tmp = path.with_suffix(".tmp")
        pos = 0
        with tmp.open("wb", buffering=1 << 20) as f:
            for i, (lines, j) in enumerate(generate(n, data)):
                # _mutate joins split() words with single spaces: no tab or newline inside a line
                row = ("" if j is None else str(j)) + "\t" + "\t".join(lines) + "\n"
                pos += f.write(row.encode("utf-8"))
                offsets[i + 1] = pos
                if j is not None:
                    copies[i] = j
        np.save(path.with_suffix(".offsets.npy"), offsets)
        os.replace(tmp, path)
        np.save(path.with_suffix(".copies.npy"), copies)  # written last: its presence marks a whole corpus
        took = time.perf_counter() - t
        _bases.cache_clear()  # ~0.4 GB of base articles and vocabulary, not needed to read the file
    return SyntheticCorpus(path), took
