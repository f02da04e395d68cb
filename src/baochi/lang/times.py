"""Vietnamese time expressions with character offsets and normalised values.

``find_time_expressions(text, anchor)`` returns dicts ``{start, end, text, kind, value}``: ``kind`` is
``date`` (value ``YYYY-MM-DD``), ``datetime`` (``YYYY-MM-DDTHH:MM``), ``period`` (``{"start", "end"}``,
inclusive days), ``relative`` (a day or a period computed from the anchor), ``ordinal`` (``lần thứ 6`` -> 6)
or ``term`` (``khóa XV`` -> 15). Dates are read day first, always. A date or month without a year takes
the anchor's year; expressions that need an anchor are skipped when there is none. The words come from
``data/time_words.tsv``; the patterns are built from them once.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from itertools import accumulate
from typing import Any

from baochi.lang.resources import data_rows

_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_MONTH = r"(?:1[0-2]|0?[1-9])"
_YEAR = r"(?:1[89]\d\d|20\d\d|21\d\d)"
# Patterns run on the lower-cased text (no IGNORECASE: several times faster); a Roman numeral is then
# checked to be upper case in the original text.
_ROMAN = r"(?=[ivxl])l?x{0,3}(?:ix|iv|v?i{0,3})"
_END = r"(?![\w/])"
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


@dataclass(slots=True)
class _Words:
    table: dict[str, dict[str, int]]

    def alt(self, category: str) -> str:
        """A regex alternation of the category's phrases, longest first, spaces matching any space."""
        phrases = sorted(self.table.get(category, {}), key=len, reverse=True)
        return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in phrases)

    def value(self, category: str, phrase: str) -> int:
        return self.table[category][" ".join(phrase.lower().split())]


@cache
def _words() -> _Words:
    table: dict[str, dict[str, int]] = {}
    for category, phrase, value in data_rows("time_words.tsv"):
        table.setdefault(category, {})[phrase] = int(value)
    return _Words(table)


@cache
def _pattern() -> re.Pattern[str]:
    w = _words()
    part = w.alt("part")
    time = (
        rf"(?P<hh>2[0-3]|[01]?\d)\s*(?:(?::|h|g|giờ)\s*(?P<mm>[0-5]\d)(?:\s*phút)?|h|giờ){_END}"
        rf"(?:\s+(?P<tpart>{part})(?:\s+(?P<tsuffix>{w.alt('daysuffix')}))?{_END})?"
    )
    prefix = rf"(?:(?:thứ\s+(?:{w.alt('number')}|\d)|chủ\s+nhật)\s*,?\s*)?"
    dprefix = rf"(?:(?P<dpart>{part})\s+(?:ngày\s+)?|(?P<dword>ngày|hôm)\s+)?"
    numeric = rf"(?P<d>{_DAY})(?P<sep>[/.\-])(?P<m>{_MONTH})(?:(?P=sep)(?P<y>{_YEAR}))?"
    worded = rf"(?P<d2>{_DAY})\s+tháng\s+(?P<m2>{_MONTH})(?:\s*(?:,\s*)?(?:năm\s+|[/\-]\s*)(?P<y2>{_YEAR}))?"
    date = rf"(?<![\w/.\-]){prefix}{dprefix}(?:{numeric}|{worded}){_END}(?![.\-]\d)"
    rel_day = (
        rf"(?:(?P<rpart>{part})\s+(?P<rsuffix>{w.alt('daysuffix')})|(?P<rday>{w.alt('day')})"
        rf"|(?P<rweek>{w.alt('week')})|(?P<rmonth>{w.alt('month')})|(?P<ryear>{w.alt('year')})){_END}"
    )
    quarter = rf"quý\s+(?P<q>iv|i{{1,3}}|[1-4])(?!\w)(?:\s*(?:[-/]|năm)\s*(?P<qy>{_YEAR}){_END})?"
    half = (
        rf"(?P<hn>\d{{1,2}}|{w.alt('number')})\s+tháng\s+(?P<hside>đầu|cuối)\s+năm"
        rf"(?:\s+(?P<hy>{_YEAR}))?{_END}"
    )
    month = rf"tháng\s+(?P<mo>{_MONTH})(?:\s*(?:[/\-]|,?\s*năm)\s*(?P<moy>{_YEAR}))?{_END}"
    yrange = rf"(?:(?P<rnoun>{w.alt('range')})\s+)(?P<y1>{_YEAR})\s*[-–—]\s*(?P<y3>{_YEAR}){_END}"
    year = rf"năm\s+(?P<yr>{_YEAR})(?:\s*[-–—]\s*(?P<yr2>{_YEAR}))?{_END}"
    ordinal = rf"(?P<onoun>{w.alt('ordinal')})\s+thứ\s+(?P<on>\d{{1,3}}|{_ROMAN}|{w.alt('number')}){_END}"
    term = rf"(?P<tnoun>{w.alt('term')})\s+(?P<tn>{_ROMAN}|\d{{1,3}}){_END}"
    alternatives = [
        ("date", date), ("time", rf"(?<![\w:/.,]){time}"), ("rel", rel_day), ("quarter", quarter),
        ("half", half), ("yrange", yrange), ("month", month), ("year", year), ("ordinal", ordinal),
        ("term", term),
    ]  # fmt: skip
    body = "|".join(f"(?P<{name}>{pat})" for name, pat in alternatives)
    return re.compile(rf"(?<!\w)(?:{body})")


