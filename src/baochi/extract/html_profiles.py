"""Outlet profiles: CSS selectors per outlet, kept as data in ``profiles/*.json``.

A profile names what the generic extractor would otherwise have to guess. Every key is optional:

``domains`` (list), ``title``, ``lead``, ``body`` (the story container), ``date``, ``authors``, ``tags``,
``section`` (breadcrumb), ``captions`` (CSS selectors; the first that matches wins) and ``remove``
(selectors of in-story boxes to drop before extraction: related stories, ads, polls).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

_KEYS = ("title", "lead", "body", "date", "authors", "tags", "section", "captions")


@dataclass(frozen=True, slots=True)
class Profile:
    """The selectors of one outlet."""

    name: str
    domains: tuple[str, ...]
    selectors: dict[str, str] = field(default_factory=dict)
    remove: tuple[str, ...] = ()

    def get(self, key: str) -> str | None:
        """The selector for ``key`` (None when the profile leaves it to the generic extractor)."""
        return self.selectors.get(key)


def parse_profile(name: str, raw: dict[str, object]) -> Profile:
    """Check and build one profile from its JSON object."""
    domains = raw.get("domains")
    if not isinstance(domains, list) or not domains:
        raise ValueError(f"profile {name}: 'domains' must be a non-empty list")
    unknown = set(raw) - {*_KEYS, "domains", "remove", "outlet", "_comment"}
    if unknown:
        raise ValueError(f"profile {name}: unknown keys {sorted(unknown)}")
    selectors = {k: str(raw[k]) for k in _KEYS if raw.get(k)}
    remove = raw.get("remove") or []
    if not isinstance(remove, list):
        raise ValueError(f"profile {name}: 'remove' must be a list")
    return Profile(
        name=str(raw.get("outlet") or name),
        domains=tuple(str(d).lower() for d in domains),
        selectors=selectors,
        remove=tuple(str(r) for r in remove),
    )


@cache
def profiles() -> dict[str, Profile]:
    """Every shipped profile by domain, loaded once."""
    out: dict[str, Profile] = {}
    folder = files("baochi.extract").joinpath("profiles")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        prof = parse_profile(entry.name[:-5], json.loads(entry.read_text("utf-8")))
        for d in prof.domains:
            out[d] = prof
    return out


def profile_for(host: str | None) -> Profile | None:
    """The profile of a host (sub-domains match their parent), or None."""
    if not host:
        return None
    table = profiles()
    host = host.lower()
    while host:
        if host in table:
            return table[host]
        if "." not in host:
            return None
        host = host.split(".", 1)[1]
    return None
