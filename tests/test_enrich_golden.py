"""Golden test of the founding document, and the pinned quality floor on the shared entity gold."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from baochi.enrich.step import enrich_article
from baochi.extract import extract_article
from baochi.ingest import iter_documents
from baochi.model import Article
from baochi.pipeline import run_steps

ROOT = Path(__file__).resolve().parents[1]


def seed_article(path: Path) -> Article:
    """The founding document through baochi's own reader, extractor and steps (as ``ingest`` does)."""
    (doc,) = list(iter_documents([str(path)]))
    return run_steps(extract_article(doc))


def test_golden_founding_document(seed_document: Path) -> None:
    a = seed_article(seed_document)
    ents = {(e["type"], e["text"]): e["canonical"] for e in a.entities}
    assert ents[("PER", "Nguyễn Văn Tuấn")] == "Nguyễn Văn Tuấn"
    expected_orgs = {
        "Ban Chấp hành Đảng bộ TP. Bến Tre": "Ban Chấp hành Đảng bộ thành phố Bến Tre",
        "Ban Chấp hành Đảng bộ": "Ban Chấp hành Đảng bộ thành phố Bến Tre",
        "Thành ủy": "Thành ủy thành phố Bến Tre",
        "Ban Thường vụ": "Ban Thường vụ Thành ủy thành phố Bến Tre",
        "Đảng bộ": "Đảng bộ thành phố Bến Tre",
        "Đảng": "Đảng Cộng sản Việt Nam",
        "Đảng bộ tỉnh": "Đảng bộ tỉnh Bến Tre",
        "Tỉnh ủy": "Tỉnh ủy Bến Tre",
        "Quốc hội": "Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam",
        "HĐND": "Hội đồng nhân dân",
        "MTTQ": "Mặt trận Tổ quốc Việt Nam",
        "BDK.VN": "Báo Đồng Khởi (điện tử)",
    }
    for text, canonical in expected_orgs.items():
        assert ents[("ORG", text)] == canonical, text
    assert ents[("LOC", "TP. Bến Tre")] == "thành phố Bến Tre"
    assert ents[("LOC", "tỉnh")] == "tỉnh Bến Tre"
    city = next(e for e in a.entities if e["text"] == "TP. Bến Tre")
    assert city["admin"]["code"] == "829" and city["admin"]["after_2025"]["province"] == "Tỉnh Vĩnh Long"
    assert {p["title"] for p in a.positions} == {"Bí thư Thành ủy"}
    (post,) = a.positions
    assert post["organization"] == "Thành ủy thành phố Bến Tre" and post["place"] == "Bến Tre"
    assert post["date"] == "2021-04-19"
    events = {(e["type"], e["text"]) for e in a.events}
    assert events == {
        ("meeting", "Hội nghị lần thứ 6 Ban Chấp hành Đảng bộ TP. Bến Tre"),
        ("congress", "Đại hội XIII của Đảng"),
        ("congress", "Đại hội XI Đảng bộ tỉnh"),
        ("election", "bầu cử đại biếu Quốc hội khóa XV"),
        ("campaign", "Ngày Chủ nhật nông thôn mới - Đô thị văn minh"),
        ("campaign", "Dân vận khéo"),
        ("campaign", "Đồng khởi mới"),
    }
    meeting = next(e for e in a.events if e["type"] == "meeting")
    assert (
        meeting["number"] == 6 and meeting["chair"] == "Nguyễn Văn Tuấn" and meeting["date"] == "2021-04-19"
    )
    # must not contain: the byline's name is not a person, "Chia sẻ" is not an organisation
    assert not any("Thu Huyền" in e["text"] for e in a.entities)


@pytest.mark.shared_data
def test_quality_floor_on_entity_gold(shared_data: Path) -> None:
    """Pinned floor (a little under the measured figures in docs/entities.md)."""
    spec = importlib.util.spec_from_file_location("bench_entities", ROOT / "bench" / "entities.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    data = shared_data / "entities"
    ent = {t: [0, 0, 0, 0] for t in ("PER", "ORG", "LOC")}
    pairs = {"tp": 0, "tp_pred": 0, "pred": 0, "gold": 0, "org_ok": 0}
    for path in sorted((data / "docs").glob("*.txt")):
        gold = bench.json.loads((data / "gold" / (path.stem + ".json")).read_text(encoding="utf-8"))
        art, _ = bench.load_article(path)
        enrich_article(art)
        pred: dict[str, set[str]] = {"PER": set(), "ORG": set(), "LOC": set()}
        for e in art.entities:
            pred[e["type"]].add(bench.norm(e["text"], e["type"] == "LOC"))
        bench.score_entities(pred, bench.gold_sets(gold), ent)
        bench.score_pairs(art, gold, pairs)
    floors = {"PER": 0.91, "ORG": 0.84, "LOC": 0.89}
    for typ, floor in floors.items():
        assert bench.prf(*ent[typ])[2] >= floor, typ
    assert pairs["tp"] / pairs["gold"] >= 0.85
    assert pairs["tp_pred"] / pairs["pred"] >= 0.88
    assert pairs["org_ok"] / pairs["tp"] >= 0.82


def test_golden_seed_text_has_no_stray_markup(seed_document: Path) -> None:
    assert not re.search(r"<[a-z]+", seed_document.read_text(encoding="utf-8"))