@cache
def _start_words() -> tuple[str, ...]:
    """The words an expression can start with, besides a number (first words of the listed phrases)."""
    firsts = {p.split()[0] for table in _words().table.values() for p in table}
    firsts |= {"thứ", "chủ", "ngày", "hôm", "quý", "tháng", "năm"}  # the fixed words of the patterns
    return tuple(sorted(firsts))


@cache
def _start_pattern() -> re.Pattern[str]:
    """A start word between non-alphanumeric characters, or a run of digits (anywhere). The words are
    grouped by first letter behind a look-ahead on those letters: most positions fail at once."""
    by_first: dict[str, list[str]] = {}
    for word in _start_words():
        by_first.setdefault(word[0], []).append(word[1:])
    branches = []
    for first, rests in sorted(by_first.items()):
        rests.sort(key=len, reverse=True)
        branches.append(re.escape(first) + "(?:" + "|".join(map(re.escape, rests)) + ")")
    firsts = re.escape("".join(sorted(by_first)))
    return re.compile(rf"(?=[{firsts}\d])(?:(?<![^\W_])(?:{'|'.join(branches)})(?![^\W_])|\d+)")


def _starts(low: str) -> list[int]:
    """Positions where an expression may start: numbers and the start words (one scan of the text, far
    faster than the full pattern tried at every position)."""
    return [m.start() for m in _start_pattern().finditer(low)]


def roman_to_int(text: str) -> int | None:
    """The value of an upper-case Roman numeral (I..L range), None when not one."""
    if not text or not text.isupper() or any(c not in _ROMAN_VALUES for c in text):
        return None
    total = 0
    for i, c in enumerate(text):
        v = _ROMAN_VALUES[c]
        total += -v if i + 1 < len(text) and _ROMAN_VALUES[text[i + 1]] > v else v
    return total


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    roman = roman_to_int(text)
    if roman is not None:
        return roman
    try:
        return _words().value("number", text)
    except KeyError:
        return None


def _period(start: date, end: date) -> dict[str, str]:
    return {"start": start.isoformat(), "end": end.isoformat()}


def _month_period(year: int, month: int) -> dict[str, str]:
    return _period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def _shift_month(d: date, months: int) -> tuple[int, int]:
    index = d.year * 12 + d.month - 1 + months
    return index // 12, index % 12 + 1


def _hour(hh: int, part: str | None) -> int:
    """24-hour clock from a reading and an optional part of the day (3 giờ chiều = 15)."""
    if part:
        add = _words().value("part", part)
        # "đêm" adds 12 only to evening hours (11 giờ đêm = 23, 2 giờ đêm = 2).
        if add and hh < 12 and not (part.lower() == "đêm" and hh < 6):
            return hh + add
    return hh


class _Groups:
    """Groups of a match as written in the original text (the match ran on its lower-cased copy)."""

    __slots__ = ("m", "text")

    def __init__(self, m: re.Match[str], text: str) -> None:
        self.m, self.text = m, text

    def __getitem__(self, name: str) -> str:
        """The group's text, '' when it did not take part in the match."""
        start = self.m.start(name)
        return "" if start < 0 else self.text[start : self.m.end(name)]


