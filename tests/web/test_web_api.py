"""The JSON API and the pages through FastAPI's test client: every route, filters, errors, escaping."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from baochi.errors import StoreError
from baochi.web.app import create_app


@pytest.fixture(scope="module")
def client(web_db: Path) -> TestClient:
    return TestClient(create_app(web_db), raise_server_exceptions=False)


def test_search_contract(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "ben tre", "limit": 5})
    assert r.status_code == 200
    data = r.json()
    assert isinstance(data["total"], int) and data["total"] >= 3
    assert 0 < len(data["hits"]) <= 5
    for hit in data["hits"]:
        assert {"id", "title", "outlet", "published_at", "snippet", "copies"} <= set(hit)
        assert hit["copies"] >= 1
    # the stories holding "Bến Tre" side by side come first
    assert "Bến Tre" in data["hits"][0]["title"] or "«Bến Tre»" in data["hits"][0]["snippet"]


def test_total_counts_story_clusters_across_pages(client: TestClient) -> None:
    first = client.get("/api/search", params={"q": "ha noi", "limit": 100}).json()
    assert len(first["hits"]) == first["total"]  # every story once, each cluster one hit
    assert len({h["id"] for h in first["hits"]}) == first["total"]
    paged: list[str] = []
    page = 1
    while True:
        hits = client.get("/api/search", params={"q": "ha noi", "limit": 7, "page": page}).json()["hits"]
        if not hits:
            break
        paged += [h["id"] for h in hits]
        page += 1
    assert paged == [h["id"] for h in first["hits"]]


def test_search_filters_and_facets(client: TestClient) -> None:
    everything = client.get("/api/search", params={"q": "ha noi"}).json()
    outlets = everything["facets"]["outlet"]
    assert outlets and all(v["count"] > 0 for v in outlets)
    name, count = outlets[0]["value"], outlets[0]["count"]
    only = client.get("/api/search", params={"q": "ha noi", "outlet": name, "limit": 100}).json()
    assert only["total"] == count
    assert all(h["outlet"] == name for h in only["hits"])
    year = everything["facets"]["year"][0]
    dated = client.get("/api/search", params={"q": "ha noi", "since": year["value"], "until": year["value"]})
    assert dated.json()["total"] == year["count"]
    by_date = client.get("/api/search", params={"q": "ha noi", "sort": "date", "limit": 100}).json()["hits"]
    dates = [h["published_at"][:10] for h in by_date if h["published_at"]]
    assert dates == sorted(dates, reverse=True)


def test_entity_and_province_filters(client: TestClient) -> None:
    top = client.get("/api/entities", params={"q": "ben tre"}).json()
    place = top["LOC"][0]
    naming = client.get("/api/search", params={"q": "ben tre", "entity": place["id"]}).json()
    assert naming["total"] == place["stories"]
    province = client.get("/api/search", params={"q": "ben tre"}).json()["facets"]["province"][0]
    only = client.get("/api/search", params={"q": "ben tre", "province": province["value"]}).json()
    assert only["total"] == province["count"]


def test_attention_adds_up(client: TestClient) -> None:
    search = client.get("/api/search", params={"q": "ha noi"}).json()
    for interval in ("day", "week", "month"):
        data = client.get("/api/attention", params={"q": "ha noi", "interval": interval}).json()
        assert data["interval"] == interval
        main = data["series"][0]
        assert main["outlet"] is None
        assert sum(p["count"] for p in main["points"]) + data["undated"] == search["total"] == data["total"]
        assert all(0 <= p["ratio"] <= 1 for p in main["points"])
    by = client.get("/api/attention", params={"q": "ha noi", "by": "outlet"}).json()
    assert len(by["series"]) > 1 and all(s["outlet"] for s in by["series"][1:])
    r = client.get("/api/attention.csv", params={"q": "ha noi"})
    assert r.status_code == 200 and r.text.startswith("outlet,date,count,ratio")


def test_article_and_copies(client: TestClient) -> None:
    hit = client.get("/api/search", params={"q": "ben tre"}).json()["hits"][0]
    record = client.get(f"/api/articles/{hit['id']}").json()
    assert record["format"] == 1 and record["id"] == hit["id"] and "body" in record
    copies = client.get(f"/api/articles/{hit['id']}/copies").json()
    assert copies["id"] == hit["id"] and isinstance(copies["copies"], list)
    missing = client.get("/api/articles/0000000000000000dead")
    assert missing.status_code == 404 and missing.json() == {"error": "no record 0000000000000000dead"}
    page = client.get(f"/articles/{hit['id']}")
    assert page.status_code == 200 and "Other copies of this story" in page.text
    assert client.get("/articles/0000000000000000dead").status_code == 404
    raw = client.get(f"/articles/{hit['id']}/raw")
    assert raw.status_code == 200 and raw.headers["content-type"].startswith("text/plain")
    assert "sandbox" in raw.headers["content-security-policy"]


def test_entities_pages(client: TestClient) -> None:
    people = client.get("/api/people", params={"q": "nguyen"}).json()["results"]
    assert people
    person = client.get(f"/api/people/{people[0]['id']}").json()
    assert {"id", "name", "aliases", "positions", "articles"} <= set(person)
    assert person["articles"]
    assert client.get(f"/people/{people[0]['id']}").status_code == 200
    for kind in ("organizations", "places"):
        items = client.get(f"/api/{kind}").json()["results"]
        assert items, kind
        one = client.get(f"/api/{kind}/{items[0]['id']}").json()
        assert {"id", "name", "aliases", "positions", "articles"} <= set(one)
        assert client.get(f"/{kind}/{items[0]['id']}").status_code == 200
        assert client.get(f"/{kind}").status_code == 200
        assert client.get(f"/api/{kind}/nope").status_code == 404
    assert client.get("/api/people/nope").json() == {"error": "no person nope"}
    places = client.get("/api/places", params={"q": "ben tre"}).json()["results"]
    assert places and places[0]["admin"]["after_2025"]


def test_outlets(client: TestClient, web_db: Path) -> None:
    outlets = client.get("/api/outlets").json()["outlets"]
    with sqlite3.connect(web_db) as conn:
        n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert sum(o["articles"] for o in outlets) == n
    assert all(sum(o["months"].values()) == o["articles"] for o in outlets)
    assert "VnExpress" in client.get("/outlets").text


def test_export_csv_and_jsonl(client: TestClient) -> None:
    search = client.get("/api/search", params={"q": "ha noi"}).json()
    r = client.get("/api/export", params={"q": "ha noi", "format": "csv"})
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == search["records"]
    assert len({row["cluster_id"] for row in rows}) == search["total"]
    lines = client.get("/api/export", params={"q": "ha noi", "format": "jsonl"}).text.splitlines()
    assert len(lines) == search["records"] and json.loads(lines[0])["format"] == 1
    assert client.get("/api/export", params={"format": "xml"}).status_code == 400


@pytest.mark.parametrize(
    "q",
    [
        "ben*",
        "NEAR(ha noi)",
        "'; DROP TABLE articles; --",
        '"unbalanced quote',
        "title:ben OR body:tre",
        "0y2017",
        "\x00\x01\x1b[2J ha\tnoi \u202e",
        "ha noi " * 280,  # 1,960 characters
        "«»" * 900,
        "",
    ],
)
def test_hostile_queries_never_fail(client: TestClient, q: str) -> None:
    for path in ("/api/search", "/api/attention", "/api/entities", "/"):
        r = client.get(path, params={"q": q})
        assert r.status_code == 200, (path, r.text[:200])


def test_filter_tokens_are_not_words(client: TestClient) -> None:
    for token in ("0y2018", "0m201812", "0ovnexpress", "0wvnexpress"):
        assert client.get("/api/search", params={"q": token}).json()["total"] == 0


def test_too_long_and_bad_parameters_are_400(client: TestClient) -> None:
    for params in (
        {"q": "x" * 10_000},
        {"limit": "0"},
        {"limit": "101"},
        {"page": "-1"},
        {"page": "99999999999999999999"},
        {"sort": "random"},
        {"since": "yesterday"},
        {"outlet": "---"},
    ):
        r = client.get("/api/search", params=params)
        assert r.status_code == 400, params
        assert list(r.json()) == ["error"] and "\n" not in r.json()["error"]
    assert client.get("/api/attention", params={"interval": "year"}).status_code == 400
    page = client.get("/", params={"q": "x" * 10_000})
    assert page.status_code == 400 and "text/html" in page.headers["content-type"]


def test_markup_in_records_is_text(client: TestClient) -> None:
    hits = client.get("/api/search", params={"q": "hoi cho", "limit": 50}).json()["hits"]
    hits += client.get("/api/search", params={"q": "dang bo tinh ben tre", "limit": 50}).json()["hits"]
    hostile = [h for h in hits if "<" in (h["title"] or "")]
    assert len({h["id"] for h in hostile}) == 2
    for page in ("/?q=hoi+cho", "/?q=dang+bo+tinh+ben+tre", *(f"/articles/{h['id']}" for h in hostile)):
        text = client.get(page).text
        assert "<script>alert(1)" not in text and "<img src=x" not in text, page
        assert (
            "&lt;script&gt;alert(1)&lt;/script&gt;" in text
            or "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in text
        )
        assert "<b>năm 2021</b>" not in text


def test_security_headers(client: TestClient) -> None:
    for path in ("/", "/api/search?q=ha+noi", "/outlets", "/api/articles/nope"):
        r = client.get(path)
        csp = r.headers["content-security-policy"]
        assert "script-src 'none'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
    css = client.get("/static/style.css")
    assert css.status_code == 200 and "text/css" in css.headers["content-type"]


def test_openapi_lists_the_contract(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/search",
        "/api/attention",
        "/api/articles/{article_id}",
        "/api/people",
        "/api/people/{entity_id}",
        "/api/organizations",
        "/api/organizations/{entity_id}",
        "/api/places",
        "/api/places/{entity_id}",
        "/api/export",
    ):
        assert path in spec["paths"], path
    names = {p["name"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert {"q", "outlet", "since", "until", "entity", "page", "limit"} <= names


def test_pages_without_javascript(client: TestClient) -> None:
    page = client.get("/", params={"q": "ben tre"}).text
    assert "<script" not in page
    assert '<svg class="chart"' in page or "No dated stories" in page
    assert 'id="export-csv"' in page and "Who and what" in page


def test_store_is_never_written(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    with pytest.raises(StoreError, match="not a baochi database"):
        create_app(empty)
    assert empty.read_bytes() == b""
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not sqlite " * 100)
    with pytest.raises(StoreError):
        create_app(junk)
    with pytest.raises(StoreError, match="no such database"):
        create_app(tmp_path / "missing.db")


def test_serve_errors_are_one_line(tmp_path: Path, web_db: Path) -> None:
    import socket
    import subprocess
    import sys

    def serve(*args: str) -> subprocess.CompletedProcess[str]:
        cmd = [sys.executable, "-m", "baochi.cli", "serve", *args]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=60)

    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    for db, message in ((tmp_path / "none.db", "no such database"), (empty, "not a baochi database")):
        r = serve("--db", str(db))
        assert r.returncode == 2 and message in r.stderr and len(r.stderr.strip().splitlines()) == 1
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        r = serve("--db", str(web_db), "--port", str(port))
    assert r.returncode == 2 and f"port {port} on 127.0.0.1 is taken" in r.stderr
    assert "Traceback" not in r.stderr


def test_reader_sees_what_another_process_commits(tmp_path: Path) -> None:
    from baochi.model import Article
    from baochi.search.stories import StoryQuery
    from baochi.store import Store
    from baochi.store.queries import Reader

    db = tmp_path / "live.db"
    with Store(db) as writer:
        writer.put(Article(id="one", source="1", title="Bến Tre mùa nước nổi", published_at="2024-01-02"))
        reader = Reader(db)
        assert reader.search(StoryQuery(q="ben tre"))["total"] == 1
        writer.put(Article(id="two", source="2", title="Bến Tre đón khách", published_at="2024-02-03"))
        after = reader.search(StoryQuery(q="ben tre"))
        assert after["total"] == 2 and {h["id"] for h in after["hits"]} == {"one", "two"}
        assert reader.attention(StoryQuery(q="ben tre"), "month")["series"][0]["points"][-1]["count"] == 1
