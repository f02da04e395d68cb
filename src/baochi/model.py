"""The Article record (record format v1) and the raw Document it came from.

This module is the only place that knows how a record is (de)serialised: ``to_dict`` / ``from_dict``
serve JSONL output, the store and distributed workers alike. Field names are a contract with users'
scripts: later stages add fields, never rename them.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

RECORD_FORMAT = 1

PageType = Literal["article", "list", "other"]
DocumentKind = Literal["text", "html", "record"]


@dataclass(slots=True, kw_only=True)
class Document:
    """One raw input document, kept unchanged so every stage can be re-run from it.

    ``kind`` says what ``data`` holds: ``text`` (a scraped plain-text page), ``html`` (a saved page or a
    WARC payload) or ``record`` (one JSON object of a crawler or corpus dump, as its UTF-8 bytes).
    ``meta`` carries what the container knew about the document (WARC headers, HTTP charset, the
    field names to use in a record), never something derived from ``data``.
    """

    source: str
    data: bytes
    kind: DocumentKind
    source_offset: int | None = None
    url: str | None = None
    fetched_at: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def raw_sha256(self) -> str:
        """Hex SHA-256 of the input bytes."""
        return hashlib.sha256(self.data).hexdigest()


@dataclass(slots=True, kw_only=True)
class Outlet:
    """A news outlet as named in the outlet registry."""

    name: str
    domain: str | None = None


@dataclass(slots=True, kw_only=True)
class Dateline:
    """The dateline found at the head of the lead: ``BDK.VN - `` or ``HÀ NỘI (TTXVN) - ``."""

    prefix: str | None = None
    place: str | None = None
    date: str | None = None


@dataclass(slots=True, kw_only=True)
class Byline:
    """The credit line as written and the roles it gives (``text``, ``photo``, ``video``, ...)."""

    raw: str
    roles: list[str] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Article:
    """One extracted record: identity, metadata, text and the results of later stages."""

    # identity and provenance
    id: str
    source: str
    source_offset: int | None = None
    raw_sha256: str | None = None
    page_type: PageType = "article"
    url: str | None = None
    outlet: Outlet | None = None
    # metadata
    title: str | None = None
    published_at: str | None = None
    dateline: Dateline | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    # text
    lead: str | None = None
    body: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    byline: Byline | None = None
    attribution: str | None = None
    boilerplate: list[str] = field(default_factory=list)
    language: str | None = None
    content_hash: str | None = None
    # later stages: deduplication
    cluster_id: str | None = None
    duplicate_of: str | None = None
    similarity: float | None = None
    # later stages: language layer (offsets into the field named)
    spelling: list[dict[str, Any]] = field(default_factory=list)
    time_expressions: list[dict[str, Any]] = field(default_factory=list)
    # later stages: entities and public affairs
    entities: list[dict[str, Any]] = field(default_factory=list)
    positions: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    # problems met while making the record that did not stop it
    warnings: list[str] = field(default_factory=list)

    @property
    def main_text(self) -> str:
        """Lead and body paragraphs joined by newlines (what content_hash and search cover)."""
        parts = ([self.lead] if self.lead else []) + self.body
        return "\n".join(parts)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the record (format v1), with every field present."""
        out: dict[str, Any] = {"format": RECORD_FORMAT}
        for name in _ARTICLE_FIELDS:
            value = getattr(self, name)
            if isinstance(value, list):
                value = list(value)
            elif isinstance(value, _NESTED):
                value = dataclasses.asdict(value)
            out[name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Rebuild a record from its JSON form; unknown keys are ignored, missing ones take defaults."""
        names = {f.name for f in dataclasses.fields(cls)}
        kwargs: dict[str, Any] = {k: v for k, v in data.items() if k in names}
        if isinstance(kwargs.get("outlet"), dict):
            kwargs["outlet"] = Outlet(**kwargs["outlet"])
        if isinstance(kwargs.get("dateline"), dict):
            kwargs["dateline"] = Dateline(**kwargs["dateline"])
        if isinstance(kwargs.get("byline"), dict):
            kwargs["byline"] = Byline(**kwargs["byline"])
        return cls(**kwargs)


# Computed once: to_dict runs for every record written (dataclasses.fields() per call showed in profiles).
_ARTICLE_FIELDS = tuple(f.name for f in dataclasses.fields(Article))
_NESTED = (Outlet, Dateline, Byline)


def stable_id(key: str) -> str:
    """A short stable id (20 hex digits of BLAKE2b) for a canonical URL or a normalised text."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=10).hexdigest()
