"""The exception tree of baochi.

BaochiError                 base of everything baochi raises on purpose
├── InputError              an input cannot be read: missing, binary, empty, undecodable, bad JSON line
│   └── DecodeError         bytes that no supported encoding decodes
├── ExtractionError         a document was read but no record could be made from it
├── StoreError              the embedded database refused an operation or has an unknown schema
└── QueryError              a search query that cannot be answered (after sanitising)

Record-level problems never stop a batch: readers and stages catch them, count them under
``errors`` and report one line per failed input; ``--strict`` turns the first into a stop.
"""

from __future__ import annotations


class BaochiError(Exception):
    """Base class of every error baochi raises on purpose."""


class InputError(BaochiError):
    """An input (file, record, line) cannot be read."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class DecodeError(InputError):
    """Bytes that no supported encoding decodes."""


class ExtractionError(BaochiError):
    """A document was read but no record could be made from it."""


class StoreError(BaochiError):
    """The embedded database refused an operation or has an unknown schema."""


class QueryError(BaochiError):
    """A search query that cannot be answered."""
