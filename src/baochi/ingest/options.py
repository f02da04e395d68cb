"""What the user told the readers (command-line options), passed unchanged to every reader."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True, kw_only=True)
class ReadOptions:
    """Reader options; None means "detect" / "use the defaults".

    ``fields`` maps record roles (``text``, ``html``, ``title``, ``url``, ``date``, ``authors``, ...) to the
    field names of a JSON/JSONL/Parquet dump, overriding the default field names for that role.
    ``encoding`` forces the character set of text and HTML inputs.
    """

    fields: dict[str, str] = field(default_factory=dict)
    encoding: str | None = None
