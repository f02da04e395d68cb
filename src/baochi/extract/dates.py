"""Vietnamese timestamps -> ISO 8601: ``19/04/2021 - 14:06``, ``Thứ hai, 12/8/2024, 17:45 (GMT+7)``.

Day-first dates (``d/m/yyyy``, ``d-m-yyyy``, ``d.m.yyyy``, ``ngày d tháng m năm yyyy``) and ISO dates,
with an optional time before or after (``14:06``, ``14h06``, ``5:45 PM``) and an optional GMT/UTC offset.
A time without an offset is Vietnamese local time (``+07:00``); a date alone stays a date.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from functools import cache

from baochi.extract.rules import data_lines

VN_TZ = timezone(timedelta(hours=7))

_DMY = re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*(\d{4})(?![\d/])")
_WORDS = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:,\s*)?năm\s+(\d{4})", re.IGNORECASE)
_YMD = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_TIME = re.compile(
    r"(?<![\d:/.])(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})(?::(\d{2}))?(?![\d/])\s*(AM|PM|SA|CH|sáng|chiều|tối)?",
    re.IGNORECASE,
)
_OFFSET = re.compile(r"(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)
_ISO = re.compile(
    r"^\s*\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?\s*$"
)
_PM = frozenset({"pm", "ch", "chiều", "tối"})
# Years outside this window are page furniture (copyright lines, phone numbers), not publication dates.
_MIN_YEAR, _MAX_YEAR = 1945, 2100


def _iso(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def _parse_iso(text: str) -> str | None:
    try:
        dt = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if not _MIN_YEAR <= dt.year <= _MAX_YEAR:
        return None
    if dt.tzinfo is None:
        if (dt.hour, dt.minute, dt.second) == (0, 0, 0) and len(text.strip()) > 10:
            # Dumps write "2018-11-26 00:00:00" when the page only showed a date.
            return dt.date().isoformat()
        if len(text.strip()) <= 10:
            return dt.date().isoformat()
        dt = dt.replace(tzinfo=VN_TZ)
    return _iso(dt)


def _find_date(text: str) -> tuple[date, tuple[int, int]] | None:
    for rx, order in ((_WORDS, "dmy"), (_DMY, "dmy"), (_YMD, "ymd")):
        for m in rx.finditer(text):
            if rx is _DMY:
                d, mo, y = int(m.group(1)), int(m.group(3)), int(m.group(4))
            elif order == "dmy":
                d, mo, y = (int(g) for g in m.groups())
            else:
                y, mo, d = (int(g) for g in m.groups())
            if not _MIN_YEAR <= y <= _MAX_YEAR:
                continue
            try:
                return date(y, mo, d), m.span()
            except ValueError:
                continue
    return None


def _find_time(text: str, skip: tuple[int, int]) -> tuple[int, int, int] | None:
    for m in _TIME.finditer(text):
        if skip[0] <= m.start() < skip[1]:
            continue
        h, mi, s = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
        mark = (m.group(4) or "").lower()
        if mark in _PM and h < 12:
            h += 12
        elif mark in {"am", "sa"} and h == 12:
            h = 0
        if h < 24 and mi < 60 and s < 60:
            return h, mi, s
    return None


def parse_vi_datetime(text: str | None) -> str | None:
    """ISO 8601 of the first date (and time) in ``text``; ``+07:00`` unless an offset is written."""
    if not text:
        return None
    if _ISO.match(text):
        return _parse_iso(text)
    found = _find_date(text)
    if found is None:
        return None
    day, span = found
    hms = _find_time(text, span)
    if hms is None:
        return day.isoformat()
    tz = VN_TZ
    off = _OFFSET.search(text)
    if off:
        minutes = int(off.group(2)) * 60 + int(off.group(3) or 0)
        if minutes <= 14 * 60:
            tz = timezone(timedelta(minutes=minutes if off.group(1) == "+" else -minutes))
    return _iso(datetime(day.year, day.month, day.day, *hms, tzinfo=tz))


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
    rest = _TIME.sub(" ", _DMY.sub(" ", _WORDS.sub(" ", _YMD.sub(" ", rest))))
    rest = _filler_rx().sub(" ", _weekday_rx().sub(" ", rest))
    return None if _LEFTOVER.search(rest) else value
