"""Spelling flags with suggestions (never corrections): ``đại biếu`` -> ``đại biểu``.

The text is cut into syllables and segmented by longest match against the lexicon (``lexicon.py``).
Two kinds of slips are looked for, both by trying tone and letter variants ranked by frequency:

- a syllable that exists in no word (``nhhà``, ``vieejt``, ``nguoi``): its variants that are syllables,
  preferring one that makes a lexicon word with a neighbour;
- two neighbouring syllables that make no word while a variant of one of them makes a frequent word
  (``đăng kỳ`` -> ``đăng ký``): both syllables exist, so only the word level shows the slip.

Names (capitalised syllables inside a sentence), acronyms and foreign-looking tokens are left alone.
Flags are ``{start, end, text, suggestion}`` with offsets into the text checked.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Any

from baochi.lang.lexicon import (
    bare,
    bare_index,
    pair_frequencies,
    syllable_frequencies,
    well_formed,
    word_frequencies,
)
from baochi.lang.syllables import Syllables
from baochi.lang.tones import put_tone, split_tone
from baochi.lang.variants import non_word_variants, real_word_variants, telex_decode
from baochi.lang.words import backend

# A variant of an existing syllable is only suggested when it goes with a neighbour this often (as a
# lexicon word plus as a pair in the corpus). Tuned on injected errors in 150 dev articles (baomoi,
# the first 150): 8 -> P 0.86 / R 0.79, 25 -> P 0.92 / R 0.74, 60 -> P 0.95 / R 0.70; bench/lang.py
# judges it on other articles.
MIN_PAIR_FREQUENCY = 25
# The same for a syllable written without any mark (chon, ngay): in Vietnamese text that is already a
# sign of lost marks, so a less frequent context is enough (dev: 25 -> P 0.922 / R 0.735, 12 -> 0.922 /
# 0.761, 6 -> 0.911 / 0.774, 3 -> 0.886 / 0.792).
MIN_BARE_PAIR_FREQUENCY = 12
# A variant of an existing syllable must also be what the neighbour goes with in this share of all its
# two-syllable contexts (see _real_word_choice). Judged flags on 100 dev articles: every real error has
# >= 0.25, 14 of 15 false alarms <= 0.16.
MIN_NEIGHBOUR_SHARE = 0.1
MIN_BARE_NEIGHBOUR_SHARE = 0.02
# A common syllable is seldom a slip: the variant's share of the neighbour's contexts times its own
# frequency must reach this much of the original's frequency (a noisy-channel prior). Chosen on the
# judged dev flags (bench/spelling_judged.py, dev and dev-b): thì -> thị, tại -> tài go, hôm này stays.
MIN_EVIDENCE = 0.1
MIN_UNKNOWN_SHARE = 0.0
# A lone unknown syllable is only flagged when its best variant is a common syllable.
MIN_SYLLABLE_FREQUENCY = 20
# A token with no mark at all, restored to a marked syllable, needs a neighbour seen with it this often
# (dev sweep: 1 -> P 0.922 / R 0.735, 12 -> P 0.919 / R 0.703: the neighbour itself is the evidence).
MIN_BARE_CONTEXT = 1
_YI = {"i": "y", "y": "i"}
_VOWEL = re.compile("[aăâeêioôơuưy]")


@cache
def _known_words() -> frozenset[str]:
    """Lexicon words, each also with a final ``i``/``y`` swapped: ``kì``/``kỳ``, ``lí``/``lý`` are both
    accepted spellings of one syllable."""
    out = set(word_frequencies())
    for word in word_frequencies():
        last = word[-1]
        if last in _YI:
            out.add(word[:-1] + _YI[last])
    return frozenset(out)


@cache
def _word_prefixes() -> frozenset[str]:
    """Every run of two or more leading syllables of a known word (the longest match stops outside)."""
    out = set()
    for word in _known_words():
        parts = word.split(" ")
        for m in range(2, len(parts) + 1):
            out.add(" ".join(parts[:m]))
    return frozenset(out)


@cache
def _vouched_pairs() -> frozenset[str]:
    """Two-syllable keys a neighbour vouches with: a known word or a pair seen in the corpus."""
    return _known_words() | {pair for pair, f in pair_frequencies().items() if f}


def _known_word(key: str) -> bool:
    return key in _known_words()


def _frequency(key: str) -> int:
    return word_frequencies().get(key, 0)


def _context(key: str) -> int:
    """How often two syllables go together: as a lexicon word or as a pair seen in the corpus."""
    return word_frequencies().get(key, 0) + pair_frequencies().get(key, 0)


@cache
def _two_syllable_counts() -> dict[str, int]:
    """Two-syllable key -> how often the two go together (as a lexicon word plus as a corpus pair)."""
    combined: dict[str, int] = {}
    for table in (word_frequencies(), pair_frequencies()):
        for key, f in table.items():
            if key.count(" ") == 1:
                combined[key] = combined.get(key, 0) + f
    return combined


@cache
def _neighbour_totals() -> tuple[dict[str, int], dict[str, int]]:
    """Syllable -> the summed counts of the two-syllable contexts it opens, and of those it closes."""
    opens: dict[str, int] = {}
    closes: dict[str, int] = {}
    for key, f in _two_syllable_counts().items():
        a, b = key.split(" ")
        opens[a] = opens.get(a, 0) + f
        closes[b] = closes.get(b, 0) + f
    return opens, closes


@cache
def _pair_index(
    min_frequency: int,
) -> tuple[dict[tuple[str, str], list[tuple[str, int]]], dict[tuple[str, str], list[tuple[str, int]]]]:
    """Frequent two-syllable contexts by one syllable bare: ``(bare first, second)`` -> [(first, f)] and
    ``(first, bare second)`` -> [(second, f)], so a slip's corrections are one lookup away."""
    combined = _two_syllable_counts()
    right: dict[tuple[str, str], list[tuple[str, int]]] = {}
    left: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for key, f in combined.items():
        if f >= min_frequency:
            a, b = key.split(" ")
            right.setdefault((bare(a), b), []).append((a, f))
            left.setdefault((a, bare(b)), []).append((b, f))
    return right, left


