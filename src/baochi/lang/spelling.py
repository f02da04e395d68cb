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
from functools import cache
from typing import Any

from baochi.lang.lexicon import (
    bare,
    bare_index,
    pair_frequencies,
    syllable_frequencies,
    well_formed,
    word_frequencies,
)
from baochi.lang.tones import place_tone
from baochi.lang.variants import non_word_variants, real_word_variants, telex_decode
from baochi.lang.words import backend

_SYLLABLE = re.compile(r"[^\W\d_]+")
# Only a plain space joins two syllables of one word; anything else (punctuation, digits) cuts.
_JOINER = " "
_SENTENCE_GAP = re.compile(r"[.!?:;…\"“”(\n]|^\s*[-–•]")
# A variant of an existing syllable is only suggested when it goes with a neighbour this often (as a
# lexicon word plus as a pair in the corpus). Tuned on injected errors in 150 dev articles (baomoi,
# the first 150): 8 -> P 0.86 / R 0.79, 25 -> P 0.92 / R 0.74, 60 -> P 0.95 / R 0.70; bench/lang.py
# judges it on other articles.
MIN_PAIR_FREQUENCY = 25
# The same for a syllable written without any mark (chon, ngay): in Vietnamese text that is already a
# sign of lost marks, so a less frequent context is enough (dev: 25 -> P 0.922 / R 0.735, 12 -> 0.922 /
# 0.761, 6 -> 0.911 / 0.774, 3 -> 0.886 / 0.792).
MIN_BARE_PAIR_FREQUENCY = 12
# A lone unknown syllable is only flagged when its best variant is a common syllable.
MIN_SYLLABLE_FREQUENCY = 20
# A token with no mark at all, restored to a marked syllable, needs a neighbour seen with it this often
# (dev sweep: 1 -> P 0.922 / R 0.735, 12 -> P 0.919 / R 0.703: the neighbour itself is the evidence).
MIN_BARE_CONTEXT = 1
_YI = {"i": "y", "y": "i"}
_VOWEL = re.compile("[aăâeêioôơuưy]")


class _Syl:
    __slots__ = ("end", "initial", "joined", "key", "skip", "start", "text")

    def __init__(self, m: re.Match[str], text: str, prev_end: int, first: bool) -> None:
        self.start, self.end, self.text = m.start(), m.end(), m.group()
        self.key = place_tone(self.text.lower())
        gap = text[prev_end : self.start]
        self.joined = not first and gap == _JOINER
        self.initial = first or bool(_SENTENCE_GAP.search(gap))
        upper = self.text[0].isupper()
        self.skip = (len(self.text) > 1 and self.text.isupper()) or (upper and not self.initial)


def _known_word(key: str) -> bool:
    words = word_frequencies()
    if key in words:
        return True
    # ``kì``/``kỳ``, ``lí``/``lý`` are both accepted spellings of one syllable.
    last = key[-1]
    return last in _YI and key[:-1] + _YI[last] in words


def _frequency(key: str) -> int:
    return word_frequencies().get(key, 0)


def _context(key: str) -> int:
    """How often two syllables go together: as a lexicon word or as a pair seen in the corpus."""
    return word_frequencies().get(key, 0) + pair_frequencies().get(key, 0)


@cache
def _pair_index(
    min_frequency: int,
) -> tuple[dict[tuple[str, str], list[tuple[str, int]]], dict[tuple[str, str], list[tuple[str, int]]]]:
    """Frequent two-syllable contexts by one syllable bare: ``(bare first, second)`` -> [(first, f)] and
    ``(first, bare second)`` -> [(second, f)], so a slip's corrections are one lookup away."""
    combined: dict[str, int] = {}
    for table in (word_frequencies(), pair_frequencies()):
        for key, f in table.items():
            if key.count(" ") == 1:
                combined[key] = combined.get(key, 0) + f
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


