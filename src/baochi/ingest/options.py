"""What the user told the readers (command-line options), passed unchanged to every reader."""

from __future__ import annotations

from dataclasses import dataclass, field

from baochi.ingest.limits import Limits, default_limits


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

    @property
    def bounds(self) -> Limits:
        """The limits in force."""
        return self.limits or default_limits()
