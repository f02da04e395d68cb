"""Story clusters as readers see them: one search hit per story, one summary line (no numpy here).

The clusters come from the store's dedup index (``Store.dedup``); this module only arranges them.
"""

from __future__ import annotations

from dataclasses import dataclass

from baochi.store import Store


@dataclass(frozen=True, slots=True)
class Collapsed:
    """A search hit standing for its story cluster: how many records it has and from which outlets."""

    hit_index: int
    copies: int
    outlets: list[str]


def collapse(store: Store, ids: list[str], limit: int) -> list[Collapsed]:
    """Keep one hit per story cluster (the canonical member when it is among the hits, else the best
    ranked), best first, at most ``limit``; records not in the index stand alone."""
    of = store.dedup.clusters_of(ids)
    first: dict[str, int] = {}
    order: list[str] = []
    for i, rid in enumerate(ids):
        c = of.get(rid, f"\0{rid}")
        if c not in first:
            first[c] = i
            order.append(c)
        elif rid == c:  # the canonical member takes the place of a copy ranked above it
            first[c] = i
    out = []
    for c in order[:limit]:
        if c.startswith("\0"):
            out.append(Collapsed(first[c], 1, []))
        else:
            out.append(Collapsed(first[c], store.dedup.cluster_size(c), store.dedup.cluster_outlets(c)))
    return out


def story_clusters_line(store: Store) -> str:
    """One line on the store's story clusters: records indexed, clusters with copies, copies."""
    c = store.dedup.counts()
    stories = f"{c.stories_with_copies} stories with copies ({c.copies} copies)"
    return f"story clusters: {c.records} records, {stories}"
