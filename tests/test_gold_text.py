"""The scraped-text reader on the gold records of ../shared/data/text/gold-set (skipped when absent).

Floors are pinned at the targets of issue 2; captions at 0.91 (0.917 measured, target 0.90) -- see
docs/reader.md for what is still missed.
"""

import json
from pathlib import Path

import pytest

from _evaluate import leaks, mean_scores, score_record
from baochi.extract import extract_article
from baochi.ingest import iter_documents

# pinned in the eval gate's floors file (tests/golden/floors.json, second tier)
FLOORS: dict[str, float] = json.loads(
    (Path(__file__).resolve().parent / "golden" / "floors.json").read_text("utf-8")
)["shared"]["text_gold"]


def _records(shared_data: Path) -> list[tuple[dict, dict]]:
    folder = shared_data / "text" / "gold-set"
    out = []
    for gpath in sorted((folder / "gold").glob("*.json")):
        gold = json.loads(gpath.read_text("utf-8"))
        doc = next(iter_documents([str(folder / "raw" / gold["raw_file"])]))
        out.append((extract_article(doc).to_dict(), gold))
    return out


@pytest.mark.shared_data
def test_gold_text_quality_floors(shared_data: Path) -> None:
    pairs = _records(shared_data)
    assert len(pairs) >= 30
    means = mean_scores([score_record(a, g) for a, g in pairs])
    for metric, floor in FLOORS.items():
        assert means[metric] >= floor, f"{metric} {means[metric]:.3f} < {floor}"


@pytest.mark.shared_data
def test_gold_text_no_boilerplate_in_lead_or_body(shared_data: Path) -> None:
    leaking = {g["raw_file"]: leaks(a, g) for a, g in _records(shared_data)}
    assert {k: v for k, v in leaking.items() if v} == {}


@pytest.mark.shared_data
def test_gold_text_layouts(shared_data: Path) -> None:
    for art, gold in _records(shared_data):
        assert art["page_type"] == "article"
        assert art["language"] == "vi"
        if gold["raw_file"].startswith("24h"):
            assert art["lead"] is None  # the 24h crawler never captured the sapo
            assert "Nguồn: [Link nguồn]" in art["boilerplate"]
        else:
            # baomoi: the sapo written last (or an aggregator snippet in its place, kept as boilerplate)
            assert art["lead"] or art["boilerplate"], gold["raw_file"]
        expected = (gold.get("dateline_prefix") or "").rstrip(" -–") or None
        assert (art["dateline"] or {}).get("prefix") == expected
