"""Posts: the titles, ranks and degrees written next to a person's name, one record per title.

Titles come before the name (``Bí thư Thành ủy Nguyễn Văn Tuấn``, ``Thượng tướng GS.TS Tô Lâm``) or after
it behind a comma, dash or bracket (``ông Lê Hồng Thắng, Giám đốc Cảng vụ …``). One person holding several
posts gets one record each (``Ủy viên Bộ Chính trị, Bộ trưởng Bộ Công an``, ``Chủ tịch HĐQT kiêm Giám đốc
…``). A title's organisation is the organisation written after it (its canonical name, with the place the
article resolves), else the one the title implies (``Thủ tướng`` -> ``Chính phủ``); ``nguyên`` / ``cựu``
(former) are kept in the title, ``tân`` (newly appointed) is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from typing import Any

from baochi.enrich.lexicon import (
    family_names,
    key_of,
    longest,
    organs,
    place_posts,
    post_cues,
    sectors,
    stopwords,
    titles,
)
from baochi.enrich.mentions import FieldText, Mention, is_acronym
from baochi.enrich.organizations import name_end
from baochi.enrich.persons import brand, title_at, title_spans

# honorifics between titles and a name; alone they stand for a person named before ("đồng chí được bầu …")
HONORIFICS = {("ông",), ("bà",), ("đồng", "chí"), ("Ông",), ("Bà",), ("Đồng", "chí")}
SEAT = ("cương", "vị")  # "Trên cương vị Chủ tịch Quốc hội, đồng chí …"
PLURAL = {"các", "những", "hai", "ba"}
FORMER = {"nguyên", "cựu", "Nguyên", "Cựu"}
CHAIN = {", ", " kiêm ", ", kiêm ", " và ", " - ", " – "}  # between two titles of one person
AFTER_NAME = {", ", " - ", " – ", " (", ": - "}  # between a name and the titles that follow it
# a title ending in a unit word is followed by that unit's name ("Trưởng ban Nghi lễ …", "Trưởng phòng …")
UNIT_WORDS = {"ban": "Ban", "phòng": "Phòng", "khoa": "Khoa", "Ban": "Ban", "Phòng": "Phòng", "Khoa": "Khoa"}
HEADS = {"Trưởng", "trưởng"}  # "Trưởng ban …", not "Chánh văn phòng …" (the office of a head)
MINISTERS = {"Bộ trưởng", "Thứ trưởng", "bộ trưởng", "thứ trưởng"}  # "Bộ trưởng tư pháp Mỹ" -> Bộ Tư pháp Mỹ
COMMITTEE = "@committee"  # data/titles.tsv: the organ is the party committee of the story's place
MAX_ASIDE = 12  # tokens of a bracketed aside between a name and what is said of it ("(sinh năm 1925)")


@dataclass(slots=True)
class Post:
    """One title as written, with the organisation and place it names."""

    i: int
    j: int
    title: str
    kind: str
    organization: Mention | None
    place: Mention | None
    implied: str
    unit: str = ""  # the name of the unit a title ends in ("Ban Nghi lễ"), when no organisation was found


def _post_at(ft: FieldText, i: int, starts: dict[int, Mention]) -> Post | None:
    """A title at token i (optionally after ``nguyên``/``cựu``) with what completes it."""
    words = ft.words
    k = i
    if words[k] in FORMER or words[k] == "tân":
        k += 1
        if k >= len(words):
            return None
    n = title_at(ft, k)
    if not n:
        return None
    title = titles()[tuple(words[k : k + n])]
    start = i if words[i] in FORMER else k
    end = k + n
    org: Mention | None = None
    place: Mention | None = None
    unit = ""
    inner = starts.get(end - 1) if words[end - 1] in UNIT_WORDS else None
    if inner is None:
        # "Ủy viên Ban Thường vụ Tỉnh ủy": an organisation begun inside the title runs on past it
        inner = next((starts[s] for s in range(k + 1, end) if s in starts and starts[s].j > end), None)
    if inner is not None and inner.type == "ORG" and inner.j > end:
        org, end = inner, inner.j  # "Trưởng Ban Tổ chức Thành ủy": the unit word starts the organisation
    elif end < len(words) and ft.gaps[end] == " " and title.kind == "post":
        nxt = starts.get(end)
        if nxt is not None and nxt.type == "ORG":
            org, end = nxt, nxt.j
        elif nxt is not None and nxt.type == "LOC":
            place, end = nxt, nxt.j
            organ = place_posts().get(title.text[0].upper() + title.text[1:])
            if organ is not None and nxt.kind == "province":
                # "Chủ tịch Hà Nội": the organ of the province the post heads
                city = nxt.canonical.startswith("thành phố")
                unit = f"{organ[1] if city else organ[0]} {nxt.canonical}"
        elif (
            (nxt is None and is_acronym(words[end]))
            or (_brand_before_name(ft, end, starts) and brand(words[end]))
        ) and not title_at(ft, end):
            unit, end = words[end], end + 1  # "Chủ tịch NOC", "Giám đốc CPMB": an organisation's acronym
            if words[end - 2] in UNIT_WORDS and end >= 3 and words[end - 3] in HEADS:
                unit = f"{UNIT_WORDS[words[end - 2]]} {unit}"  # "Trưởng phòng CSGT" -> Phòng CSGT
            after = starts.get(end) if end < len(words) and ft.gaps[end] == " " else None
            if after is not None and after.type in ("LOC", "ORG"):
                unit, end = f"{unit} {after.text}", after.j  # "Trưởng phòng CSGT Công an tỉnh Hòa Bình"
        else:
            m = _sector_len(ft, end)  # "Bộ trưởng Quốc phòng Mỹ", "Bộ trưởng tư pháp Mỹ"
            after = starts.get(end + m) if m and end + m < len(words) and ft.gaps[end + m] == " " else None
            if after is not None and after.type != "LOC":
                after = None
            if m and words[end][0].islower() and after is None:
                m = 0  # a lower-case sector names a ministry only with its country ("… tư pháp Mỹ")
            if m:
                if title.text in MINISTERS:
                    sector = _capitalised(tuple(words[end : end + m]))
                    unit = " ".join(("Bộ", *sector, *([after.text] if after is not None else [])))
                elif words[end - 1] in UNIT_WORDS and words[end - 2] in HEADS:
                    # "Trưởng phòng Tài nguyên và Môi trường huyện Quỳ Hợp": the unit of that sector
                    sector = (UNIT_WORDS[words[end - 1]], ft.span(end, end + m))
                    unit = " ".join((*sector, *([after.text] if after is not None else [])))
                end += m
                if after is not None:
                    place, end = after, after.j
            elif words[end - 1] in UNIT_WORDS and words[end - 2] in HEADS and ft.caps[end] and nxt is None:
                stop = name_end(ft, end)
                if stop > end:
                    unit = f"{UNIT_WORDS[words[end - 1]]} {ft.span(end, stop)}"
                    end = stop
                    nxt = starts.get(end)
                    if nxt is not None and nxt.type in ("LOC", "ORG") and ft.gaps[end] == " ":
                        unit, end = f"{unit} {nxt.text}", nxt.j
                    elif end < len(words) and ft.caps[end] and ft.gaps[end] == " ":
                        stop = name_end(ft, end)  # "Ban Nghi lễ Đền vua Mai": a name stopped at a place word
                        unit, end = f"{unit} {ft.span(end, stop)}" if stop > end else unit, max(stop, end)
            elif words[end - 1] in UNIT_WORDS and words[end - 2] in HEADS and nxt is None:
                stop = _task_end(ft, end, starts)
                if stop > end:  # "Trưởng Ban quản lý di tích và rừng quốc gia Yên Tử"
                    unit, end = f"{UNIT_WORDS[words[end - 1]]} {ft.span(end, stop)}", stop
    # "Đại sứ Mỹ tại Campuchia": the post's seat after tại/ở
    if place is not None and end + 1 < len(words) and words[end] in ("tại", "ở") and ft.gaps[end] == " ":
        seat = starts.get(end + 1)
        if seat is not None and seat.type in ("LOC", "ORG"):
            end = seat.j
    # "Tổng Bí thư của Đảng", "Chủ tịch Ủy ban Dự thảo Hiến pháp của Quốc hội": the body a post belongs to
    if title.kind == "post" and end + 1 < len(words) and words[end] == "của" and ft.gaps[end] == " ":
        owner = starts.get(end + 1)
        if owner is not None and owner.type == "ORG" and ft.gaps[end + 1] == " ":
            if org is not None:  # "Ủy ban Dự thảo Hiến pháp của Quốc hội": the body is named with its owner
                unit = f"{org.canonical} của {owner.text}"
            org = org or owner
            end = owner.j
    text = ft.text[ft.starts[start] : ft.ends[end - 1]]
    # "Giám đốc Ban quản lý dự án … (CPMB)": the acronym that names the organisation goes with it
    acronym = org is not None and end < len(words) and ft.gaps[end] == " (" and is_acronym(words[end])
    if acronym and ft.gaps[end + 1].startswith(")"):
        text = ft.text[ft.starts[start] : ft.ends[end] + 1]
        end += 1
    # "Thị trưởng thành phố Mosul của Iraq Hussein al-Hajem": the country is not part of the title
    if (place or org) is not None and end + 1 < len(words) and words[end] == "của" and ft.gaps[end] == " ":
        owner = starts.get(end + 1)
        if owner is not None and owner.type == "LOC" and owner.kind == "country":
            end = owner.j
    return Post(start, end, text, title.kind, org, place, title.organization, unit)


MAX_TASK = 10  # lower-case words of a unit's task before the name that ends it


def _task_end(ft: FieldText, k: int, starts: dict[int, Mention]) -> int:
    """End of a lower-case task phrase that names a unit up to the capitalised name closing it (``quản lý
    di tích và rừng quốc gia Yên Tử``), or k when no name closes it within ``MAX_TASK`` words: without
    that name the words are the sentence going on (``Trưởng ban phát biểu tại …``)."""
    words = ft.words
    j = k
    while j < len(words) and j - k <= MAX_TASK and (j == k or ft.gaps[j] == " "):
        w = words[j]
        if ft.caps[j]:
            if j == k:
                return k
            m = starts.get(j)
            if m is not None and m.type == "PER":
                return j  # "Trưởng ban tổ chức Nguyễn Văn A": the holder's name follows the unit
            if m is not None:
                return m.j
            return max(name_end(ft, j), j + 1)
        if w in stopwords() or (w == "và" and (j + 1 >= len(words) or ft.caps[j + 1])):
            return k
        j += 1
    return k


def _sector_len(ft: FieldText, k: int) -> int:
    for n in range(min(6, len(ft.words) - k), 0, -1):
        key = tuple(ft.words[k : k + n])
        if ft.joined(k, k + n) and (
            key in sectors() or (key[0][0].islower() and _capitalised(key) in sectors())
        ):
            return n
    return 0


def _brand_before_name(ft: FieldText, k: int, starts: dict[int, Mention]) -> bool:
    """Whether the word at k stands between a title and a person's name (``Tổng Giám đốc Vingroup Nguyễn
    Việt Quang``): the organisation the title heads."""
    after = starts.get(k + 1)
    return after is not None and after.type == "PER" and ft.gaps[k + 1] == " "


def _capitalised(key: tuple[str, ...]) -> tuple[str, ...]:
    """A lower-case sector as the data writes it (``tư pháp`` -> ``Tư pháp``)."""
    return (key[0][0].upper() + key[0][1:], *key[1:])


def _chain(ft: FieldText, i: int, starts: dict[int, Mention]) -> list[Post]:
    """Titles one after another from token i, joined by commas, ``kiêm`` or nothing."""
    posts: list[Post] = []
    k = i
    while k < len(ft.words):
        post = _post_at(ft, k, starts)
        if post is None:
            break
        posts.append(post)
        k = post.j
        if k + 1 < len(ft.words) and ft.words[k] == "kiêm" and ft.gaps[k] in (" ", ", "):
            k += 1  # "Chủ tịch HĐQT kiêm Giám đốc …": two posts
        more = k < len(ft.words) and (ft.gaps[k] in CHAIN or ft.gaps[k] == " ")
        if more and ft.gaps[k] == ", " and not ft.caps[post.i] and ft.caps[k]:
            break  # "… nhắm vào thẩm phán, Tổng thống Trump": a common noun, then a new clause's title
        former = more and ft.words[k] in FORMER and k + 1 < len(ft.words) and title_at(ft, k + 1)
        if more and (title_at(ft, k) or former):
            continue
        break
    _board_of_next(ft, posts)
    return posts


LEADS = FORMER | {"tân"}  # words before a title that _post_at reads as part of the post


def _chain_starts(ft: FieldText) -> list[int]:
    """Tokens where ``_post_at`` finds a post, in reading order: a title's first token, or the
    ``nguyên``/``cựu``/``tân`` right before it (a title whose first token is such a word starts none)."""
    words = ft.words
    out: set[int] = set()
    for s in title_spans(ft):
        if s > 0 and words[s - 1] in LEADS:
            out.add(s - 1)
        if words[s] not in LEADS:
            out.add(s)
    return sorted(out)


BOARDS = ("HĐQT", "HĐTV", "Hội đồng quản trị", "Hội đồng thành viên")  # a company's boards


def _board_of_next(ft: FieldText, posts: list[Post]) -> None:
    """``Chủ tịch HĐQT kiêm Tổng Giám đốc Công ty X``: the board is X's, the organisation of the next post."""
    for post, nxt in pairwise(posts):
        joined = ft.words[post.j] == "kiêm" if post.j < len(ft.words) else False
        if joined and post.organization is None and not post.unit and post.title.endswith(BOARDS):
            post.organization, post.unit = nxt.organization, nxt.unit