def _with_case(original: str, suggestion: str) -> str:
    return suggestion[0].upper() + suggestion[1:] if original[:1].isupper() else suggestion


def _suspects(syls: Syllables, in_word: bytearray) -> list[int]:
    """Longest-match segmentation, keeping only the one-syllable words worth a closer look: not names,
    and unknown or with no neighbour vouching for them (a lexicon word or a pair seen in the corpus).
    Words never cross a non-space gap. One loop, one or two set lookups per syllable. The syllables
    of longer words are marked in ``in_word`` (``n`` bytes)."""
    keys, links, skip, n = syls.keys, syls.links, syls.skip, syls.n
    known, prefixes, vouched = _known_words(), _word_prefixes(), _vouched_pairs()
    sylfreq = syllable_frequencies()
    out = []
    after = 0  # the first syllable after the last word found
    for i in range(n):
        if i < after:
            continue
        key = links[i]
        if key in prefixes:  # most syllables start no longer word: one lookup
            best = j = i + 2
            if key not in known:
                best = i + 1
            while j < n and j - i < 5 and links[j - 1]:
                key += " " + keys[j]
                j += 1
                if key not in prefixes:
                    break  # no longer word starts this way
                if key in known:
                    best = j
            if best > i + 1:
                in_word[i:best] = b"\x01" * (best - i)
                after = best
                continue
        if skip[i]:
            continue
        if (
            (i and links[i - 1] in vouched and not skip[i - 1]) or (links[i] in vouched and not skip[i + 1])
        ) and keys[i] in sylfreq:
            continue  # a known syllable that a neighbour vouches for: the common case
        out.append(i)
    return out


def _flag(syls: Syllables, i: int, j: int, replaced: int, new: str) -> dict[str, Any]:
    raws = syls.raws
    parts = [_with_case(raws[k], new) if k == replaced else raws[k] for k in range(i, j)]
    start, end = syls.starts[i], syls.ends[j - 1]
    return {"start": start, "end": end, "text": syls.text[start:end], "suggestion": " ".join(parts)}


def _neighbour_keys(syls: Syllables, k: int) -> tuple[str | None, str | None]:
    """The keys of the neighbours of syllable ``k`` that may form a word with it (joined by a plain
    space, not a name), None where there is none."""
    left = syls.keys[k - 1] if k > 0 and syls.joined[k] and not syls.skip[k - 1] else None
    right = syls.keys[k + 1] if k + 1 < syls.n and syls.joined[k + 1] and not syls.skip[k + 1] else None
    return left, right


def _unknown(syls: Syllables, k: int) -> dict[str, Any] | None:
    """A flag for syllable ``k`` that exists in no word, or None when no variant fits."""
    choice = _unknown_choice(syls.keys[k], *_neighbour_keys(syls, k))
    if choice is None:
        return None
    cand, i, j = choice
    return _flag(syls, k + i, k + j, k, cand)


