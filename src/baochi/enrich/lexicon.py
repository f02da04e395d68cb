"""Language data of the enrichment stage, loaded once from ``enrich/data/`` (plain UTF-8 files).

Every file has ``#`` header lines (what it is, source, licence), then one entry a line, sorted, NFC;
``.tsv`` files split on tabs. Algorithms receive these tables; no word list lives in code.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, TypeVar

from baochi.lang.lexicon import word_frequencies
from baochi.lang.tones import place_tone

# Dotted abbreviations join only short capitalised parts ("TP.HCM", "GS.TS", "BDK.VN"), so a missing space
# after a full stop ("Trung Quốc.Trong") still splits.
TOKEN_RE = re.compile(
    r"(?=[A-ZĐ][A-Za-zĐ]{0,3}\.[A-ZĐ])(?:[A-ZĐ][A-Za-zĐ]{0,3}\.)+[A-ZĐ][A-Za-zĐ]*\b|\w++(?:[&'’\-]\w++)*+",
    re.UNICODE,
)

Key = tuple[str, ...]
V = TypeVar("V")


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """Word tokens of a text as (start, end, text); ``TP.HCM``, ``NN&PTNT``, ``Kyo-ahn`` stay one token."""
    return [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text)]


@lru_cache(maxsize=1 << 14)
def key_of(text: str) -> Key:
    """The token tuple used to look a phrase up in a table."""
    return tuple(t for _, _, t in tokenize(text))


def data_lines(name: str) -> list[str]:
    """Entries of one data file (header comments and blank lines dropped)."""
    text = resources.files("baochi.enrich").joinpath("data", name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def data_rows(name: str, width: int) -> list[list[str]]:
    """Rows of a ``.tsv`` data file, padded with empty strings to ``width`` columns."""
    rows = []
    for line in data_lines(name):
        cols = line.split("\t")
        rows.append((cols + [""] * width)[:width])
    return rows


@dataclass(frozen=True, slots=True)
class Title:
    """A title of a post, rank or degree."""

    text: str
    kind: str  # post | rank | academic | honorary
    organization: str  # the organisation the title implies ("" when context decides)


@dataclass(frozen=True, slots=True)
class OrgHead:
    """The head word of an organisation name and how its name goes on."""

    text: str
    type: str
    rule: str  # field | name | bare
    level: str  # place level that completes the organ when the text names none


@cache
def family_names() -> frozenset[str]:
    """Vietnamese family names."""
    return frozenset(data_lines("family_names.txt"))


@cache
def titles() -> Table[Title]:
    """Titles by token key; a variant with a lower-case first letter is added for each."""
    out: dict[Key, Title] = {}
    for text, kind, org in data_rows("titles.tsv", 3):
        title = Title(text, kind, org)
        out[key_of(text)] = title
        lower = text[0].lower() + text[1:]
        out.setdefault(key_of(lower), Title(lower, kind, org))
    # every post has its deputy ("Phó Chánh văn phòng", "Phó Trưởng khoa"); the data lists the deputies
    # whose organisation differs or whose spelling varies
    for key, title in list(out.items()):
        if title.kind == "post" and key[0] not in ("Phó", "phó"):
            # a deputy belongs to the principal's organisation ("Phó thủ tướng" -> Chính phủ)
            out.setdefault(("Phó", *key), Title(f"Phó {title.text}", "post", title.organization))
            if not is_upper_first(key[0]):
                out.setdefault(("phó", *key), Title(f"phó {title.text}", "post", title.organization))
    return Table(out.items())


def is_upper_first(word: str) -> bool:
    """Whether a word starts with a capital letter."""
    return bool(word) and word[0].isupper()


@cache
def org_heads() -> Table[OrgHead]:
    """Heads of organisation names by token key."""
    return Table((key_of(h), OrgHead(h, t, r, lv)) for h, t, r, lv in data_rows("org_heads.tsv", 4))


@cache
def sectors() -> KeySet:
    """Sector names that follow ``Bộ`` / ``Sở``."""
    return KeySet(key_of(s) for s in data_lines("sectors.txt"))


@cache
def organs() -> Table[tuple[str, str, str]]:
    """Organisations known by name: key -> (surface, canonical, type)."""
    return Table((key_of(s), (s, c, t)) for s, c, t in data_rows("organs.tsv", 3))


@cache
def abbreviations() -> dict[str, str]:
    """Abbreviation -> expansion, for canonical names."""
    return {a: e for a, e in data_rows("abbreviations.tsv", 2)}


@cache
def countries() -> Table[str]:
    """Country names (and other names of countries) -> canonical country."""
    return Table((key_of(s), c) for s, c in data_rows("countries.tsv", 2))


@cache
def world_places() -> Table[tuple[str, str, str]]:
    """Places other than Vietnamese units: key -> (canonical, level, country)."""
    return Table((key_of(s), (c, lv, co)) for s, c, lv, co in data_rows("world_places.tsv", 4))


@cache
def place_types() -> Table[tuple[str, str]]:
    """Type words before a place name: key -> (level, canonical type word)."""
    return Table((key_of(w), (lv, c)) for w, lv, c in data_rows("place_types.tsv", 3))


@cache
def province_aliases() -> Table[str]:
    """Other names of provinces -> short name in the administrative-unit table."""
    return Table((key_of(s), p) for s, p in data_rows("province_aliases.tsv", 2))


def is_compound(first: str, second: str) -> bool:
    """Whether two syllables make one word of the language layer's lexicon (``quốc gia``)."""
    return f"{place_tone(first.lower())} {place_tone(second.lower())}" in word_frequencies()


