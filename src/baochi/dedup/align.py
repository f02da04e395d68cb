"""Verification of a candidate pair: the share of the shorter text's sentences found, in order, in the longer.

This follows the labelling rule of syndication (one text is a copy or a light edit of the other when most
sentences of the shorter one have a counterpart in the longer one, in roughly the same order). A sentence
has a counterpart when most of its syllable bigrams occur in one sentence of the longer text or in two
adjacent ones (sentence splits and merges are common edits). Order is enforced by a longest
non-decreasing subsequence of the matched positions: shared sentences in another order (a digest, a
recap, a moved block) count for less (``reorder_credit``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, pairwise, repeat

Sentence = Sequence[str]

# Sentences shorter than this (in syllables) are bylines, credits, "Ảnh: ..." lines or list fragments:
# they do not vote, unless a text has nothing longer.
MIN_SENTENCE_SYLLABLES = 5


@dataclass(frozen=True, slots=True)
class AlignParams:
    """Thresholds of the sentence alignment (tuned on the dev pairs, see docs/dedup.md)."""

    # share of a sentence's bigrams found in its counterpart for it to count as a light/moderate edit
    sentence_match: float = 0.6
    # what a matched sentence out of order is worth (a moved quote or profile block is still a copy; a
    # digest stitched from scattered sentences less so): dev pairs, all-pairs F1 0.747 -> 0.762 at 0.8
    reorder_credit: float = 0.8


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


def aligned_share(
    short: Sequence[Sentence], long: Sequence[Sentence], params: AlignParams = AlignParams()
) -> float:
    """Share of ``short``'s content sentences with a counterpart in ``long``, counted in order."""
    votes = _content(short)
    if not votes or not long:
        return 0.0
    grams_of = [bigrams(sent) for sent in votes]
    wanted: set[tuple[str, ...]] = set().union(*grams_of)
    # bigram -> the positions k where it occurs in sentence k or k + 1 (a match may span a split); only
    # the short text's bigrams are looked up, so only they are indexed (a C-level set intersection)
    where: defaultdict[tuple[str, ...], set[int]] = defaultdict(set)
    for j, sent in enumerate(long):
        for g in bigrams(sent) & wanted:
            spots = where[g]
            spots.add(j)
            if j:
                spots.add(j - 1)
    matched: list[int] = []
    empty: set[int] = set()
    for grams in grams_of:
        hits = Counter(chain.from_iterable(map(where.get, grams, repeat(empty))))
        if not hits:
            continue
        # best single sentence, or best pair of adjacent sentences (a split or merge); among equals the
        # first one after the previous match, so that repeated sentences keep their order
        scores = hits
        best = max(scores.values())
        if best < params.sentence_match * len(grams):
            continue
        ties = sorted(j for j, v in scores.items() if v == best)
        last = matched[-1] if matched else 0
        matched.append(next((j for j in ties if j >= last), ties[0]))
    in_order = _longest_nondecreasing(matched)
    return max(in_order, params.reorder_credit * len(matched)) / len(votes)


def similarity(a: Sequence[Sentence], b: Sequence[Sentence], params: AlignParams = AlignParams()) -> float:
    """Aligned share of the shorter of two texts (in syllables) within the longer; symmetric."""
    if size(a) <= size(b):
        return aligned_share(a, b, params)
    return aligned_share(b, a, params)