def find_posts(
    ft: FieldText, mentions: list[Mention], before: list[Mention] | None = None
) -> list[tuple[Mention, Post]]:
    """(person, post) pairs of a field; ``before`` are the persons named in earlier fields, in reading
    order, whom a pronoun (``ông``, ``bà``, ``đồng chí`` used alone) may stand for."""
    if not title_spans(ft):
        return []  # every post starts with a title of this field (most paragraphs hold none)
    before = before or []
    starts: dict[int, Mention] = {}
    for m in mentions:
        if m.field == ft.name and (m.i not in starts or m.j > starts[m.i].j):
            starts[m.i] = m
    persons = [m for m in mentions if m.field == ft.name and m.type == "PER"]
    by_start = {p.i: p for p in persons}
    by_end = {p.j: p for p in persons}
    out: list[tuple[Mention, Post]] = []
    used: set[int] = set()
    said = {_said_of(ft, p.j) for p in persons}  # where titles said of a named person start
    # titles before a name
    k = 0
    for c in _chain_starts(ft):  # where a title (or nguyên/cựu/tân before one) starts
        if c < k:
            continue
        k = c
        chain = _chain(ft, k, starts)
        if not chain:
            continue
        end = chain[-1].j
        if _candidate_before(ft, chain[0].i):
            k = end  # "Ứng viên Tổng thống Pháp X": running for the post, not holding it
            continue
        # a name the chain already follows ("ông A, Giám đốc Sở X, ông B …") keeps it: B gets it only
        # when nothing but a space separates them
        claimed = chain[0].i in by_end and ft.gaps[chain[0].i] in AFTER_NAME
        # … as are titles a cue verb says of a name before them ("X nhậm chức Bộ trưởng …, Y ký …")
        claimed = claimed or chain[0].i in said
        # "Chủ tịch NOC, Mustafa Sanalla cho biết": a sentence opening on titles names their holder next
        opens = chain[0].i == 0 or ft.gaps[chain[0].i].rstrip(' “"')[-1:] in (".", "!", "?", ":", "")
        person, end = _holder(ft, end, by_start, claimed, opens)
        seat = tuple(ft.words[chain[0].i - 2 : chain[0].i]) in (SEAT, ("Cương", "vị"))
        if person is None and seat and ft.gaps[chain[-1].j] == ", " and _pronoun(ft, chain[-1].j):
            person = _latest(ft, persons, chain[-1].j + 1, before)  # "Trên cương vị …, đồng chí đã …"
        if person is not None:
            out += [(person, post) for post in chain]
            used.add(person.i)
            # "các tổng thống Abraham Lincoln, James Garfield và William McKinley": one title, several holders
            if chain[0].i > 0 and ft.words[chain[0].i - 1].lower() in PLURAL:
                nxt = person
                while nxt.j < len(ft.words) and ft.gaps[nxt.j] in (", ", " và ") and nxt.j in by_start:
                    nxt = by_start[nxt.j]
                    out += [(nxt, post) for post in chain]
        k = end
    # titles after a name
    org_ends = {m.j: m for m in mentions if m.field == ft.name and m.type == "ORG"}
    for p in persons:
        k = _said_of(ft, p.j)
        if k >= 0:
            chain = _chain(ft, k, starts)
            # titles that run into the next name are that person's ("A, Chủ nhiệm … Nguyễn Chí Thanh")
            if chain and chain[-1].j in by_start and _after_chain(ft, chain[-1].j) == " ":
                continue
            if k > p.j:
                _led_body(ft, p, chain, org_ends)
            out += [(p, post) for post in chain]
    # "Năm 1941, đồng chí được bầu làm Tổng Bí thư": a pronoun opening a clause stands for the last name
    pronouns = _pronoun_firsts()
    spots = ft.positions(ft.present(pronouns))
    for k in spots:
        h = _pronoun(ft, k)
        if not h or not (k == 0 or any(c in ft.gaps[k] for c in ".,;:)")):
            continue
        t = _said_of(ft, k + h)
        person = _latest(ft, persons, k, before) if t > k + h else None
        if person is not None:
            chain = _chain(ft, t, starts)
            if chain and not (chain[-1].j in by_start and _after_chain(ft, chain[-1].j) == " "):
                out += [(person, post) for post in chain]
    return out