@cache
def year_cycle() -> dict[str, frozenset[str]]:
    """Stems and branches of the sexagenary cycle (a stem and a branch name a year: ``Đinh Dậu``)."""
    rows = data_rows("year_cycle.tsv", 2)
    return {kind: frozenset(w for k, w in rows if k == kind) for kind in ("stem", "branch")}


@cache
def address_cues() -> KeySet:
    """Forms of address after which a one-word place name is a given name (``ông Đức``, ``chị Nga``)."""
    return KeySet(key_of(c) for c in data_lines("address_cues.txt"))


@cache
def not_place_phrases() -> KeySet:
    """Phrases that begin with a place's name but name no place (``Đức Mẹ``, ``Đức Giáo hoàng``)."""
    return KeySet(key_of(p) for p in data_lines("not_place_phrases.txt"))


@cache
def not_bare_places() -> frozenset[str]:
    """Unit names that count as places only after a type word."""
    return frozenset(data_lines("not_bare_places.txt"))


@cache
def person_cues() -> KeySet:
    """Words that announce a person's name."""
    return KeySet(key_of(c) for c in data_lines("person_cues.txt"))


@cache
def post_cues(kind: str) -> KeySet:
    """Phrases stating a post away from the name, of one kind: ``adverb``, ``verb`` or ``qualifier``."""
    return KeySet(key_of(p) for k, p in data_rows("post_cues.tsv", 2) if k == kind)


@cache
def place_posts() -> dict[str, tuple[str, str]]:
    """Organs a post means when written with a province alone: title -> (province's, city's)."""
    return {t: (p, c) for t, p, c in data_rows("place_posts.tsv", 3)}


@cache
def campaign_cues() -> KeySet:
    """Words before a quoted campaign or movement name."""
    return KeySet(key_of(c) for c in data_lines("campaign_cues.txt"))


def _prefixes(keys: Iterable[Key]) -> frozenset[Key]:
    """The proper prefixes of phrases: a look-up walking forward stops where no phrase goes on."""
    return frozenset(k[:n] for k in keys for n in range(1, len(k)))


def may_start(table: Table[Any] | KeySet, words: list[str], i: int) -> bool:
    """Whether an entry of ``table`` may start at ``words[i]``: the word is a one-word entry or, with the
    word after it, begins a longer one (``longest`` is 0 otherwise; this test is far cheaper)."""
    w = words[i]
    if w not in table.firsts:
        return False
    return (w,) in table or (i + 1 < len(words) and (w, words[i + 1]) in table.pairs)


class Table(dict[Key, V]):
    """A phrase table keyed by token tuples, knowing its first words, the proper prefixes of its keys and
    its longest key (for ``longest``)."""

    def __init__(self, items: Iterable[tuple[Key, V]] = ()) -> None:
        super().__init__(items)
        self.firsts = frozenset(k[0] for k in self if k)
        self.pairs = frozenset(k[:2] for k in self if len(k) >= 2)
        self.prefixes = _prefixes(self)
        self.size = max((len(k) for k in self), default=0)


class KeySet(frozenset[Key]):
    """A set of token-tuple phrases, knowing its first words, their proper prefixes and longest phrase."""

    firsts: frozenset[str]
    pairs: frozenset[Key]
    prefixes: frozenset[Key]
    size: int

    def __new__(cls, items: Iterable[Key] = ()) -> KeySet:
        self = super().__new__(cls, items)
        self.firsts = frozenset(k[0] for k in self if k)
        self.pairs = frozenset(k[:2] for k in self if len(k) >= 2)
        self.prefixes = _prefixes(self)
        self.size = max((len(k) for k in self), default=0)
        return self


def longest(table: Table[Any] | KeySet, words: list[str], i: int, max_len: int = 8) -> int:
    """Length of the longest entry of ``table`` starting at ``words[i]`` (0 when none)."""
    if i >= len(words) or words[i] not in table.firsts:
        return 0
    best = 0
    prefixes = table.prefixes
    # walk forward while the words are the beginning of some entry (most look-ups stop after one or two)
    for n in range(1, min(max_len, table.size, len(words) - i) + 1):
        key = tuple(words[i : i + n])
        if key in table:
            best = n
        if key not in prefixes:
            break
    return best


@cache
def stopwords() -> frozenset[str]:
    """Function words an organisation name does not run over."""
    return frozenset(data_lines("stopwords.txt"))


@cache
def not_name_words() -> frozenset[str]:
    """Words that do not occur in people's names (``Land``, ``Journal``, ``Pro``)."""
    return frozenset(data_lines("not_name_words.txt"))


@cache
def thing_cues() -> KeySet:
    """Words after which a foreign capitalised run names a thing, not a person (``tờ``, ``hãng``)."""
    return KeySet(key_of(c) for c in data_lines("thing_cues.txt"))


@cache
def work_cues() -> KeySet:
    """Words after which even a Vietnamese-looking name is a work's title (``MV``, ``ca khúc``)."""
    return KeySet(key_of(c) for c in data_lines("work_cues.txt"))


@cache
def street_words() -> KeySet:
    """Words before a street's name, in lower case (``đường``, ``ngã tư``)."""
    return KeySet(tuple(line.split(" ")) for line in data_lines("street_words.txt"))


@cache
def not_person_cues() -> frozenset[str]:
    """Words after which a name-like run is not a person (``năm Đinh Dậu``)."""
    return frozenset(data_lines("not_person_cues.txt"))
