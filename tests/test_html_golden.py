"""Quality floor of the HTML extractor on the dev gold pages (../shared/data/html), profiles on and off.

The floors sit a little under the figures measured when they were pinned (bench/extraction.py prints
the full table), so accuracy cannot silently regress.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _evaluate import leaks, mean_scores, score_record
from baochi.extract import html as html_mod
from baochi.model import Document

# pinned in the eval gate's floors file (tests/golden/floors.json, second tier)
FLOORS: dict[str, float] = json.loads(
    (Path(__file__).resolve().parent / "golden" / "floors.json").read_text("utf-8")
)["shared"]["html_dev"]


def _pages(shared_data: Path) -> list[tuple[bytes, dict[str, object]]]:
    out = []
    for g in sorted((shared_data / "html" / "gold").glob("*.json")):
        gold = json.loads(g.read_text("utf-8"))
        out.append(((shared_data / "html" / "pages" / str(gold["raw_file"])).read_bytes(), gold))
    return out


@pytest.mark.shared_data
@pytest.mark.parametrize("profiles", [True, False], ids=["profiles", "generic"])
def test_html_golden_floor(shared_data: Path, profiles: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_mod, "USE_PROFILES", profiles)
    rows = []
    list_pages = lists_found = 0
    for data, gold in _pages(shared_data):
        rec = html_mod.extract_html(Document(source=str(gold["raw_file"]), data=data, kind="html")).to_dict()
        if gold["page_type"] == "list":
            list_pages += 1
            lists_found += rec["page_type"] == "list"
            continue
        assert rec["page_type"] == "article", f"{gold['raw_file']}: article taken for a list"
        assert not leaks(rec, gold), f"{gold['raw_file']}: boilerplate in the body: {leaks(rec, gold)}"
        rows.append(score_record(rec, gold))
    means = mean_scores(rows)
    for metric, floor in FLOORS.items():
        assert means[metric] >= floor, f"{metric} {means[metric]:.3f} < {floor}"
    assert lists_found / list_pages >= 0.95
