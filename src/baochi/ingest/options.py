"""What the user told the readers (command-line options), passed unchanged to every reader."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from baochi.ingest.limits import Limits, default_limits

# A ``--date`` value: a date, or a date and time with an optional zone.
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:[+-]\d{2}:?\d{2}|Z)?)?\Z")
# The legacy Vietnamese encodings baochi decodes itself (``baochi.ingest.decode``), by their option names.
LEGACY_ENCODINGS = ("tcvn3", "vni", "viqr")


@dataclass(slots=True, kw_only=True)
class ReadOptions:
    """Reader options; None means "detect" / "use the defaults".

    ``fields`` maps record roles (``text``, ``html``, ``title``, ``url``, ``date``, ``authors``, ...) to the
    field names of a JSON/JSONL/CSV/Parquet dump, overriding the default field names for that role.
    ``encoding`` forces the character set of text and HTML inputs. ``outlet`` and ``date`` are defaults
    for inputs that carry none (an outlet name or domain; a date or time as ``YYYY-MM-DD[THH:MM]``).
    ``follow_symlinks``: follow symbolic links met in folders and globs even when they point outside the
    inputs named. ``limits``: per-input limits (None: the defaults and ``BAOCHI_MAX_*`` variables).
    """

    fields: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
    outlet: str | None = None
    date: str | None = None
    follow_symlinks: bool = False
    limits: Limits | None = None

    @classmethod
    def given(
        cls,
        *,
        fields: Mapping[str, str] | None = None,
        encoding: str | None = None,
        outlet: str | None = None,
        date: str | None = None,
        follow_symlinks: bool = False,
    ) -> ReadOptions:
        """The options a caller gave (``baochi.read``, ``Store.ingest``, the command line), checked: the
        one place they are built. Raises ValueError for an unknown encoding or a date that is no
        ``YYYY-MM-DD[THH:MM]``."""
        import codecs

        if encoding is not None and encoding.lower() not in LEGACY_ENCODINGS:
            try:
                codecs.lookup(encoding)
            except LookupError:
                raise ValueError(f"unknown encoding {encoding!r}") from None
        if date is not None and default_date(date) is None:
            raise ValueError(f"date: expected YYYY-MM-DD or YYYY-MM-DDTHH:MM, got {date!r}")
        return cls(
            fields=dict(fields or {}),
            encoding=encoding,
            outlet=outlet,
            date=date,
            follow_symlinks=follow_symlinks,
        )

    @property
    def bounds(self) -> Limits:
        """The limits in force."""
        return self.limits or default_limits()


def default_date(value: str) -> str | None:
    """A ``--date`` value as a record's ``published_at`` (a date alone stays a date), or None."""
    value = value.strip()
    if not _DATE.match(value):
        return None
    if len(value) > 10 and value[10] == " ":
        value = value[:10] + "T" + value[11:]
    if len(value) > 10 and not re.search(r"(?:[+-]\d{2}:?\d{2}|Z)\Z", value):
        value += "+07:00"  # a naive time of a Vietnamese outlet is Vietnamese local time
    try:  # a real day and time (2017-13-45 has the shape of a date, not its meaning)
        datetime.fromisoformat(value)
    except ValueError:
        return None
    return value