@lru_cache(maxsize=65536)
def _unknown_choice(key: str, left: str | None, right: str | None) -> tuple[str, int, int] | None:
    """The correction of an unknown syllable ``key`` between ``left`` and ``right`` (None: no
    neighbour) and the span of the flag relative to it ((0, 1) alone, (-1, 1) with the left
    neighbour, (0, 2) with the right one), or None when no variant fits."""
    sylfreq = syllable_frequencies()
    if not _VOWEL.search(bare(key)):
        return None
    # Without any mark the token may be a foreign word (of, gam, down): only a neighbour can tell, and
    # a weak neighbour is enough only for Telex keystrokes (vieejt), which English rarely looks like.
    # So may a well-formed syllable the lexicon lacks (gốm, chảnh): a rare word, not a slip, unless a
    # neighbour says otherwise (dev: precision 0.922 -> 0.940, recall 0.761 -> 0.749).
    need_context = key.isascii() or well_formed(key)
    telex = telex_decode(key)
    best: tuple[int, int, str, int, int] | None = None
    candidates = set(non_word_variants(key))
    if bare(key) == key:
        # Typed without any mark: every attested syllable with these letters (nguoi -> người).
        candidates.update(bare_index().get(key, ()))
    for cand in sorted(candidates):
        if cand not in sylfreq:
            continue
        score = (0, sylfreq[cand], cand, 0, 1)
        if left is not None:
            f = _context(f"{left} {cand}")
            if f:
                score = max(score, (f, sylfreq[cand], cand, -1, 1))
        if right is not None:
            f = _context(f"{cand} {right}")
            if f:
                score = max(score, (f, sylfreq[cand], cand, 0, 2))
        if best is None or score > best:
            best = score
    if best is None:
        return None
    sure = _sure_slip(key, telex)
    if sure is not None and best[0] == 0 and sure != best[2]:
        best = (0, sylfreq[sure], sure, 0, 1)  # no neighbour prefers another reading: the slip's own
    if sure == best[2] and best[0] == 0:
        return sure, 0, 1
    if need_context:
        if best[0] < (1 if best[2] == telex else MIN_BARE_CONTEXT):
            return None
        if well_formed(key) and best[0] < MIN_UNKNOWN_SHARE * _total_of(left, right, best[3] < 0):
            # A well-formed syllable missing from the small lexicon (duỗi, vối, vệt) may be a rare word:
            # the neighbour must call for the variant a little, as for a real word.
            return None
    elif best[0] == 0 and best[1] < MIN_SYLLABLE_FREQUENCY:
        return None
    return best[2], best[3], best[4]


# Keystrokes that Telex leaves behind and English words rarely hold: the letters Vietnamese does not
# write (f j w z), or a doubled vowel followed by a tone key (nhaats, trieeuj; not teen, been, beer).
_TELEX_SIGN = re.compile(r"[fjwz]|(?:aa|ee|oo)[a-z]*[sfxj]$")
# A doubled consonant opening a syllable (kkhi, chhốt, nnhan): no English word starts so.
_DOUBLED_ONSET = re.compile(r"^[b-df-hj-np-tv-zđ]*([b-df-hj-np-tv-zđ])\1")
# The corrected syllable must be this common when nothing in the context speaks for it.
MIN_SURE_TELEX_FREQUENCY = 50
MIN_SURE_DOUBLED_FREQUENCY = 20


def _sure_slip(key: str, telex: str | None) -> str | None:
    """The syllable an unknown token surely meant, without asking its neighbours, or None: Telex
    keystrokes that English words do not show (``taoj`` -> ``tạo``, ``nhaats`` -> ``nhất``), or a
    letter typed twice at the start of a syllable or in a marked one (``kkhi``, ``chhốt``, ``dồnn``)."""
    sylfreq = syllable_frequencies()
    telex_sign = telex is not None and key.isascii() and _TELEX_SIGN.search(key)
    if telex_sign and sylfreq.get(telex or "", 0) >= MIN_SURE_TELEX_FREQUENCY:
        return telex
    onset = _DOUBLED_ONSET.match(key)
    if onset is not None or not key.isascii():
        base, tone = split_tone(key)
        for i in range(1, len(base)):
            if base[i] == base[i - 1] and base[i] != "o" and (onset is None or i == onset.end() - 1):
                cand = put_tone(base[:i] + base[i + 1 :], tone)
                if sylfreq.get(cand, 0) >= (1 if onset is not None else MIN_SURE_DOUBLED_FREQUENCY):
                    return cand
    return None


@lru_cache(maxsize=65536)
def _allowed_variants(key: str) -> frozenset[str]:
    return frozenset(real_word_variants(key))


