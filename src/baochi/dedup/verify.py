"""The duplicate decision for a candidate pair: a logistic model over alignment features.

One number cannot separate an edited copy from two outlets re-writing one press release: the labelled
pairs (docs/dedup.md) show copies with a few near-verbatim sentences among re-worded ones, and rewrites
whose every sentence is a moderate edit. So the sentence alignment of ``align.counterparts`` is summed up
in a few features -- the graded aligned share, the shares of sentences found at several edit
similarities (each also counted in order), the mean similarity, the syllable 5-gram containment of the
shorter text, its size in sentences and the length ratio -- and a logistic model, fitted on the dev pairs
only (``bench/train_dedup_verifier.py``; the held-out third is never seen), turns them into the
probability that the pair is the same article. Its weights are data: ``dedup/data/verifier.json``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import pairwise

from baochi.dedup.align import (
    AlignParams,
    Sentence,
    _longest_nondecreasing,
    counterparts,
    graded_share,
    size,
)
from baochi.dedup.text import names_of

# edit similarities at which the share of found sentences is counted
LEVELS = (0.6, 0.7, 0.8, 0.9)

DEFAULT_ALIGN = AlignParams()

FEATURES = (
    "aligned_share",
    *(f"{kind}_{level}" for level in LEVELS for kind in ("found", "in_order")),
    "mean_similarity",
    "log_sentences",
    "length_ratio",
    "containment5",
    "names_found",
)


# names_found when the shorter text has no proper name (19 of the 2,544 dev pairs; a corpus written without
# capitals): about the mean of the not-duplicate pairs (0.46; duplicates 0.83), so that such texts lose the
# feature's help but are not pushed either way
NO_NAMES = 0.5

# Share of the shorter text's syllable bigrams found in the longer one under which a pair is not aligned
# at all (probability 0): on the labelled pairs every duplicate has at least 0.48 and no pair under 0.3
# reaches a probability of 0.06, while three quarters of the candidate pairs of a corpus fall under it
# (bench/dedup.py: the verification was half of the run time).
PREFILTER = 0.3


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the verification says of a pair: duplicate probability and aligned share (the shown figure)."""

    probability: float
    similarity: float


def _fivegrams(sentences: Sequence[Sentence]) -> set[tuple[str, ...]]:
    tokens = [t for s in sentences for t in s]
    # zip of shifted lists: a third of the time of slicing at every position (bench/dedup.py)
    return set(zip(tokens, tokens[1:], tokens[2:], tokens[3:], tokens[4:], strict=False))


def names_found(short: Sequence[Sentence], long: Sequence[Sentence]) -> float:
    """Share of the shorter text's proper names (``text.proper_names``) that the longer one has too;
    ``NO_NAMES`` when the shorter has none (plain lists of sentences, texts written without capitals)."""
    mine = names_of(short)
    if not mine:
        return NO_NAMES
    return len(mine & names_of(long)) / len(mine)


def features(
    short: Sequence[Sentence], long: Sequence[Sentence], params: AlignParams = DEFAULT_ALIGN
) -> list[float]:
    """The model's features of a pair, ``short`` being the shorter text (in syllables); see FEATURES."""
    found = counterparts(short, long, params)
    n = len(found) or 1
    out = [graded_share(found, params)]
    for level in LEVELS:
        at = [j for sim, j in found if sim >= level]
        out.append(len(at) / n)
        out.append(_longest_nondecreasing(at) / n)
    out.append(sum(sim for sim, _ in found) / n)
    out.append(math.log(n))
    out.append(size(short) / max(1, size(long)))
    a, b = _fivegrams(short), _fivegrams(long)
    out.append(len(a & b) / max(1, min(len(a), len(b))))
    out.append(names_found(short, long))
    return out


@dataclass(frozen=True, slots=True)
class Model:
    """Weights of the logistic model, in the order of FEATURES."""

    weights: tuple[float, ...]
    bias: float

    def probability(self, values: Sequence[float]) -> float:
        """The probability of a duplicate for these feature values."""
        z = self.bias + sum(w * x for w, x in zip(self.weights, values, strict=True))
        return 1.0 / (1.0 + math.exp(-z)) if z > -500 else 0.0


@cache
def model() -> Model:
    """The shipped model (``dedup/data/verifier.json``), checked against FEATURES."""
    data = json.loads(files("baochi.dedup").joinpath("data/verifier.json").read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError("dedup/data/verifier.json was fitted on other features: refit it")
    return Model(tuple(float(w) for w in data["weights"]), float(data["bias"]))


def bigram_containment(short: Sequence[Sentence], long: Sequence[Sentence]) -> float:
    """Share of the distinct syllable bigrams of ``short`` that ``long`` has too."""
    mine = set().union(*map(pairwise, short))
    if not mine:
        return 0.0
    return len(mine & set().union(*map(pairwise, long))) / len(mine)


def pair_features(
    a: Sequence[Sentence], b: Sequence[Sentence], params: AlignParams = DEFAULT_ALIGN
) -> list[float] | None:
    """The model's features of two texts (the shorter aligned), or None when the pair falls under the
    ``PREFILTER`` bigram containment and is not aligned."""
    short, long = (a, b) if size(a) <= size(b) else (b, a)
    if bigram_containment(short, long) < PREFILTER and any(short):
        return None
    return features(short, long, params)


def verify(a: Sequence[Sentence], b: Sequence[Sentence], params: AlignParams = DEFAULT_ALIGN) -> Verdict:
    """Duplicate probability and aligned share of two texts (symmetric: the shorter is aligned).

    Pairs under the ``PREFILTER`` bigram containment are not aligned: probability and share 0.
    """
    values = pair_features(a, b, params)
    if values is None:
        return Verdict(0.0, 0.0)
    return Verdict(model().probability(values), values[0])
