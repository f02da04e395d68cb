"""Publication times as pages show them and as metadata states them -> ISO 8601 in Vietnam time.

The date and time grammar is ``baochi.extract.dates`` (its ``PAGE`` dialect); this layer adds what only
pages need: the site's stated offset, English CMS labels that print the month first, the has-time flag,
and conversion to ``+07:00``. Visible forms: ``Thứ hai, 12/8/2024, 17:45 (GMT+7)``, ``23/10/2013 14:20``,
``07-03-2026 - 09:40 AM``, ``15:20 PM | 21/12/2012``, ``Cập nhật thứ hai, ngày 24/12/12 11:05 tối``,
``Published on 03-08-2011 01:00 AM``. Metadata: ISO 8601 with or without an offset.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

from baochi.extract.dates import PAGE, VN_TZ, iso_fields, scan

# English labels of forum/blog CMSs (vBulletin, WordPress) print US dates: month first.
_ENGLISH = re.compile(r"\b(published|posted)\b", re.IGNORECASE)


def parse_visible(text: str, site_offset: timedelta | None = None) -> tuple[str, bool] | None:
    """(ISO value, has time) of the first date in a visible text, or None."""
    stamp = scan(text, PAGE, month_first=_ENGLISH.search(text) is not None)
    if stamp is None:
        return None
    d = stamp.day
    if stamp.time is None:
        return d.isoformat(), False
    offset = stamp.offset if stamp.offset is not None else site_offset
    tz = VN_TZ if offset is None else timezone(offset)
    hour, minute, _ = stamp.time  # pages show minutes; a stray seconds field is not kept
    dt = datetime(d.year, d.month, d.day, hour, minute, tzinfo=tz).astimezone(VN_TZ)
    return dt.isoformat(), True


def parse_meta(value: str) -> tuple[str, bool] | None:
    """(ISO value, has time) of a metadata timestamp; a missing offset means Vietnam time."""
    fields = iso_fields(value, whole=False)
    if fields is None:
        return None
    d, hms, tz = fields
    if hms is None:
        return date(d.year, d.month, d.day).isoformat(), False
    dt = datetime(d.year, d.month, d.day, hms[0], hms[1], tzinfo=tz or VN_TZ).astimezone(VN_TZ)
    return dt.isoformat(), True


def same_day(a: str, b: str) -> bool:
    """True when two ISO values fall on the same calendar day (in their own offsets)."""
    return a[:10] == b[:10]