def _real_word(syls: Syllables, k: int, in_word: bytearray) -> tuple[int, dict[str, Any]] | None:
    """A flag for the existing syllable ``k`` that goes with neither neighbour while a variant does.

    A neighbour that belongs to a longer word (``nguyện`` in ``từ nguyện vọng``, ``thể`` in ``cứng có
    thể``) is no context for a correction: the text already uses it, and taking it would break that
    word (``tự nguyện``, ``cũng có``)."""
    left, right = _neighbour_keys(syls, k)
    if in_word[k - 1] if k else False:
        left = None
    if k + 1 < syls.n and in_word[k + 1]:
        right = None
    choice = _real_word_choice(syls.keys[k], left, right)
    if choice is None:
        return None
    f, cand, side = choice
    return f, _flag(syls, min(k, k + side), max(k, k + side) + 1, k, cand)


@lru_cache(maxsize=131072)
def _real_word_choice(key: str, left: str | None, right: str | None) -> tuple[int, str, int] | None:
    """(frequency, variant, side of the neighbour: -1 or 1) for an existing syllable ``key`` that goes
    with neither neighbour while a variant does, or None."""
    vouched = _vouched_pairs()
    if left is None and right is None:
        return None
    if f"{left} {key}" in vouched or f"{key} {right}" in vouched:
        return None  # a neighbour vouches for it (a word or a pair seen in real text)
    allowed = None if key.isascii() else _allowed_variants(key)
    right_index, left_index = _pair_index(MIN_BARE_PAIR_FREQUENCY if allowed is None else MIN_PAIR_FREQUENCY)
    folded = bare(key)
    best: tuple[int, str, int] | None = None
    for side, options in (
        (-1, left_index.get((left, folded), ()) if left is not None else ()),
        (1, right_index.get((folded, right), ()) if right is not None else ()),
    ):
        for cand, f in options:
            if cand != key and (allowed is None or cand in allowed) and (best is None or f > best[0]):
                best = (f, cand, side)
    if best is None:
        return None
    # The neighbour must call for the variant: it is what follows (precedes) the neighbour in a good
    # share of all the contexts it has (hôm -> nay 0.44, vận -> chuyển 0.25), not one context among
    # hundreds (xe -> tải 0.03, của -> chúng 0.02: there the original is as likely).
    share = MIN_NEIGHBOUR_SHARE if allowed is not None else MIN_BARE_NEIGHBOUR_SHARE
    total = _total_of(left, right, best[2] < 0)
    if best[0] < share * total:
        return None
    # A common word is seldom a slip: the variant must be more than that much likelier next to the
    # neighbour (its share there) than the original is common (thì -> thị, tại -> tài: not called for).
    sylfreq = syllable_frequencies()
    if best[0] * sylfreq.get(best[1], 0) < MIN_EVIDENCE * total * sylfreq.get(key, 0):
        return None
    # An unmarked original (da, se, so: real words too) is only called a lost-marks slip when the
    # variant makes a lexicon word with the neighbour, not merely a frequent pair (da được, bạn se).
    pair = f"{left} {best[1]}" if best[2] < 0 else f"{best[1]} {right}"
    if allowed is None and pair not in _known_words():
        return None
    return best


def _total_of(left: str | None, right: str | None, use_left: bool) -> int:
    """The summed counts of all two-syllable contexts of the neighbour used (left or right)."""
    opens, closes = _neighbour_totals()
    if use_left:
        return opens.get(left, 0) if left is not None else 0
    return closes.get(right, 0) if right is not None else 0


def _segment_underthesea(syls: Syllables) -> list[tuple[int, int]]:
    """Syllable index spans of underthesea's words (names and words it knows beyond the lexicon)."""
    from baochi.lang.words import segment

    spans = []
    k = 0
    for start, end in segment(syls.text):
        i = k
        while k < syls.n and syls.starts[k] < end:
            k += 1
        if k > i and syls.starts[i] >= start:
            spans.append((i, k))
    return spans


def _unknown_word(syls: Syllables, i: int, j: int) -> tuple[int, dict[str, Any]] | None:
    """A flag for a segmented word missing from the lexicon when one changed syllable makes a word."""
    if any(syls.skip[i:j]):
        return None
    keys = syls.keys[i:j]
    best: tuple[int, int, str] | None = None
    for p in range(j - i):
        for cand in real_word_variants(keys[p]):
            f = _frequency(" ".join([*keys[:p], cand, *keys[p + 1 :]]))
            if f >= MIN_PAIR_FREQUENCY and (best is None or f > best[0]):
                best = (f, i + p, cand)
    if best is None:
        return None
    return best[0], _flag(syls, i, j, best[1], best[2])


