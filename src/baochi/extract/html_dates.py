"""Publication times as pages show them and as metadata states them -> ISO 8601 (``+07:00`` by default).

Visible forms: ``Thứ hai, 12/8/2024, 17:45 (GMT+7)``, ``23/10/2013 14:20``, ``07-03-2026 - 09:40 AM``,
``15:20 PM | 21/12/2012``, ``Cập nhật thứ hai, ngày 24/12/12 11:05 tối``, ``Published on 03-08-2011 01:00
AM`` (English CMS labels write the month first). Metadata: ISO 8601 with or without an offset.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7))
_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4}|\d{2})(?![\d/-]|\.\d)")
# "ngày 12 tháng 8 năm 2024", "12 tháng 8, 2024"
_WORDS_DATE = re.compile(r"(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:năm|,)?\s*(\d{4})", re.IGNORECASE)
# "2024-08-12 17:45", "2024/08/12"
_YEAR_FIRST = re.compile(r"(?<!\d)((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
_TIME = re.compile(
    r"(?<![\d:])(\d{1,2})\s*(?::|h|giờ)\s*(\d{2})(?::(\d{2}))?(?!\d)\s*(am|pm|sáng|trưa|chiều|tối|đêm)?",
    re.IGNORECASE,
)
_GMT = re.compile(r"(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.IGNORECASE)
# English labels of forum/blog CMSs (vBulletin, WordPress) print US dates: month first.
_ENGLISH = re.compile(r"\b(published|posted)\b", re.IGNORECASE)
_ISO = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?"
)
_PM = {"pm", "chiều", "tối", "đêm"}


def _year(y: str) -> int:
    n = int(y)
    return n + 2000 if n < 100 else n


def parse_visible(text: str, site_offset: timedelta | None = None) -> tuple[str, bool] | None:
    """(ISO value, has time) of the first date in a visible text, or None."""
    m = _DATE.search(text) or _WORDS_DATE.search(text)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), _year(m.group(3))
        day, month = (b, a) if _ENGLISH.search(text) and a <= 12 and m.re is _DATE else (a, b)
    else:
        m = _YEAR_FIRST.search(text)
        if not m:
            return None
        y, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1990 <= y <= 2100):
        return None
    try:
        d = date(y, month, day)
    except ValueError:
        return None
    rest = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]
    t = _TIME.search(rest)
    if not t:
        return d.isoformat(), False
    hour, minute = int(t.group(1)), int(t.group(2))
    mark = (t.group(4) or "").lower()
    if mark in _PM and hour < 12:
        hour += 12
    elif mark == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return d.isoformat(), False
    tz = VN_TZ
    g = _GMT.search(text)
    if g:
        sign = 1 if g.group(1) == "+" else -1
        tz = timezone(sign * timedelta(hours=int(g.group(2)), minutes=int(g.group(3) or 0)))
    elif site_offset is not None:
        tz = timezone(site_offset)
    dt = datetime(d.year, d.month, d.day, hour, minute, tzinfo=tz).astimezone(VN_TZ)
    return dt.isoformat(), True


def parse_meta(value: str) -> tuple[str, bool] | None:
    """(ISO value, has time) of a metadata timestamp; a missing offset means Vietnam time."""
    m = _ISO.search(value.strip())
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        if m.group(4) is None:
            return date(y, mo, d).isoformat(), False
        dt = datetime(y, mo, d, int(m.group(4)), int(m.group(5)), int(m.group(6) or 0))
    except ValueError:
        return None
    off = m.group(7)
    if off:
        if off == "Z":
            tz = UTC
        else:
            off = off.replace(":", "")
            sign = 1 if off[0] == "+" else -1
            tz = timezone(sign * timedelta(hours=int(off[1:3]), minutes=int(off[3:5])))
        dt = dt.replace(tzinfo=tz).astimezone(VN_TZ)
    else:
        dt = dt.replace(tzinfo=VN_TZ)
    return dt.replace(second=0).isoformat(), True


def same_day(a: str, b: str) -> bool:
    """True when two ISO values fall on the same calendar day (in their own offsets)."""
    return a[:10] == b[:10]