@cache
def _pronoun_firsts() -> frozenset[str]:
    return frozenset(h[0] for h in HONORIFICS)


def _led_body(ft: FieldText, person: Mention, chain: list[Post], org_ends: dict[int, Mention]) -> None:
    """``Đoàn đại biểu … do Thượng tướng X làm Trưởng đoàn``: the body led is the post's organisation."""
    for d in range(person.i - 1, max(-1, person.i - 8), -1):
        if ft.words[d] == "do" and d in org_ends and ft.joined(d, person.i + 1):
            for post in chain:
                if post.organization is None and not post.unit and post.kind == "post":
                    post.organization = org_ends[d]
            return


def _after_chain(ft: FieldText, k: int) -> str:
    """What separates a chain of titles ending at token k from the next word (a title that took the
    acronym in brackets, ``… (CIA)``, ends before its closing bracket)."""
    gap = ft.gaps[k]
    return gap[1:] if gap.startswith(")") else gap


def _holder(
    ft: FieldText, k: int, by_start: dict[int, Mention], claimed: bool, opens: bool
) -> tuple[Mention | None, int]:
    """The person a chain of titles ending at token k is followed by, and where that person starts.

    ``Tổng thống Barack Obama``, ``Đại sứ … ông William Heidt``, ``Tổng thống đương nhiệm Barack Obama``,
    ``Đại sứ Mỹ tại ASEAN lúc đó, Scot Marciel``, ``Bí thư Tỉnh ủy, ông …``, ``Chủ tịch UBND tỉnh là ông …``.
    """
    words = ft.words
    n = len(words)
    gap = _after_chain(ft, k)
    if k >= n or gap not in (" ", ", "):
        return None, k
    comma = gap == ", "
    q = 0 if comma else longest(post_cues("qualifier"), words, k, 4)
    if q and ft.joined(k, k + q) and k + q < n and ft.gaps[k + q] in (" ", ", "):
        k += q  # a qualifier may be followed by a comma before the name
    elif not comma and words[k] == "là" and k + 1 < n:
        k += 1
        comma = True  # "… là Nguyễn Văn A" as weak as a comma: needs the chain unclaimed
    elif comma:
        q = 0
    if comma and claimed:
        return None, k
    h = _honorific(ft, k)
    if h and k + h < n and ft.gaps[k + h] == " ":
        k += h
    elif comma and not q and not opens:
        return None, k  # "…, Nguyễn Văn A" after a bare comma may be the next item of a list
    return by_start.get(k), k