def check_spelling(text: str, *, segmenter: str = "lexicon") -> list[dict[str, Any]]:
    """Spelling flags ``{start, end, text, suggestion}`` for ``text``, in order, not overlapping.

    ``segmenter="underthesea"`` segments with underthesea (when installed; about 5x slower) and tests
    the variants of every word it finds that the lexicon lacks; the default longest match is the one
    measured in bench/lang.py and used by the pipeline."""
    if segmenter == "underthesea" and backend() == "underthesea":
        syls = Syllables(text)
        found: list[tuple[int, dict[str, Any]]] = []
        singles: list[int] = []
        in_word = bytearray(syls.n)
        for i, j in _segment_underthesea(syls):
            if j - i == 1:
                singles.append(i)
            elif _known_word(" ".join(syls.keys[i:j])):
                in_word[i:j] = b"\x01" * (j - i)
            else:
                scored = _unknown_word(syls, i, j)
                if scored:
                    found.append(scored)
                else:
                    singles.extend(range(i, j))  # not a word after all: its syllables one by one
        return _check(syls, singles, found, in_word)
    return check_texts([text])[0]


def check_texts(texts: Sequence[str]) -> list[list[dict[str, Any]]]:
    """``check_spelling`` of each text (longest match), read in one pass: the pipeline's call for the
    fields of one record. Offsets are into each text."""
    syls = Syllables.of_texts(texts)
    out: list[list[dict[str, Any]]] = [[] for _ in texts]
    in_word = bytearray(syls.n)
    for flag in _check(syls, _suspects(syls, in_word), [], in_word):
        i = syls.text_of(flag["start"])
        if i:
            flag["start"] -= syls.bounds[i]
            flag["end"] -= syls.bounds[i]
        out[i].append(flag)
    return out


def _check_single(syls: Syllables, i: int, in_word: bytearray) -> tuple[int, dict[str, Any]] | None:
    """A scored flag for the one-syllable word ``i``, or None."""
    if syls.skip[i]:
        return None
    if syls.keys[i] not in syllable_frequencies():
        flag = _unknown(syls, i)
        # Slips that make no syllable are surer than slips that make another word: rank first.
        return (1 << 30, flag) if flag else None
    return _real_word(syls, i, in_word)


def _written_so_elsewhere(syls: Syllables, k: int, flag: dict[str, Any]) -> bool:
    """True when the text itself says the flagged form is meant: a slip is not repeated, a word the
    lexicon lacks is. The unknown syllable ``k`` occurs again (duỗi, vối in an article about them), the
    flagged two syllables occur again (bản độ, tại chính), or an unmarked syllable is used elsewhere as a
    word a neighbour vouches for (da in an article about skin: làn da, da mặt). Only flags pay for this."""
    keys, links, skip = syls.keys, syls.links, syls.skip
    key = keys[k]
    if keys.count(key) < 2:
        return False
    if key not in syllable_frequencies():
        return well_formed(key)  # nhhà, vieejt are no words, however often typed
    first = bisect_left(syls.starts, flag["start"])
    if links[first] and links.count(links[first]) >= 2:
        return True
    if not key.isascii():
        return False
    vouched = _vouched_pairs()
    others = [j for j, other in enumerate(keys) if other == key and j != k]
    return any(_vouched_at(links, skip, j, vouched) for j in others)


def _vouched_at(links: list[str], skip: list[bool], j: int, vouched: frozenset[str]) -> bool:
    """Whether a neighbour (not a name) vouches for syllable ``j`` (inlined in ``_suspects``)."""
    left = j > 0 and links[j - 1] in vouched and not skip[j - 1]
    return left or (links[j] in vouched and not skip[j + 1])


def _check(
    syls: Syllables, singles: list[int], found: list[tuple[int, dict[str, Any]]], in_word: bytearray
) -> list[dict[str, Any]]:
    """The flags of ``syls``: the scored ones ``found`` and those of the one-syllable words ``singles``,
    in order, not overlapping (the higher score wins). ``in_word`` marks syllables of longer words."""
    for i in singles:
        scored = _check_single(syls, i, in_word)
        if scored and not _written_so_elsewhere(syls, i, scored[1]):
            found.append(scored)
    flags: list[dict[str, Any]] = []
    for _, flag in sorted(found, key=lambda x: -x[0]):
        if all(flag["end"] <= f["start"] or f["end"] <= flag["start"] for f in flags):
            flags.append(flag)
    return sorted(flags, key=lambda f: f["start"])