def _value(m: re.Match[str], text: str, anchor: date | None) -> tuple[str, Any] | None:
    g = _Groups(m, text)
    kind = m.lastgroup
    try:
        if kind == "date":
            d, mo, y = (g["d"], g["m"], g["y"]) if g["d"] else (g["d2"], g["m2"], g["y2"])
            if not y:
                # A bare D/M or D.M is a fraction or a decimal unless a day word introduces it or it
                # stands alone in brackets, as news writes the date after "hôm qua (6/2)".
                bracketed = text[m.start() - 1 : m.start()] == "(" and text[m.end() : m.end() + 1] == ")"
                if g["sep"] == "." or not (g["dpart"] or g["dword"] or g["d2"] or bracketed):
                    return None
                if anchor is None:
                    return None
                y = str(anchor.year)
            return "date", date(int(y), int(mo), int(d)).isoformat()
        if kind == "time":
            if anchor is None:
                return None
            hh = _hour(int(g["hh"]), g["tpart"])
            if g["tsuffix"]:
                anchor += timedelta(days=_words().value("daysuffix", g["tsuffix"]))
            return "datetime", f"{anchor.isoformat()}T{hh:02d}:{int(g['mm'] or 0):02d}"
        if kind == "rel":
            return _relative(g, anchor)
        if kind == "quarter":
            q = _number(g["q"])
            year = int(g["qy"]) if g["qy"] else (anchor.year if anchor else None)
            if q is None or year is None or not 1 <= q <= 4:
                return None
            first = date(year, 3 * q - 2, 1)
            return "period", _period(first, date(year, 3 * q, calendar.monthrange(year, 3 * q)[1]))
        if kind == "half":
            n = _number(g["hn"])
            year = int(g["hy"]) if g["hy"] else (anchor.year if anchor else None)
            if n is None or year is None or not 1 <= n <= 11:
                return None
            if g["hside"].lower() == "đầu":
                return "period", _period(date(year, 1, 1), date(year, n, calendar.monthrange(year, n)[1]))
            return "period", _period(date(year, 13 - n, 1), date(year, 12, 31))
        if kind == "month":
            year = int(g["moy"]) if g["moy"] else (anchor.year if anchor else None)
            return None if year is None else ("period", _month_period(year, int(g["mo"])))
        if kind == "yrange":
            y1, y2 = int(g["y1"]), int(g["y3"])
            return None if y2 < y1 else ("period", _period(date(y1, 1, 1), date(y2, 12, 31)))
        if kind == "year":
            y1 = int(g["yr"])
            y2 = int(g["yr2"]) if g["yr2"] else y1
            return None if y2 < y1 else ("period", _period(date(y1, 1, 1), date(y2, 12, 31)))
        if kind == "ordinal":
            n = _number(g["on"])
            return None if n is None else ("ordinal", n)
        if kind == "term":
            n = _number(g["tn"])
            return None if n is None or n == 0 else ("term", n)
    except ValueError:  # 31/2 and the like
        return None
    return None


def _relative(g: _Groups, anchor: date | None) -> tuple[str, Any] | None:
    if anchor is None:
        return None
    w = _words()
    if g["rsuffix"]:
        return "relative", (anchor + timedelta(days=w.value("daysuffix", g["rsuffix"]))).isoformat()
    if g["rday"]:
        return "relative", (anchor + timedelta(days=w.value("day", g["rday"]))).isoformat()
    if g["rweek"]:
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=w.value("week", g["rweek"]))
        return "relative", _period(monday, monday + timedelta(days=6))
    if g["rmonth"]:
        y, mo = _shift_month(anchor, w.value("month", g["rmonth"]))
        return "relative", _month_period(y, mo)
    year = anchor.year + w.value("year", g["ryear"])
    return "relative", _period(date(year, 1, 1), date(year, 12, 31))


# Words right before a clock time that make it one (lúc 5 giờ, từ 7h đến 9h).
_CLOCK_CUE = re.compile(r"(?:lúc|vào|từ|đến|tới|khoảng|đúng|trước|sau|-|–)\s*$")
# Numbers and quantifiers before "năm qua", "tháng trước": the span counted back from now.
_COUNTED = re.compile(r"(?:\d+|nhiều|những|các|mấy|vài|hai|ba|bốn|năm|mười|hàng)\s+$")