def _candidate_before(ft: FieldText, k: int) -> bool:
    """Whether the words before token k say the person is a candidate for the post (``ứng cử viên``)."""
    for n in (2, 3):
        if k >= n and tuple(ft.words[k - n : k]) in post_cues("candidate") and ft.joined(k - n, k + 1):
            return True
    return False


def _honorific(ft: FieldText, k: int) -> int:
    """Length of an honorific at token k (0 when none)."""
    for n in (1, 2):
        if tuple(ft.words[k : k + n]) in HONORIFICS and ft.joined(k, k + n):
            return n
    return 0


def _pronoun(ft: FieldText, k: int) -> int:
    """Length of an honorific at token k used alone, as a pronoun (``ông được bầu …``), else 0."""
    h = _honorific(ft, k)
    if not h or (k + h < len(ft.words) and ft.caps[k + h]):
        return 0
    return h


def _latest(ft: FieldText, persons: list[Mention], k: int, before: list[Mention]) -> Mention | None:
    """The person named last before token k (in this field, else in earlier ones) whom the pronoun at k
    may stand for: ``ông`` not for a woman's name (``Thị``), ``bà`` not for a man's (``Văn``)."""
    other = {"ông": "Thị", "Ông": "Thị", "bà": "Văn", "Bà": "Văn"}.get(ft.words[k], "")
    here = sorted((p for p in persons if p.j <= k), key=lambda p: p.j)
    for p in reversed([*before, *here]):
        if other not in p.canonical.split(" ")[1:-1]:
            return p
    return None


