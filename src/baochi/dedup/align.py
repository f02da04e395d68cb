"""Verification of a candidate pair: how much of the shorter text is found, lightly edited, in the longer.

This follows the labelling rule of syndication: one text is a copy or a light edit of the other when most
sentences of the shorter one have a counterpart in the longer one, in roughly the same order. For each
content sentence of the shorter text, the few sentences of the longer text sharing the most of its
syllable bigrams are looked up (a cheap index), and the best of them -- alone or joined with a neighbour,
since sentence splits and merges are common edits -- is scored by a character-level edit similarity
(``rapidfuzz``'s normalised Indel similarity, the ``fuzz.ratio`` of the labelling views). That similarity
is graded, not cut at one value: a verbatim or lightly edited sentence (≥ ``full``) counts fully, a
heavily re-worded one (≤ ``none``) not at all, and a moderate edit in between counts in part. A text
whose every sentence is a moderate re-wording of the other (two outlets re-writing one press release) thus
scores lower than one that copies most sentences near verbatim -- the distinction a single
bigram-share cut could not draw (docs/dedup.md). Order counts too: matched sentences out of order (a
digest, a recap, a moved block) are worth ``reorder_credit``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from heapq import nsmallest
from itertools import chain, pairwise, repeat

from rapidfuzz.distance import Indel

Sentence = Sequence[str]

# Sentences shorter than this (in syllables) are bylines, credits, "Ảnh: ..." lines or list fragments:
# they do not vote, unless a text has nothing longer.
MIN_SENTENCE_SYLLABLES = 5


@dataclass(frozen=True, slots=True)
class AlignParams:
    """Knobs of the sentence alignment (tuned on the dev pairs, see docs/dedup.md)."""

    # edit similarity of a sentence and its counterpart at or below which it does not count at all ...
    none: float = 0.55
    # ... and at or above which it counts fully (linear in between)
    full: float = 0.9
    # what a matched sentence out of order is worth (a moved quote or profile block is still a copy; a
    # digest stitched from scattered sentences less so)
    reorder_credit: float = 0.8
    # sentences of the longer text (those sharing the most bigrams) a sentence is compared with
    candidates: int = 3


def bigrams(tokens: Sentence) -> set[tuple[str, ...]]:
    """The syllable bigrams of a sentence (its single syllable when it has only one)."""
    if len(tokens) < 2:
        return {tuple(tokens)}
    return set(pairwise(tokens))


def _content(sentences: Sequence[Sentence]) -> list[Sentence]:
    long_enough = [s for s in sentences if len(s) >= MIN_SENTENCE_SYLLABLES]
    return long_enough or [s for s in sentences if s]


def _longest_nondecreasing(seq: list[int]) -> int:
    tails: list[int] = []
    for x in seq:
        i = bisect_right(tails, x)
        if i == len(tails):
            tails.append(x)
        else:
            tails[i] = x
    return len(tails)


def size(sentences: Sequence[Sentence]) -> int:
    """Syllables of a text (the measure of which text is the shorter)."""
    return sum(map(len, sentences))


def counterparts(
    short: Sequence[Sentence], long: Sequence[Sentence], params: AlignParams = AlignParams()
) -> list[tuple[float, int]]:
    """For each content sentence of ``short``: the best edit similarity in ``long`` and where (-1: none).

    The counterpart is one sentence of ``long`` or two adjacent ones joined (the position is the first).
    """
    votes = _content(short)
    if not votes or not long:
        return [(0.0, -1)] * len(votes)
    grams_of = [bigrams(sent) for sent in votes]
    wanted: set[tuple[str, ...]] = set().union(*grams_of)
    # bigram -> the sentences of ``long`` holding it; only the short text's bigrams are indexed
    where: defaultdict[tuple[str, ...], list[int]] = defaultdict(list)
    for j, sent in enumerate(long):
        for g in bigrams(sent) & wanted:
            where[g].append(j)
    joined = [" ".join(sent) for sent in long]
    verbatim: dict[str, list[int]] = {}
    for j, other in enumerate(joined):
        verbatim.setdefault(other, []).append(j)
    empty: list[int] = []
    out: list[tuple[float, int]] = []
    last = 0
    for grams, sent in zip(grams_of, votes, strict=True):
        hits = Counter(chain.from_iterable(map(where.get, grams, repeat(empty))))
        if not hits:
            out.append((0.0, -1))
            continue
        text = " ".join(sent)
        spots = verbatim.get(text)
        if spots:  # a verbatim copy (the common case): no edit distance needed
            at = next((j for j in spots if j >= last), spots[0])
            last = at
            out.append((1.0, at))
            continue
        best, at = 0.0, -1
        # among equally good counterparts the first one at or after the previous match, so that repeated
        # sentences keep their order
        rank = (0.0, False, 0)
        # the sentences sharing most bigrams, the earliest among equals (most_common would keep the order
        # of a set iteration, which changes with the hash seed: results must not change between runs)
        for j in nsmallest(params.candidates, hits, key=lambda k: (-hits[k], k)):
            for start, other in (
                (j, joined[j]),
                (j, f"{joined[j]} {joined[j + 1]}" if j + 1 < len(joined) else ""),
                (j - 1, f"{joined[j - 1]} {joined[j]}" if j else ""),
            ):
                if other:
                    sim = Indel.normalized_similarity(text, other, score_cutoff=best)
                    candidate = (sim, start >= last, -start)
                    if sim and candidate > rank:
                        rank, best, at = candidate, sim, start
        if at >= 0 and best > params.none:
            last = at
        out.append((best, at))
    return out


def graded_share(found: Sequence[tuple[float, int]], params: AlignParams = AlignParams()) -> float:
    """Share of the sentences found (credits graded by edit similarity, out-of-order ones discounted)."""
    if not found:
        return 0.0
    span = params.full - params.none
    credits = [min(1.0, max(0.0, (sim - params.none) / span)) for sim, _ in found]
    total = sum(credits)
    matched = [at for (_, at), credit in zip(found, credits, strict=True) if credit > 0]
    if matched:
        in_order = _longest_nondecreasing(matched) / len(matched)
        total *= in_order + params.reorder_credit * (1 - in_order)
    return total / len(found)


def aligned_share(
    short: Sequence[Sentence], long: Sequence[Sentence], params: AlignParams = AlignParams()
) -> float:
    """Share of ``short``'s content sentences found, lightly edited and in order, in ``long`` (0-1)."""
    return graded_share(counterparts(short, long, params), params)


def similarity(a: Sequence[Sentence], b: Sequence[Sentence], params: AlignParams = AlignParams()) -> float:
    """Aligned share of the shorter of two texts (in syllables) within the longer; symmetric."""
    if size(a) <= size(b):
        return aligned_share(a, b, params)
    return aligned_share(b, a, params)
