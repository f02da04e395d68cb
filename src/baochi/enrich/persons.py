"""Persons: Vietnamese names (family name, middle and given names) and foreign names.

Capitalised runs that no organisation or typed place took are split left to right: a province or
country at the head of a run is a place when a name or the run's end follows it (``Hà Nam Lê Thị Thủy``);
a run led by a family name is a Vietnamese name of two to four syllables; a run after a title or an
honorific (``Thủ tướng Hun Sen``, ``NSND Thanh Vân``) is a name whatever its syllables; a run holding a
word that cannot be a Vietnamese syllable (``Stephen John Scott``) is a foreign name.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import compress

from baochi.enrich import places
from baochi.enrich.lexicon import (
    KeySet,
    address_cues,
    family_names,
    is_compound,
    longest,
    may_start,
    not_name_words,
    not_person_cues,
    org_heads,
    person_cues,
    stopwords,
    thing_cues,
    titles,
    work_cues,
    year_cycle,
)
from baochi.enrich.mentions import FieldText, Mention, is_acronym, is_cap, make
from baochi.enrich.organizations import in_name
from baochi.lang.fold import fold_key
from baochi.lang.lexicon import word_frequencies
from baochi.lang.tones import place_tone

# A Vietnamese syllable once its marks are folded: onset, vowel nucleus (at most three letters), coda.
_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|g|h|k|l|m|n|p|r|s|t|v|x)?"
    r"[aeiouy]{1,3}(ch|ng|nh|c|m|n|p|t|o|u|i|y)?$"
)
ROMAN = re.compile(r"^[IVX]+$")  # "Rainier III"
NAME_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "bin", "ibn", "dos", "del"})
PARTICLE_STARTS = NAME_PARTICLES | {"al-", "el-"}  # what words[j][:3] of a particle may be
LIST_GAPS = frozenset({", ", " - ", " – "})
MAX_VN = 4  # syllables of a Vietnamese full name (Tôn Nữ Thị Ninh has four)
# titles ending in a unit word are followed by the unit's name ("Trưởng bộ môn Luật hình sự"), so they
# announce only a full name, never a single word
UNIT_ENDS = frozenset({"ban", "phòng", "khoa", "môn", "Ban", "Phòng", "Khoa"})
MAX_FOREIGN = 5  # tokens of a foreign name (Joseph P. Kennedy Jr.)


@lru_cache(maxsize=1 << 16)
def is_vietnamese_syllable(word: str) -> bool:
    """Whether a word can be one Vietnamese syllable (``Tuấn`` yes, ``Scott`` no)."""
    return bool(_SYLLABLE.match(fold_key(word)))


def _run_end(ft: FieldText, i: int, taken: list[bool], limit: int) -> int:
    """End of a capitalised run from i; initials (``John F. Kennedy``) may be followed by a dot."""
    words, caps, gaps = ft.words, ft.caps, ft.gaps
    stop = min(len(words), i + limit)
    j = i + 1  # token i starts the run: a capital that no organisation or place took
    while (
        j < stop and not taken[j] and (caps[j] or (words[j][:3] in PARTICLE_STARTS and _particle(ft, j, i)))
    ):
        gap = gaps[j]
        if gap != " " and not (gap == ". " and len(words[j - 1]) == 1):
            break
        j += 1
    return j


def _particle(ft: FieldText, j: int, i: int) -> bool:
    """Lower-case particles inside foreign names: ``Abu Bakr al-Baghdadi``."""
    w = ft.words[j]
    if j > i and w in NAME_PARTICLES and j + 1 < len(ft.words) and ft.caps[j + 1]:
        return True  # "Louis van Gaal", "Charles de Gaulle"
    return j > i and w[:3] in ("al-", "el-") and j + 1 <= len(ft.words)


# letters only Vietnamese writes (foreign names borrow é, à, ó … but never these)
_VN_LETTERS = frozenset("ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ")


@lru_cache(maxsize=1 << 16)
def _vietnamese_letters(word: str) -> bool:
    """Whether a word holds a letter only Vietnamese uses (``Việc``, ``Đỉnh``; not ``Médias``)."""
    return any(c in _VN_LETTERS for c in word.lower())


def _has_digit(word: str) -> bool:
    """Whether a word holds a digit (``U23``); letters are never digits, so most words are decided at once."""
    return not word.isalpha() and any(c.isdigit() for c in word)


def _named_thing(ft: FieldText, j: int) -> bool:
    """Whether the word before token j makes the name there a year, a street or a school (``năm``,
    ``đường``, ``trường``)."""
    return j > 0 and ft.words[j - 1] in not_person_cues() and ft.gaps[j] == " "


def _list_item(ft: FieldText, k: int, items: int) -> bool:
    """Whether a name ending at token k is an item of a list already ``items`` long: a second item must be
    followed by another (``đường Láng, Nguyễn Văn Tâm bị bắt`` is no list)."""
    if items >= 2:
        return True
    return k >= len(ft.words) or ft.gaps[k] in LIST_GAPS or (ft.words[k] == "và" and ft.gaps[k] == " ")


def _thing(ft: FieldText, i: int, cues: KeySet | None = None) -> bool:
    """Whether a run at token i is announced as a thing (``tờ``, ``hãng``, ``ca khúc``) or starts with one."""
    cues = thing_cues() if cues is None else cues
    if longest(cues, ft.words, i, 3):
        return True
    firsts = cues.firsts
    for n in (1, 2, 3):
        if i < n or (ft.words[i - n] not in firsts and ft.words[i - n].lower() not in firsts):
            continue
        key = tuple(ft.words[i - n : i])
        if key not in cues and _opening(ft, i - n):
            key = (key[0].lower(), *key[1:])  # "Mẫu Porsche Panamera …": a cue opening the sentence
        if key in cues and ft.joined(i - n, i + 1):
            # the cue must be a word of its own ("bảo mẫu Lê Thị Linh" is a nanny, not "mẫu" a model)
            return not (i > n and ft.gaps[i - n] == " " and is_compound(ft.words[i - n - 1], ft.words[i - n]))
    return False


def _opening_function_word(ft: FieldText, j: int) -> bool:
    """A function word capitalised only because it opens a sentence (``Theo``, ``Tại``, ``Với``)."""
    if ft.words[j].lower() not in stopwords():
        return False
    return _opening(ft, j)


def _opening(ft: FieldText, j: int) -> bool:
    """Whether token j opens a sentence (so its capital says nothing of a name)."""
    return j == 0 or not _OPENERS.isdisjoint(ft.gaps[j])


# how often a word must occur in the lexicon's news to count as a common word (``nay`` 213, ``park`` 2)
COMMON_WORD = 20


def _opening_common_word(ft: FieldText, j: int) -> bool:
    """A common Vietnamese word capitalised only because it opens a sentence before a foreign name
    (``Nay Donald Trump …``): a Vietnamese syllable, no family name, frequent in the lexicon."""
    w = ft.words[j]
    if not _opening(ft, j) or w in family_names() or not is_vietnamese_syllable(w):
        return False
    return word_frequencies().get(place_tone(w.lower()), 0) >= COMMON_WORD


_OPENERS = frozenset('.!?:“"\n')  # what ends the text before a sentence's first word


def _country_at(ft: FieldText, k: int, end: int) -> bool:
    place = places.match_bare(ft, k, end)
    return place is not None and place.kind == "country"


def is_byline(ft: FieldText) -> bool:
    """A paragraph that is only a short name (the reporter's byline at the end of a story)."""
    return ft.name != "title" and 2 <= len(ft.words) <= 4 and all(is_cap(w) for w in ft.words)


def cued(ft: FieldText, i: int) -> bool:
    """Whether the words right before token i announce a name (a title or an honorific)."""
    if i == 0 or ft.gaps[i] != " ":
        return False
    prev = ft.words[i - 1]
    lasts = _cue_lasts()
    if prev not in lasts and prev.lower() not in lasts:
        return False  # no cue or title ends with the word before (most runs)
    words, gaps = ft.words, ft.gaps
    cues, tits = person_cues(), titles()
    heads = _cue_firsts()
    for k in range(i - 1, max(-1, i - 5), -1):
        if k < i - 1 and gaps[k + 1] != " ":
            return False  # a phrase from here on is not joined by spaces: nothing announces the name
        first = words[k]
        if first not in heads and first.lower() not in cues.firsts:
            continue  # no cue or title starts with this word
        key = tuple(words[k:i])
        lower = (key[0].lower(), *key[1:])  # "Em gái Rosemary" at the start of a sentence
        if key in cues or key in tits or lower in cues:
            return key[-1] not in UNIT_ENDS
    return False


@cache
def _cue_firsts() -> frozenset[str]:
    return person_cues().firsts | titles().firsts


@cache
def _cue_lasts() -> frozenset[str]:
    return frozenset(key[-1] for table in (person_cues(), titles()) for key in table if key)


def _vietnamese_name(ft: FieldText, i: int, end: int) -> int:
    """Length of a Vietnamese full name at token i (0 when none)."""
    words = ft.words
    if words[i] not in family_names():
        return 0
    j = i + 1
    while j < end and j - i < MAX_VN:
        if is_acronym(words[j]):
            break
        if not is_vietnamese_syllable(words[j]):
            return 0  # "La La Land": a foreign word in the run makes it a foreign name or title

        # a province or country after the name ends it ("... Lê Thị Thủy Hà Nam" is rare, "Hà Nam" is not)
        place = places.match_bare(ft, j, end) if j > i + 1 else None
        # a one-word country closing the run is a given name ("Nguyễn Tú Anh", "Lê Thúy Nga")
        if place is not None and not (place.kind == "country" and place.j - place.i == 1 and place.j >= end):
            break
        j += 1
    return j - i if j - i >= 2 else 0


@lru_cache(maxsize=1 << 16)
def _foreign_word(word: str) -> bool:
    """Whether a word of two letters or more cannot be a Vietnamese syllable (before any hyphen)."""
    return not is_vietnamese_syllable(word.split("-")[0]) and len(word) > 1


def _foreign(ft: FieldText, i: int, end: int) -> bool:
    words = ft.words[i:end]
    if not any(map(_foreign_word, words)):
        return False  # every word could be Vietnamese: no foreign name (most runs end here)
    if any(is_acronym(w) and not ROMAN.match(w) for w in words):
        return False  # "BTC Lễ hội", "BK Asset Management": acronyms belong to organisations
    if any(w in not_name_words() or any(c.isdigit() for c in w) or _vietnamese_letters(w) for w in words):
        return False  # "Serie B. Chiến công": a Vietnamese word is no part of a foreign name
    if _thing(ft, i):
        return False  # "La La Land", "Tờ Wall Street Journal", "hãng Samsung Electronics"
    if end < len(ft.words) and ft.gaps[end] == " " and any(c.isdigit() for c in ft.words[end]):
        return False  # "Hyundai Grand i10": a model number follows a product's name
    # "Inter Milan", "Real Madrid": a club or a firm named after its city
    return not any(_world_place(ft, k, end) for k in range(i + 1, end))


def brand(word: str) -> bool:
    """Whether a capitalised word can name an organisation on its own: an acronym (``CPMB``) or a word
    that is no Vietnamese syllable (``Vingroup``, ``Vietjet``)."""
    return is_acronym(word) or (word[:1].isupper() and len(word) > 2 and not is_vietnamese_syllable(word))


def _year_name(first: str, second: str) -> bool:
    """Whether two words name a year of the sexagenary cycle (``Đinh Dậu``, ``Giáp Ngọ``)."""
    cycle = year_cycle()
    return first in cycle["stem"] and second in cycle["branch"]


def _addressed(ft: FieldText, j: int) -> bool:
    """Whether a form of address (``ông``, ``chị``, ``bầu``, ``đồng chí``) is written right before token j."""
    cues = address_cues()
    return any(j >= n and tuple(ft.words[j - n : j]) in cues and ft.joined(j - n, j + 1) for n in (1, 2))


def _place_past(ft: FieldText, k: int, end: int, head_end: int) -> bool:
    """Whether a place named at token k runs past an organisation head ending at head_end (``Đài Loan``)."""
    place = places.match_bare(ft, k, end)
    return place is not None and place.j > head_end


# prepositions of place: an uncued foreign run right after one is where something happens, not who
PLACE_PREPOSITIONS = frozenset({"tại", "ở", "Tại", "Ở"})


def _placed(ft: FieldText, j: int) -> bool:
    """Whether a preposition of place (``tại``, ``ở``) stands right before token j."""
    return j > 0 and ft.words[j - 1] in PLACE_PREPOSITIONS and ft.gaps[j] == " "


def _world_place(ft: FieldText, k: int, end: int) -> bool:
    """Whether a foreign city or region (not a country) is named at token k."""
    place = places.match_bare(ft, k, end)
    return (
        place is not None and place.kind != "country" and bool(place.country) and place.country != "Việt Nam"
    )


def _place_stops(ft: FieldText, k: int, end: int, started: bool) -> bool:
    """Whether a place at token k ends a cued name; once the name has begun, a foreign city is its
    surname (``Tổng thống George Washington``)."""
    place = places.match_bare(ft, k, end)
    return place is not None and not (started and _world_place(ft, k, end))


@cache
def _solo_firsts() -> frozenset[str]:
    """Words a one-word run must start with to give anything without a cue: a title, an honorific, an
    organisation's head or a place named alone (a one-word run is never a Vietnamese full name)."""
    return titles().firsts | person_cues().firsts | org_heads().firsts | places.bare_firsts()


SAID_GAPS = frozenset({", ", " - ", " – ", " ("})  # between a name and a title said of it


def _said_title(ft: FieldText, j: int, persons: list[Mention], before: bool) -> bool:
    """Whether a title at token j is said of the person named right before it (``X, Giám đốc …``),
    directly or as the next title of such a chain (``X, Ủy viên …, Tổng Giám đốc …``)."""
    gap = ft.gaps[j]
    if persons and persons[-1].j == j and gap in SAID_GAPS:
        return True
    return before and gap in (" ", ", ")


def _title_start(ft: FieldText, i: int) -> int:
    """Where the title that ends right before token i starts (i when none does)."""
    for n in range(6, 0, -1):  # the longest title ("Tổng Giám đốc", not "Giám đốc")
        if i >= n and tuple(ft.words[i - n : i]) in titles():
            return i - n
    return i


def _firm_after_title(ft: FieldText, j: int, stop: int, said: bool) -> int:
    """Tokens of a firm's name right after a title instead of a person's name (0 when none): a brand the
    title says of a person named before it, ending the phrase (``bà X, Tổng Giám đốc Vietjet, …``), or a
    known brand before the title holder's foreign name (``CEO Apple Tim Cook``)."""
    words = ft.words
    if stop <= j or not brand(words[j]) or is_acronym(words[j]):
        return 0
    if said and (stop >= len(words) or ft.gaps[stop] != " "):
        return stop - j
    if words[j] in not_name_words() and stop - j >= 3 and _foreign(ft, j + 1, stop):
        return 1
    return 0


def find_persons(ft: FieldText, taken: list[bool]) -> tuple[list[Mention], list[Mention], list[Mention]]:
    """Persons of a field, places named alone among the runs (and firms a title names), and short cued
    names to check later."""
    persons: list[Mention] = []
    locs: list[Mention] = []
    shorts: list[Mention] = []
    words = ft.words
    if is_byline(ft):
        return persons, locs, shorts
    spans = title_spans(ft)
    caps, gaps = ft.caps, ft.gaps
    # (a word opening with a digit is never among them: no character is both upper-case and a digit)
    starts = [k for k in compress(range(len(words)), caps) if not taken[k]]
    resume = 0
    listed = 0  # items so far of a list of streets or years ("đường Hàm Nghi, Nguyễn Huệ, Lê Lợi")
    thing_words = not_person_cues()
    cues, heads, bare, families = person_cues(), org_heads(), places.bare_firsts(), family_names()
    for i in starts:  # a run starts at a capitalised word no organisation or typed place took
        if i < resume:
            continue
        more = i > 0 and (gaps[i] in LIST_GAPS or (words[i - 1] == "và" and gaps[i] == " "))
        listed = listed + 1 if listed and more else 0
        if i > 0 and words[i - 1] in thing_words and gaps[i] == " ":
            listed = 1
        elif not listed and more and taken[i - 1]:
            k = i - 1
            while k > 0 and taken[k - 1] and ft.gaps[k] == " ":
                k -= 1
            listed = 1 if words[k] in not_person_cues() else 0  # "đường Nam Kỳ Khởi Nghĩa, Hàm Nghi, …"
        end = _run_end(ft, i, taken, 8)
        j = i
        cue = cued(ft, i)  # a title or honorific announces the next name of the run
        # the title just read is said of the person named right before it ("X, Giám đốc …")
        said = cue and _said_title(ft, _title_start(ft, i), persons, False)
        for k, n in spans.items():  # in reading order
            if k >= i:
                break
            if k >= i - 5 and k + n > i:  # "Phó Chủ tịch Nước Nguyễn Thị Doan": a title running into the run
                j, cue = min(k + n, end), True
                break
        if end == i + 1 and j == i and not cue and words[i] not in _solo_firsts():
            resume = end  # one word, no cue, no title, organisation or place starts with it: no name
            continue
        while j < end:
            if _has_digit(words[j]) or (j == i and _opening_function_word(ft, j)):
                j, cue = j + 1, False  # "U23 Việt Nam", "Theo Subaru": no word of a name
                continue
            t = spans.get(j, 0) or (longest(cues, words, j, 3) if words[j] in cues.firsts else 0)
            if t and cue and not title_at(ft, j) and places.match_bare(ft, j, end) is not None:
                t = 0  # "Đại sứ Anh tại …": after a title, a country rather than an honorific
            if t:
                # a title or honorific inside the run ("Ông Lê Hồng Thắng", "GS.TS Tô Lâm", "Phó Chủ tịch")
                said = _said_title(ft, j, persons, said)
                j, cue = j + t, words[j + t - 1] not in UNIT_ENDS
                continue
            h = longest(heads, words, j, 4) if words[j] in heads.firsts else 0
            if h and not in_name(ft, j) and not _place_past(ft, j, end, j + h):
                j += 1
                cue = False
                continue
            place = places.match_bare(ft, j, end) if words[j] in bare else None
            fam = _vietnamese_name(ft, j, end) if words[j] in families else 0
            country_given = False  # "Đức" of "NSƯT Đức Việt" is a name's first word, not Germany
            strong = place is not None and place.kind != "province" and place.j - place.i >= 2
            if place is not None and place.j - place.i == 1 and _addressed(ft, j):
                place, country_given = None, True  # "ông Đức", "chị Nga", "bầu Đức": a given name
            if place is not None and place.j - place.i == 1 and place.j < end and not fam:
                # "NSƯT Đức Việt": a one-word country followed by a Vietnamese syllable is a given name
                nxt = words[place.j]
                given = is_vietnamese_syllable(nxt) and nxt not in family_names()
                if given and places.match_bare(ft, place.j, end) is None:
                    place, country_given = None, True
            if place is not None and (
                strong or not fam or place.j >= end or words[place.j] in family_names()
            ):
                locs.append(place)
                j = place.j
                continue
            year = fam == 2 and _year_name(words[j], words[j + 1])
            work = fam and _thing(ft, j, work_cues())
            if fam and (year or _named_thing(ft, j) or work or (listed and _list_item(ft, j + fam, listed))):
                j += fam  # "năm Đinh Dậu": a year, not a person; "đường Nguyễn Huệ": a street
                continue
            if cue and brand(words[j]) and j + 1 < end and _vietnamese_name(ft, j + 1, end):
                j += 1  # "Giám đốc CPMB Nguyễn Đức Tuyển", "Tổng Giám đốc Vingroup Nguyễn Việt Quang":
                continue  # the organisation's acronym or brand before the name
            if fam:
                persons.append(make("PER", ft, j, j + fam, ft.span(j, j + fam), cued=cue))
                j, cue = j + fam, False
                continue
            if cue and is_acronym(words[j]) and not ROMAN.match(words[j]):
                j, cue = j + 1, False  # "Hiệu trưởng ĐH Sư phạm": an acronym starts an organisation
                continue
            if cue:
                stop = j + 1 if country_given else j
                while stop < end and stop - j < MAX_FOREIGN and not _place_stops(ft, stop, end, stop > j):
                    stop += 1
                firm = _firm_after_title(ft, j, stop, said)
                if firm:
                    # "bà X, Tổng Giám đốc Vietjet, …", "CEO Apple Tim Cook": the title's organisation
                    locs.append(make("ORG", ft, j, j + firm, ft.span(j, j + firm), kind="company"))
                    if j + firm < stop:
                        persons.append(make("PER", ft, j + firm, stop, ft.span(j + firm, stop), cued=True))
                elif stop - j == 1 and stop < end and _country_at(ft, stop, end):
                    pass  # "Phó tổng giám đốc Honda Việt Nam": a company's branch in a country
                elif any(w in not_name_words() for w in words[j:stop]):
                    pass  # "HLV Real Madrid": the coach's club
                elif stop - j == 1:
                    short = make("PER", ft, j, stop, words[j])
                    if any(tuple(words[j - n : j]) in titles() for n in range(1, 5) if j >= n):
                        short.kind = "titled"
                    shorts.append(short)
                elif stop > j:
                    persons.append(make("PER", ft, j, stop, ft.span(j, stop)))
                j, cue = max(stop, j + 1), False
                continue
            if _vietnamese_letters(words[j]) and not fam:
                j, cue = j + 1, False  # "Việc Rashford", "Đỉnh Everest": a Vietnamese word opens the run
                continue
            if end - j >= 2 and _foreign(ft, j, end):
                if end - j >= 3 and _opening_common_word(ft, j) and _foreign(ft, j + 1, end):
                    j += 1  # "Nay Donald Trump": the sentence's first word is no part of the name
                    continue
                if _placed(ft, j) and not _addressed(ft, j):
                    j = end  # "tại Bukit Jalil", "ở Kuala Terengganu": a place, not a person
                    continue
                stop = min(end, j + MAX_FOREIGN)
                persons.append(make("PER", ft, j, stop, ft.span(j, stop)))
                j = stop
                continue
            j += 1
        resume = max(end, i + 1)
    for p in persons:
        p.canonical = p.text
    return persons, locs, shorts


def link_shorts(shorts: list[Mention], persons: list[Mention]) -> list[Mention]:
    """Keep the short cued names that are a word of a full name in the article (``ông Hoan``), or a
    foreign name (``Hoàng tử Albert``, ``em gái Rosemary``)."""
    by_word: dict[str, str] = {}
    for p in persons:
        parts = p.text.replace(".", " ").split()
        for k, w in enumerate(parts):
            # a Vietnamese family name alone is a family or a dynasty ("các vua Nguyễn"), not this person
            if not (k == 0 and w in family_names() and len(parts) > 1):
                by_word.setdefault(w, p.canonical)
    kept = []
    for s in shorts:
        full = by_word.get(s.text)
        if full:
            s.canonical = full
            s.person = full
            kept.append(s)
        elif (
            not is_vietnamese_syllable(s.text)
            and len(s.text) >= 3
            and not is_acronym(s.text)
            and "." not in s.text
        ):
            # initials ("bác sĩ V.P.", "anh C.") are not names
            # "Hoàng tử Albert", "em gái Rosemary": a foreign name used alone after a title or honorific
            s.kind = ""
            s.canonical = s.text
            kept.append(s)
        s.kind = ""
    return kept


def merge_partial_names(persons: list[Mention]) -> None:
    """A person named by the last words of a full name written in the same article is that person
    (``Hữu Thắng`` after ``Nguyễn Hữu Thắng``): canonical name of the full one, when exactly one fits. A
    name led by a family name is a full name of its own (``Văn Hậu`` may be a short form, ``Lê Văn Hậu``
    is not ``Đoàn Lê Văn Hậu``)."""
    fulls = {p.canonical for p in persons}
    for p in persons:
        name = p.canonical
        if " " not in name or name.split(" ")[0] in family_names():
            continue
        longer = {f for f in fulls if f.endswith(" " + name)}
        if len(longer) == 1:
            (full,) = longer
            p.canonical = p.person = full


def find_name_tails(fields: list[FieldText], mentions: list[Mention]) -> list[Mention]:
    """Persons named by the last two or three words of a Vietnamese full name the article writes
    (``Minh Khôi cho biết`` after ``HLV Trần Minh Khôi``), where no other mention is and the words stand
    alone (no capitalised word joined before or after); a tail two full names share is left alone."""
    tails: dict[tuple[str, ...], set[str]] = {}
    for m in mentions:
        parts = m.canonical.split(" ")
        if m.type == "PER" and len(parts) >= 3 and parts[0] in family_names() and m.canonical == m.text:
            for n in range(2, len(parts)):
                tails.setdefault(tuple(parts[-n:]), set()).add(m.canonical)
    if not tails:
        return []
    firsts = {t[0] for t in tails}
    out: list[Mention] = []
    for ft in fields:
        if firsts.isdisjoint(ft.words):
            continue
        taken = [False] * len(ft.words)
        for m in mentions:
            if m.field == ft.name:
                for k in range(m.i, m.j):
                    taken[k] = True
        resume = 0
        for k in [k for k, w in enumerate(ft.words) if w in firsts]:  # no tail starts elsewhere
            if k < resume:
                continue
            n = longest_tail(ft, k, tails, firsts)
            if n and not any(taken[k : k + n]):
                (full,) = tails[tuple(ft.words[k : k + n])]
                out.append(make("PER", ft, k, k + n, full, person=full))
                resume = k + n
    return out


def longest_tail(ft: FieldText, k: int, tails: dict[tuple[str, ...], set[str]], firsts: set[str]) -> int:
    """Length of a name tail standing alone at token k (0 when none)."""
    words = ft.words
    if words[k] not in firsts or (k > 0 and ft.caps[k - 1] and ft.gaps[k] == " "):
        return 0
    for n in (3, 2):
        key = tuple(words[k : k + n])
        if len(key) == n and len(tails.get(key, ())) == 1 and ft.joined(k, k + n):
            after = k + n
            if after < len(words) and ft.caps[after] and ft.gaps[after] == " ":
                continue  # "Minh Khôi Sport": a longer name
            return n
    return 0


def title_at(ft: FieldText, i: int) -> int:
    """Length of a title at token i (0 when none)."""
    return title_spans(ft).get(i, 0)


def title_spans(ft: FieldText) -> dict[int, int]:
    """The titles of a field: first token -> length, in reading order (computed once per field: persons,
    posts and their chains ask for the same tokens many times)."""
    spans: dict[int, int] | None = ft.memo.get("titles")
    if spans is not None:
        return spans
    spans = ft.memo["titles"] = {}
    table = titles()
    words = ft.words
    hits = ft.present(table.firsts)  # most fields hold no title at all
    for i in ft.positions(hits):
        n = longest(table, words, i, 6) if may_start(table, words, i) else 0
        if n and not ft.caps[i] and i > 0 and ft.gaps[i] == " " and is_compound(words[i - 1], words[i]):
            continue  # "chính quyền Tổng thống …": the second syllable of a word, not "quyền Tổng thống"
        if n and ft.joined(i, i + n):
            spans[i] = n
    return spans