# A date and a clock time this close together are one moment ("19/04/2021 - 14:06", "15h30 ngày 19/4").
_JOIN = re.compile(r"\s*(?:[-–,]\s*)?(?:(?:vào\s+)?lúc\s+)?")


def _merge(text: str, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and {prev["kind"], item["kind"]} == {"date", "datetime"}
            and item.get("_clock") != prev.get("_clock")
        ):
            gap = text[prev["end"] : item["start"]]
            if _JOIN.fullmatch(gap):
                day = prev["value"] if prev["kind"] == "date" else item["value"]
                clock = (item if prev["kind"] == "date" else prev)["value"][10:]
                prev.update(end=item["end"], text=text[prev["start"] : item["end"]], kind="datetime")
                prev["value"] = day + clock
                prev["_clock"] = None
                prev.pop("_weak", None)
                continue
        out.append(item)
    return out


def find_time_expressions(text: str, anchor: date | datetime | str | None = None) -> list[dict[str, Any]]:
    """Every time expression in ``text``: ``{start, end, text, kind, value}``, in order, not overlapping.

    ``anchor`` (the publication time; a date, datetime or ISO string) gives the year of dates written
    without one, the day of bare clock times and the reference of relative expressions.
    """
    return find_time_expressions_in([text], anchor)[0]


def find_time_expressions_in(
    texts: Sequence[str], anchor: date | datetime | str | None = None
) -> list[list[dict[str, Any]]]:
    """``find_time_expressions`` of each text, in one scan: the pipeline's call for the fields of one
    record. The texts are joined by NUL characters, which no pattern, cue or merge crosses, and a bare
    clock time takes the last date of its own text; offsets are into each text."""
    day = _anchor_date(anchor)
    found: list[dict[str, Any]] = []
    last_day = day
    pattern = _pattern()
    text = "\x00".join(texts)
    bounds = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    next_text = 1  # index of the next text to start
    low = text.lower()
    if len(low) != len(text):  # a few letters (İ) lower-case to two characters: keep offsets exact
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    pos = 0
    for start in _starts(low):
        if start < pos:
            continue
        m = pattern.match(low, start)
        if m is None:
            continue
        pos = m.end()
        if next_text < len(bounds) and start >= bounds[next_text]:
            while next_text < len(bounds) and start >= bounds[next_text]:
                next_text += 1
            last_day = day  # a new text: no date written yet
        # A bare clock time belongs to the last date written before it, else to the anchor's day.
        result = _value(m, text, last_day if m.lastgroup == "time" else day)
        if result is None:
            continue
        kind, value = result
        item: dict[str, Any] = {
            "start": m.start(),
            "end": m.end(),
            "text": text[m.start() : m.end()],
            "kind": kind,
            "value": value,
        }
        if m.lastgroup == "time":
            item["_clock"] = True
            # "5 giờ" alone is as often a duration (kéo dài 5 giờ) as a time: kept only with minutes, a
            # part of the day, a cue word before it (lúc 5 giờ) or a date next to it.
            if not (
                m.group("mm")
                or m.group("tpart")
                or _CLOCK_CUE.search(low[max(0, m.start() - 12) : m.start()])
            ):
                item["_weak"] = True
        elif kind == "relative" and _COUNTED.search(low[max(0, m.start() - 12) : m.start()]):
            continue  # "10 năm qua", "nhiều tháng qua": a span counted back, not last year or month
        elif kind == "date":
            last_day = date.fromisoformat(value)
        found.append(item)
    out: list[list[dict[str, Any]]] = [[] for _ in texts]
    for item in _merge(text, found):
        if item.get("_weak"):
            continue
        item.pop("_clock", None)
        i = bisect_right(bounds, item["start"]) - 1
        if i:
            item["start"] -= bounds[i]
            item["end"] -= bounds[i]
        out[i].append(item)
    return out


def _anchor_date(anchor: date | datetime | str | None) -> date | None:
    if anchor is None or anchor == "":
        return None
    if isinstance(anchor, str):
        try:
            anchor = datetime.fromisoformat(anchor)
        except ValueError:
            return None
    if isinstance(anchor, datetime):
        return anchor.date()
    return anchor
