"""Story clusters: connected components of the duplicate relation, each with a canonical member.

The canonical member is the original: the member whose outlet another member's ``attribution`` names
(``Theo TTXVN``), else the earliest published, else the longest text; ties go to the smaller id so
that the choice does not depend on input order.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

from baochi.lang.fold import fold_key

K = TypeVar("K", bound=Hashable)


class UnionFind(Generic[K]):
    """Disjoint sets with path halving and union by size."""

    def __init__(self) -> None:
        self.parent: dict[K, K] = {}
        self.size: dict[K, int] = {}

    def find(self, x: K) -> K:
        """The representative of ``x``'s set (``x`` is added when new)."""
        parent = self.parent
        if x not in parent:
            parent[x] = x
            self.size[x] = 1
            return x
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: K, b: K) -> K:
        """Merge the sets of ``a`` and ``b``; returns the new representative."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        return ra

    def groups(self) -> dict[K, list[K]]:
        """Every set, keyed by its representative."""
        out: dict[K, list[K]] = {}
        for x in list(self.parent):
            out.setdefault(self.find(x), []).append(x)
        return out


@dataclass(frozen=True, slots=True)
class MemberInfo:
    """What the canonical choice needs to know of a cluster member."""

    id: str
    outlet_keys: tuple[str, ...] = ()  # folded outlet name and domain
    attribution: str | None = None
    published_at: str | None = None
    length: int = 0


def outlet_keys(name: str | None, domain: str | None) -> tuple[str, ...]:
    """Folded, lower-cased outlet name and domain (and the domain without its suffix): match keys."""
    keys = []
    if name:
        keys.append(fold_key(name).strip())
    if domain:
        d = fold_key(domain).strip()
        keys.append(d)
        keys.append(d.split(".")[0])
    return tuple(k for k in keys if len(k) >= 2)


def _instant(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        t = datetime.fromisoformat(value)
    except ValueError:
        return None
    # a date or time without offset is Vietnamese local time (UTC+7) for ordering purposes
    if t.tzinfo is None:
        t = t.replace(tzinfo=UTC) - (datetime(2000, 1, 1, 7) - datetime(2000, 1, 1))
    return t


def _names(attribution: str, keys: Iterable[str]) -> bool:
    folded = f" {fold_key(attribution)} "
    return any(f" {k} " in folded or (("." in k) and k in folded) for k in keys)


def choose_canonical(members: Sequence[MemberInfo]) -> MemberInfo:
    """The original of a cluster: attributed source, else earliest published, else longest text."""
    cited = [
        m
        for m in members
        if m.outlet_keys
        and any(o.attribution and o.id != m.id and _names(o.attribution, m.outlet_keys) for o in members)
    ]
    pool = cited or list(members)
    far = datetime.max.replace(tzinfo=UTC)
    return min(pool, key=lambda m: (_instant(m.published_at) or far, -m.length, m.id))
