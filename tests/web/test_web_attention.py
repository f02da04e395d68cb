"""Attention ratios: each period's share is of the stories of the store in THAT period (the last period
too: stories dated after it are not its base)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from baochi.web.app import create_app


@pytest.fixture(scope="module")
def client(web_db: Path) -> TestClient:
    return TestClient(create_app(web_db), raise_server_exceptions=False)


@pytest.mark.parametrize("interval", ["day", "week", "month"])
def test_ratio_is_the_share_of_the_period(client: TestClient, interval: str) -> None:
    every = client.get("/api/attention", params={"interval": interval}).json()["series"][0]["points"]
    base = {p["date"]: p["count"] for p in every}
    checked = 0
    for q in ("ha noi", "ben tre", "kinh te"):
        points = client.get("/api/attention", params={"q": q, "interval": interval}).json()["series"][0]
        for p in points["points"]:
            assert p["ratio"] == (round(p["count"] / base[p["date"]], 6) if base[p["date"]] else 0.0), (q, p)
            checked += p["count"] > 0
    assert checked >= 3
