"""Vietnamese timestamps -> ISO 8601: ``19/04/2021 - 14:06``, ``Thứ hai, 12/8/2024, 17:45 (GMT+7)``.

The one grammar of dates and times in the project (plain text, bylines and HTML pages all use it).
Day-first dates (``d/m/yyyy``, ``d-m-yyyy``, ``d.m.yyyy``, ``ngày d tháng m năm yyyy``) and year-first
dates, with an optional time before or after (``14:06``, ``14h06``, ``8 giờ 30``, ``5:45 PM``,
``11:05 tối``) and an optional GMT/UTC offset; ISO 8601 stamps as metadata writes them.
A time without an offset is Vietnamese local time (``+07:00``); a date alone stays a date.
Two dialects choose the guards: plain text (``TEXT``) is strict because fractions, scores, versions and
phone numbers abound; a page's date block (``PAGE``) is already known to be a timestamp, so it also
takes 2-digit years, year-first dates with ``/`` or ``.`` and ``12 tháng 8, 2024``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import cache
from typing import NamedTuple

from baochi.extract.rules import data_lines

VN_TZ = timezone(timedelta(hours=7))


@dataclass(frozen=True)
class Dialect:
    """Which variants of the shared date forms a caller accepts."""

    min_year: int  # years before this are page furniture (copyright lines, phone numbers)
    short_years: bool  # "24/12/12"
    mixed_separators: bool  # "12/8-2024"
    loose_words: bool  # "12 tháng 8, 2024" without "ngày" and "năm"
    ymd_separators: str  # "-" only, or also "/" and "." ("2024/08/12")
    words_first: bool  # "ngày d tháng m năm y" is looked for before d/m/y
    date_end: str  # what may not follow a d/m/y date
    time_before: str  # characters (besides digits and ":") that may not precede a time
    time_after: str  # characters (besides digits) that may not follow a time


TEXT = Dialect(1945, False, False, False, "-", True, r"(?![\d/])", "/.", "/")
PAGE = Dialect(1990, True, True, True, "-/.", False, r"(?![\d/-]|\.\d)", "", "")
_MAX_YEAR = 2100

_OFFSET = re.compile(r"(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)
_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?)?(?P<sp>\s*)(?P<tz>Z|[+-]\d{2}:?\d{2})?"
)
# The mark must end a word: "10:45 Chủ nhật" is not "10:45 CH", "10:30 Sau đó" not "10:30 SA".
_MARKS = r"(?:\s*(?P<mark>am|pm|sa|ch|sáng|trưa|chiều|tối|đêm)(?!\w))?"
_PM = frozenset({"pm", "ch", "chiều", "tối"})
_AM = frozenset({"am", "sa"})
# Offsets beyond the world's widest (UTC+14) are not offsets.
_MAX_OFFSET = 14 * 60


@dataclass(frozen=True)
class Stamp:
    """A date found in a text, its time if one is written, and the offset stated with it."""

    day: date
    time: tuple[int, int, int] | None
    offset: timedelta | None


class _Forms(NamedTuple):
    dmy: re.Pattern[str]
    words: re.Pattern[str]
    ymd: re.Pattern[str]


@cache
def _forms(d: Dialect) -> _Forms:
    """The date regexes of a dialect, built from the one grammar."""
    year = r"\d{4}|\d{2}" if d.short_years else r"\d{4}"
    sep2 = r"[/.-]" if d.mixed_separators else r"(?P=s)"
    dmy = re.compile(
        rf"(?<![\d/.-])(?P<d>\d{{1,2}})\s*(?P<s>[/.-])\s*(?P<m>\d{{1,2}})\s*{sep2}\s*(?P<y>{year}){d.date_end}"
    )
    ngay, link = (r"", r"(?:năm|,)?\s*") if d.loose_words else (r"ngày\s+", r"(?:,\s*)?năm\s+")
    words = re.compile(
        rf"{ngay}(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}})\s*{link}(?P<y>\d{{4}})", re.IGNORECASE
    )
    seps = re.escape(d.ymd_separators)
    ysep2 = rf"[{seps}]" if d.mixed_separators else r"(?P=s)"
    ymd = re.compile(rf"(?<!\d)(?P<y>\d{{4}})(?P<s>[{seps}])(?P<m>\d{{1,2}}){ysep2}(?P<d>\d{{1,2}})(?!\d)")
    return _Forms(dmy, words, ymd)


@cache
def _time_rx(d: Dialect) -> re.Pattern[str]:
    before, after = re.escape(d.time_before), re.escape(d.time_after)
    return re.compile(
        rf"(?<![\d:{before}])(?P<h>\d{{1,2}})\s*(?::|h|giờ)\s*(?P<mi>\d{{2}})(?::(?P<s>\d{{2}}))?(?![\d{after}])"
        + _MARKS,
        re.IGNORECASE,
    )


def _hour(hour: int, mark: str) -> int:
    if mark in _PM and hour < 12:
        return hour + 12
    if mark == "đêm" and 6 <= hour < 12:  # "10 giờ đêm" is 22:00, "2 giờ đêm" is 02:00
        return hour + 12
    if mark == "trưa" and hour < 6:  # midday runs past noon: "1 giờ trưa" is 13:00
        return hour + 12
    if mark in _AM and hour == 12:
        return 0
    return hour


def _find_date(text: str, d: Dialect, month_first: bool) -> tuple[date, tuple[int, int]] | None:
    f = _forms(d)
    for rx in (f.words, f.dmy, f.ymd) if d.words_first else (f.dmy, f.words, f.ymd):
        is_dmy = rx is f.dmy
        for m in rx.finditer(text):
            day, month, y = int(m["d"]), int(m["m"]), int(m["y"])
            if y < 100:
                y += 2000
            if month_first and is_dmy and day <= 12:
                day, month = month, day
            if not d.min_year <= y <= _MAX_YEAR:
                continue
            try:
                return date(y, month, day), m.span()
            except ValueError:
                continue
    return None


def _find_time(text: str, d: Dialect, skip: tuple[int, int]) -> tuple[int, int, int] | None:
    for m in _time_rx(d).finditer(text):
        if m.start() < skip[1] and m.end() > skip[0]:  # "17h 12/08/2024" is a date, not 17:12
            continue
        h = _hour(int(m["h"]), (m["mark"] or "").lower())
        mi, s = int(m["mi"]), int(m["s"] or 0)
        if h < 24 and mi < 60 and s < 60:
            return h, mi, s
    return None


def find_offset(text: str) -> timedelta | None:
    """The first GMT/UTC offset written in a text (``GMT+7``, ``UTC -05:30``), if plausible."""
    m = _OFFSET.search(text)
    if m is None:
        return None
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    if minutes > _MAX_OFFSET:
        return None
    return timedelta(minutes=minutes if m.group(1) == "+" else -minutes)


def scan(text: str, dialect: Dialect = TEXT, *, month_first: bool = False) -> Stamp | None:
    """The first valid date of a text, the first valid time outside it, and the stated offset."""
    found = _find_date(text, dialect, month_first)
    if found is None:
        return None
    day, span = found
    hms = _find_time(text, dialect, span)
    return Stamp(day, hms, find_offset(text) if hms else None)


def iso_fields(text: str, *, whole: bool) -> tuple[date, tuple[int, int, int] | None, timezone | None] | None:
    """Date, time and offset of an ISO 8601 stamp (the whole text, or the first one in it)."""
    m = _ISO.fullmatch(text.strip()) if whole else _ISO.search(text.strip())
    if m is None or (whole and m["sp"]):
        return None
    tz: timezone | None = None
    try:
        day = date(int(m["y"]), int(m["mo"]), int(m["d"]))
        off = m["tz"]
        if off == "Z":
            tz = UTC
        elif off:
            off = off.replace(":", "")
            sign = 1 if off[0] == "+" else -1
            tz = timezone(sign * timedelta(hours=int(off[1:3]), minutes=int(off[3:5])))
    except ValueError:
        return None
    if m["h"] is None:
        return day, None, tz
    hms = int(m["h"]), int(m["mi"]), int(m["s"] or 0)
    if hms[0] > 23 or hms[1] > 59 or hms[2] > 59:
        return None
    return day, hms, tz


def _parse_iso(text: str) -> str | None:
    fields = iso_fields(text, whole=True)
    if fields is None:
        return None
    day, hms, tz = fields
    if not TEXT.min_year <= day.year <= _MAX_YEAR:
        return None
    # Dumps write "2018-11-26 00:00:00" when the page only showed a date.
    if hms is None or (tz is None and hms == (0, 0, 0)):
        return day.isoformat()
    return datetime(day.year, day.month, day.day, *hms, tzinfo=tz or VN_TZ).isoformat(timespec="seconds")


def parse_vi_datetime(text: str | None) -> str | None:
    """ISO 8601 of the first date (and time) in ``text``; ``+07:00`` unless an offset is written."""
    if not text:
        return None
    if (m := _ISO.fullmatch(text.strip())) and not m["sp"]:
        return _parse_iso(text)
    stamp = scan(text)
    if stamp is None:
        return None
    day = stamp.day
    if stamp.time is None:
        return day.isoformat()
    tz = VN_TZ if stamp.offset is None else timezone(stamp.offset)
    return datetime(day.year, day.month, day.day, *stamp.time, tzinfo=tz).isoformat(timespec="seconds")


@cache
def _weekday_rx() -> re.Pattern[str]:
    names = sorted(data_lines("weekdays.txt"), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in names) + r")(?!\w)", re.IGNORECASE)


@cache
def _filler_rx() -> re.Pattern[str]:
    words = sorted(data_lines("timestamp_words.txt"), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)


_LEFTOVER = re.compile(r"\w")
_DIGIT = re.compile(r"\d")


def timestamp_line(line: str) -> str | None:
    """The ISO time of a line that is nothing but a timestamp (weekday, date, time, offset), else None."""
    if len(line) > 80 or _DIGIT.search(line) is None:
        return None
    value = parse_vi_datetime(line)
    if value is None:
        return None
    rest = _OFFSET.sub(" ", line)
    f = _forms(TEXT)
    rest = _time_rx(TEXT).sub(" ", f.dmy.sub(" ", f.words.sub(" ", f.ymd.sub(" ", rest))))
    rest = _filler_rx().sub(" ", _weekday_rx().sub(" ", rest))
    return None if _LEFTOVER.search(rest) else value