def _segment(syls: list[_Syl]) -> list[tuple[int, int]]:
    """Longest-match word spans over syllable indexes (words never cross a non-space gap)."""
    spans = []
    i = 0
    while i < len(syls):
        best = i + 1
        key = syls[i].key
        j = i + 1
        while j < len(syls) and j - i < 5 and syls[j].joined:
            key += " " + syls[j].key
            j += 1
            if _known_word(key):
                best = j
        spans.append((i, best))
        i = best
    return spans


def _flag(text: str, syls: list[_Syl], i: int, j: int, replaced: int, new: str) -> dict[str, Any]:
    parts = [_with_case(s.text, new) if k == replaced else s.text for k, s in enumerate(syls[i:j], i)]
    start, end = syls[i].start, syls[j - 1].end
    return {"start": start, "end": end, "text": text[start:end], "suggestion": " ".join(parts)}


def _unknown(text: str, syls: list[_Syl], k: int) -> dict[str, Any] | None:
    """A flag for syllable ``k`` that exists in no word, or None when no variant fits."""
    sylfreq = syllable_frequencies()
    s = syls[k]
    if not _VOWEL.search(bare(s.key)):
        return None
    # Without any mark the token may be a foreign word (of, gam, down): only a neighbour can tell, and
    # a weak neighbour is enough only for Telex keystrokes (vieejt), which English rarely looks like.
    # So may a well-formed syllable the lexicon lacks (gốm, chảnh): a rare word, not a slip, unless a
    # neighbour says otherwise (dev: precision 0.922 -> 0.940, recall 0.761 -> 0.749).
    need_context = s.key.isascii() or well_formed(s.key)
    telex = telex_decode(s.key)
    best: tuple[int, int, str, int, int] | None = None
    candidates = set(non_word_variants(s.key))
    if bare(s.key) == s.key:
        # Typed without any mark: every attested syllable with these letters (nguoi -> người).
        candidates.update(bare_index().get(s.key, ()))
    for cand in sorted(candidates):
        if cand not in sylfreq:
            continue
        score = (0, sylfreq[cand], cand, k, k + 1)
        if k > 0 and s.joined and not syls[k - 1].skip:
            f = _context(syls[k - 1].key + " " + cand)
            if f:
                score = max(score, (f, sylfreq[cand], cand, k - 1, k + 1))
        if k + 1 < len(syls) and syls[k + 1].joined and not syls[k + 1].skip:
            f = _context(cand + " " + syls[k + 1].key)
            if f:
                score = max(score, (f, sylfreq[cand], cand, k, k + 2))
        if best is None or score > best:
            best = score
    if best is None:
        return None
    if need_context:
        if best[0] < (1 if best[2] == telex else MIN_BARE_CONTEXT):
            return None
    elif best[0] == 0 and best[1] < MIN_SYLLABLE_FREQUENCY:
        return None
    return _flag(text, syls, best[3], best[4], k, best[2])


def _real_word(text: str, syls: list[_Syl], k: int) -> tuple[int, dict[str, Any]] | None:
    """A flag for the existing syllable ``k`` that goes with neither neighbour while a variant does."""
    s = syls[k]
    neighbours = []
    if k > 0 and s.joined and not syls[k - 1].skip:
        neighbours.append(k - 1)
    if k + 1 < len(syls) and syls[k + 1].joined and not syls[k + 1].skip:
        neighbours.append(k + 1)
    keys = {n: syls[n].key for n in neighbours}
    pairs = {n: (f"{keys[n]} {s.key}" if n < k else f"{s.key} {keys[n]}") for n in neighbours}
    if not neighbours or any(_context(p) or _known_word(p) for p in pairs.values()):
        return None  # a neighbour vouches for it (a word or a pair seen in real text)
    allowed = None if s.key.isascii() else set(real_word_variants(s.key))
    right, left = _pair_index(MIN_BARE_PAIR_FREQUENCY if allowed is None else MIN_PAIR_FREQUENCY)
    folded = bare(s.key)
    best: tuple[int, str, int] | None = None
    for n in neighbours:
        options = left.get((keys[n], folded), ()) if n < k else right.get((folded, keys[n]), ())
        for cand, f in options:
            if cand != s.key and (allowed is None or cand in allowed) and (best is None or f > best[0]):
                best = (f, cand, n)
    if best is None:
        return None
    f, cand, n = best
    return f, _flag(text, syls, min(k, n), max(k, n) + 1, k, cand)


