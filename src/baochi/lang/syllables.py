"""The syllables of a text as the spelling checker reads them: offsets, keys, links and names.

One ``Syllables`` holds parallel lists (one per attribute, no object per syllable: this is the hot path
of the language layer). Several texts can be read as one (``Syllables.of_texts``): they are joined by
line breaks, which no word, pair or sentence crosses, so every text reads exactly as on its own.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from itertools import accumulate, compress, count
from operator import itemgetter

from baochi.lang.tones import place_tone

_SYLLABLE_SPLIT = re.compile(r"([^\W\d_]+)")
# Only a plain space joins two syllables of one word; anything else (punctuation, digits) cuts.
JOINER = " "
_SENTENCE_GAP = re.compile(r"[.!?:;…\"“”(\n]|^\s*[-–•]")
# The caches below keep at most this many entries (cleared when full: a stream of odd tokens).
_CACHE_LIMIT = 200_000


class _SyllableInfo(dict[str, tuple[str, bool, bool, bool]]):
    """Raw syllable -> (key, starts upper case, acronym, either): filled on first sight (texts repeat
    their syllables, so most cost one dictionary lookup)."""

    def __missing__(self, raw: str) -> tuple[str, bool, bool, bool]:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        upper, acronym = raw[0].isupper(), len(raw) > 1 and raw.isupper()
        info = self[raw] = (place_tone(raw.lower()), upper, acronym, upper or acronym)
        return info


class _GapInitial(dict[str, bool]):
    """Gap between two syllables -> whether the next one starts a sentence (or a quote, a list item)."""

    def __missing__(self, gap: str) -> bool:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        initial = self[gap] = bool(_SENTENCE_GAP.search(gap))
        return initial


_INFO = _SyllableInfo()
_GAP_INITIAL = _GapInitial()
_KEY, _CAPITAL = itemgetter(0), itemgetter(3)


class Syllables:
    """The syllables of ``text``.

    ``raws[i]`` is the syllable as written, ``keys[i]`` its key (lower case, tone placed: ``text_key``),
    ``starts[i]``/``ends[i]`` its offsets, ``joined[i]`` whether a plain space links it to the syllable
    before (so the two may form a word), ``links[i]`` the key of syllables ``i`` and ``i + 1`` when
    joined (else ``""``; ``n`` entries) and ``skip[i]`` whether it is a name or an acronym: capitalised
    inside a sentence, or at a sentence start when the next syllable is capitalised too (Nguyễn Văn
    Tuấn). ``bounds`` are the offsets where the texts read together start (``[0]`` for one text)."""

    __slots__ = ("bounds", "ends", "joined", "keys", "links", "n", "raws", "skip", "starts", "text")

    def __init__(self, text: str, bounds: Sequence[int] = (0,)) -> None:
        parts = _SYLLABLE_SPLIT.split(text)  # gap, syllable, gap, ..., syllable, gap
        self.text = text
        self.bounds = list(bounds)
        raws = self.raws = parts[1::2]
        n = self.n = len(raws)
        pos = list(accumulate(map(len, parts), initial=0))
        self.starts: list[int] = pos[1 : 2 * n : 2]
        self.ends: list[int] = pos[2::2]
        gaps = parts[2 : 2 * n : 2]  # the gap before syllables 1 .. n-1
        infos = list(map(_INFO.__getitem__, raws))
        keys = self.keys = list(map(_KEY, infos))
        joined = [g == JOINER for g in gaps]
        self.joined: list[bool] = [False, *joined] if n else []
        pairs = zip(keys, keys[1:], joined, strict=False)
        links = self.links = [f"{a} {b}" if j else "" for a, b, j in pairs]
        links.append("")
        skip = self.skip = list(map(_CAPITAL, infos))
        if not n:
            return
        # Sentence starts: a capital there is a name only when the next syllable (same text) has one too.
        firsts = {bisect_left(self.starts, b) for b in self.bounds[1:]}  # first syllable of each text
        for i in [0, *compress(count(1), map(_GAP_INITIAL.__getitem__, gaps))]:
            upper, acronym = infos[i][1], infos[i][2]
            skip[i] = acronym or (upper and i + 1 < n and i + 1 not in firsts and infos[i + 1][1])

    @classmethod
    def of_texts(cls, texts: Sequence[str]) -> Syllables:
        """The syllables of several texts read in one pass (joined by line breaks; ``bounds`` says where
        each starts). Offsets are into the joined text."""
        bounds = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
        return cls("\n".join(texts), bounds)

    def text_of(self, offset: int) -> int:
        """The index of the text (see ``of_texts``) that the offset ``offset`` falls in."""
        return bisect_left(self.bounds, offset + 1) - 1
