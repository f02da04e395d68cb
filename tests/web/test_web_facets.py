"""Facet counts within the current filters (datasette-style): beside each outlet, year, province, page
type and entity value, the number of stories the query leaves with every OTHER active filter and that
value, which is exactly what following the value's link gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from baochi.web.app import create_app

Q = "ha noi"
# facet -> the parameters its link sets
LINK = {
    "outlet": lambda v: {"outlet": v},
    "page_type": lambda v: {"page_type": v},
    "year": lambda v: {"since": v, "until": v},
    "province": lambda v: {"province": v},
}


@pytest.fixture(scope="module")
def client(web_db: Path) -> TestClient:
    return TestClient(create_app(web_db), raise_server_exceptions=False)


def _search(client: TestClient, **params: Any) -> dict[str, Any]:
    r = client.get("/api/search", params={"q": Q, "limit": 1, **params})
    assert r.status_code == 200, r.text
    data: dict[str, Any] = r.json()
    return data


def _active_filters(client: TestClient) -> list[dict[str, str]]:
    """One active filter of each kind, taken from the unfiltered facets, and two together."""
    facets = _search(client)["facets"]
    out = [LINK[name](facets[name][0]["value"]) for name in LINK if facets[name]]
    assert len(out) == len(LINK), "the test store lacks a facet"
    return [*out, {**out[0], **out[3]}]


def test_each_facet_value_counts_what_its_link_gives(client: TestClient) -> None:
    checked = 0
    for active in _active_filters(client):
        facets = _search(client, **active)["facets"]
        for name, values in facets.items():
            for v in values[:6]:
                # the facet's own filter is replaced by the value, the others stay
                params = {**active, **LINK[name](v["value"])}
                assert _search(client, **params)["total"] == v["count"], (active, name, v)
                checked += 1
    assert checked > 40


def test_counts_follow_the_other_filters(client: TestClient) -> None:
    unfiltered = _search(client)["facets"]
    province = unfiltered["province"][0]["value"]
    within = _search(client, province=province)["facets"]
    before = {v["value"]: v["count"] for v in unfiltered["outlet"]}
    after = {v["value"]: v["count"] for v in within["outlet"]}
    assert after and all(n <= before[k] for k, n in after.items())
    assert after != before  # the province filter changed the outlet counts
    # a facet's own filter does not narrow its counts: the other values stay offered
    outlet = unfiltered["outlet"][0]["value"]
    assert _search(client, outlet=outlet)["facets"]["outlet"] == unfiltered["outlet"]


def test_entity_counts_within_the_filters(client: TestClient) -> None:
    for active in _active_filters(client):
        top = client.get("/api/entities", params={"q": Q, "top": 3, **active}).json()
        for e in (e for t in ("PER", "ORG", "LOC") for e in top[t]):
            assert _search(client, entity=e["id"], **active)["total"] == e["stories"], (active, e)