def _said_of(ft: FieldText, j: int) -> int:
    """Where titles said of a person ending at token j start (-1 when nothing says one).

    Right after the name behind a comma, dash or bracket, or after a cue of the person's post, possibly
    past a bracketed aside and adverbs: ``X (sinh năm 1925), lúc đó là Bộ trưởng …``, ``do X làm Trưởng
    đoàn``, ``X được bầu làm Chủ tịch …``, ``X, hiện là Giám đốc …``.
    """
    words = ft.words
    n = len(words)
    if j >= n:
        return -1
    gap = ft.gaps[j]
    if gap in AFTER_NAME and _title_or_former(ft, j):
        return j
    k = j
    if gap == " (":
        for m in range(j + 1, min(n, j + MAX_ASIDE)):
            g = ft.gaps[m]
            if ")" in g:
                gap, k = g[g.index(")") + 1 :], m
                break
            if "(" in g or ". " in g:
                return -1
        else:
            return -1
    if gap not in (" ", ", "):
        return -1
    while True:
        a = longest(post_cues("adverb"), words, k, 3)
        if not a or not ft.joined(k, k + a) or k + a >= n or ft.gaps[k + a] != " ":
            break
        k += a
    v = longest(post_cues("verb"), words, k, 5)
    if not v or not ft.joined(k, k + v) or k + v >= n or ft.gaps[k + v] != " ":
        return -1
    k += v
    return k if _title_or_former(ft, k) else -1


