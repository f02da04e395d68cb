"""The Article record (record format v1) and the raw Document it came from.

This module is the only place that knows how a record is (de)serialised: ``to_dict`` / ``from_dict``
serve JSONL output, the store and distributed workers alike. Field names are a contract with users'
scripts: later stages add fields, never rename them.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterator, KeysView, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, TypeVar

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


_Item = TypeVar("_Item", bound="_Keyed")


class _Keyed:
    """A typed result item that also reads like its JSON object (``e["type"]``, ``e.get("admin")``,
    ``"admin" in e``), so scripts written against the dict form of format v1 keep working.

    Subclasses are dataclasses whose fields are the JSON keys, in JSON order; the keys in ``OPTIONAL`` are
    left out of the JSON when None (as the enrichment step writes them); keys the class does not know are
    kept in ``extra`` and written back after the others, so a record round-trips exactly."""

    __slots__ = ()
    OPTIONAL: ClassVar[frozenset[str]] = frozenset()
    KEYS: ClassVar[tuple[str, ...]] = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON object of this item."""
        out: dict[str, Any] = {}
        for key in self.KEYS:
            value = getattr(self, key)
            if value is None and key in self.OPTIONAL:
                continue
            out[key] = value
        out.update(getattr(self, "extra", {}))
        return out

    @classmethod
    def from_dict(cls: type[_Item], data: Mapping[str, Any]) -> _Item:
        """The item of a JSON object (missing keys take their defaults, unknown ones go to ``extra``)."""
        known = {k: v for k, v in data.items() if k in cls.KEYS}
        extra = {k: v for k, v in data.items() if k not in cls.KEYS}
        return cls(**known, extra=extra)  # type: ignore[call-arg]

    def __getitem__(self, key: str) -> Any:
        if key in self.KEYS:
            value = getattr(self, key)
            if value is None and key in self.OPTIONAL:
                raise KeyError(key)
            return value
        return getattr(self, "extra", {})[key]

    def get(self, key: str, default: Any = None) -> Any:
        """The value of a JSON key, or ``default`` when the key is absent."""
        try:
            return self[key]
        except KeyError:
            return default

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key, _ABSENT) is not _ABSENT

    def keys(self) -> KeysView[str]:
        """The JSON keys present."""
        return self.to_dict().keys()


_ABSENT = object()


@dataclass(slots=True, kw_only=True)
class Entity(_Keyed):
    """A mention of a person (PER), organisation (ORG) or place (LOC) in one field of the record.

    ``field`` is its address (``title``, ``dateline``, ``lead``, ``body[3]``, ``captions[0]``: see
    ``Article.field_text``), ``start``/``end`` character offsets into that field, ``canonical`` its full
    name, ``id`` the entity's stable id; ``kind`` (organisation type or place level), ``admin`` (the
    administrative unit of a Vietnamese place) and ``country`` only when known."""

    KEYS: ClassVar[tuple[str, ...]] = (
        "type", "text", "field", "start", "end", "canonical", "id", "kind", "admin", "country",
    )  # fmt: skip
    OPTIONAL: ClassVar[frozenset[str]] = frozenset({"kind", "admin", "country"})

    type: str = ""
    text: str = ""
    field: str = ""
    start: int = 0
    end: int = 0
    canonical: str = ""
    id: str = ""
    kind: str | None = None
    admin: dict[str, Any] | None = None
    country: str | None = None
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Position(_Keyed):
    """A post held by a person as an article states it: title, organisation, place, the article's date,
    and where the person is named (``field``, ``start``)."""

    KEYS: ClassVar[tuple[str, ...]] = (
        "person", "title", "organization", "place", "date", "person_id", "field", "start",
    )  # fmt: skip

    person: str = ""
    title: str = ""
    organization: str | None = None
    place: str | None = None
    date: str | None = None
    person_id: str = ""
    field: str = ""
    start: int = 0
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclass(slots=True, kw_only=True)
class Event(_Keyed):
    """A meeting, congress, election or campaign named in the record: its text span, organisation,
    number (``lần thứ 6`` -> 6), and for the article's own meeting its chair and date."""

    KEYS: ClassVar[tuple[str, ...]] = (
        "type", "text", "organization", "number", "date", "chair", "field", "start", "end",
    )  # fmt: skip

    type: str = ""
    text: str = ""
    organization: str | None = None
    number: int | None = None
    date: str | None = None
    chair: str | None = None
    field: str = ""
    start: int = 0
    end: int = 0
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)


_ADDRESS = re.compile(r"(body|captions)\[(\d+)\]")


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
    entities: list[Entity] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # problems met while making the record that did not stop it
    warnings: list[str] = field(default_factory=list)

    @property
    def main_text(self) -> str:
        """Lead and body paragraphs joined by newlines (what content_hash and search cover)."""
        parts = ([self.lead] if self.lead else []) + self.body
        return "\n".join(parts)

    def text_fields(self) -> Iterator[tuple[str, str]]:
        """(address, text) of every text field in reading order: ``title``, ``dateline`` (its prefix),
        ``lead``, ``body[i]``, ``captions[i]`` -- the addresses that spans (spelling flags, time
        expressions, entities) name in their ``field``."""
        if self.title:
            yield "title", self.title
        if self.dateline is not None and self.dateline.prefix:
            yield "dateline", self.dateline.prefix
        if self.lead:
            yield "lead", self.lead
        for i, paragraph in enumerate(self.body):
            yield f"body[{i}]", paragraph
        for i, caption in enumerate(self.captions):
            yield f"captions[{i}]", caption

    def field_text(self, address: str) -> str | None:
        """The text a field address (``title``, ``dateline``, ``lead``, ``body[3]``, ``captions[0]``)
        points at, or None."""
        if address in ("title", "lead"):
            value: str | None = getattr(self, address)
            return value
        if address == "dateline":
            return self.dateline.prefix if self.dateline is not None else None
        m = _ADDRESS.fullmatch(address)
        if m is None:
            return None
        items: list[str] = getattr(self, m[1])
        i = int(m[2])
        return items[i] if i < len(items) else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form of the record (format v1), with every field present."""
        out: dict[str, Any] = {"format": RECORD_FORMAT}
        for name in _ARTICLE_FIELDS:
            value = getattr(self, name)
            if name in _TYPED_LISTS:  # plain dicts (code written for the dict form) pass as they are
                value = [item.to_dict() if isinstance(item, _Keyed) else dict(item) for item in value]
            elif isinstance(value, list):
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
        for name, item in _TYPED_LISTS.items():
            if kwargs.get(name):
                kwargs[name] = [v if isinstance(v, item) else item.from_dict(v) for v in kwargs[name]]
        return cls(**kwargs)


# Computed once: to_dict runs for every record written (dataclasses.fields() per call showed in profiles).
_ARTICLE_FIELDS = tuple(f.name for f in dataclasses.fields(Article))
_NESTED = (Outlet, Dateline, Byline)
_TYPED_LISTS: dict[str, type[Entity] | type[Position] | type[Event]] = {
    "entities": Entity,
    "positions": Position,
    "events": Event,
}


def stable_id(key: str) -> str:
    """A short stable id (20 hex digits of BLAKE2b) for a canonical URL or a normalised text."""
    return hashlib.blake2b(key.encode("utf-8"), digest_size=10).hexdigest()