def _segment_underthesea(text: str, syls: list[_Syl]) -> list[tuple[int, int]]:
    """Syllable index spans of underthesea's words (names and words it knows beyond the lexicon)."""
    from baochi.lang.words import segment

    spans = []
    k = 0
    for start, end in segment(text):
        i = k
        while k < len(syls) and syls[k].start < end:
            k += 1
        if k > i and syls[i].start >= start:
            spans.append((i, k))
    return spans


def _unknown_word(text: str, syls: list[_Syl], i: int, j: int) -> tuple[int, dict[str, Any]] | None:
    """A flag for a segmented word missing from the lexicon when one changed syllable makes a word."""
    if any(s.skip for s in syls[i:j]):
        return None
    keys = [s.key for s in syls[i:j]]
    best: tuple[int, int, str] | None = None
    for p in range(j - i):
        for cand in real_word_variants(keys[p]):
            f = _frequency(" ".join([*keys[:p], cand, *keys[p + 1 :]]))
            if f >= MIN_PAIR_FREQUENCY and (best is None or f > best[0]):
                best = (f, i + p, cand)
    if best is None:
        return None
    return best[0], _flag(text, syls, i, j, best[1], best[2])


def check_spelling(text: str, *, segmenter: str = "lexicon") -> list[dict[str, Any]]:
    """Spelling flags ``{start, end, text, suggestion}`` for ``text``, in order, not overlapping.

    ``segmenter="underthesea"`` segments with underthesea (when installed; about 5x slower) and tests
    the variants of every word it finds that the lexicon lacks; the default longest match is the one
    measured in bench/lang.py and used by the pipeline."""
    sylfreq = syllable_frequencies()
    syls: list[_Syl] = []
    prev_end = 0
    for m in _SYLLABLE.finditer(text):
        syls.append(_Syl(m, text, prev_end, not syls))
        prev_end = m.end()
    # A capitalised sentence start followed by another capital is a name (Nguyễn Văn Tuấn): skip it.
    for i, s in enumerate(syls):
        if s.initial and s.text[0].isupper() and i + 1 < len(syls) and syls[i + 1].text[0].isupper():
            s.skip = True
    found: list[tuple[int, dict[str, Any]]] = []
    use_uts = segmenter == "underthesea" and backend() == "underthesea"
    singles: list[int] = []
    for i, j in _segment_underthesea(text, syls) if use_uts else _segment(syls):
        if j - i == 1:
            singles.append(i)
        elif not _known_word(" ".join(s.key for s in syls[i:j])):
            scored = _unknown_word(text, syls, i, j)
            if scored:
                found.append(scored)
            else:
                singles.extend(range(i, j))  # not a word after all: its syllables one by one
    for i in singles:
        if syls[i].skip:
            continue
        if syls[i].key not in sylfreq:
            flag = _unknown(text, syls, i)
            if flag:
                # Slips that make no syllable are surer than slips that make another word: rank first.
                found.append((1 << 30, flag))
        else:
            scored = _real_word(text, syls, i)
            if scored:
                found.append(scored)
    flags: list[dict[str, Any]] = []
    for _, flag in sorted(found, key=lambda x: -x[0]):
        if all(flag["end"] <= f["start"] or f["end"] <= flag["start"] for f in flags):
            flags.append(flag)
    return sorted(flags, key=lambda f: f["start"])