def _title_or_former(ft: FieldText, k: int) -> bool:
    """Whether a title, possibly after ``nguyên``/``cựu``, starts at token k."""
    if ft.words[k] in FORMER and k + 1 < len(ft.words):
        return bool(title_at(ft, k + 1))
    return bool(title_at(ft, k))


def position_record(
    person: Mention, post: Post, date: str | None, province_of: Any, committee: str = ""
) -> dict[str, Any]:
    """The ``positions`` record of one post of a person; ``committee`` is the party committee of the
    story's most local unit, the organisation of a party secretary whose organ is not written."""
    implied = organs().get(key_of(post.implied)) if post.implied else None
    org = post.unit or (post.organization.canonical if post.organization is not None else None)
    if (
        org is None
        and post.implied
        and person.canonical.split(" ")[0] in family_names()
        and post.place is None
    ):
        # implied organs are Vietnamese ("Thủ tướng" -> Chính phủ); not for "Thủ tướng Hun Sen"
        # (a party secretary's organ is the committee of the story's place: "Phó Bí thư Phạm Văn Quý")
        org = (committee or None) if post.implied == COMMITTEE else implied[1] if implied else post.implied
    place = None
    for m in (post.organization, post.place):
        if m is not None and place is None:
            place = province_of(m)
    return {
        "person": person.canonical,
        "title": post.title,
        "organization": org,
        "place": place,
        "date": date,
        "person_id": person.id,
        "field": person.field,
        "start": person.start,
    }
