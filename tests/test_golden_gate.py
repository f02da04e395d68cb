"""The extraction eval gate (tests/golden/README.md): the licence-clean golden set run everywhere, floors
pinned in tests/golden/floors.json; the ../shared/data floors as a second tier (skipped when absent)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import pytest

from _evaluate import bag_of_words_f1, leaks, mean_scores, norm, score_record
from baochi.extract import extract_article
from baochi.extract.html import extract_html
from baochi.ingest import iter_documents
from baochi.model import Document

GOLDEN = Path(__file__).resolve().parent / "golden"
ROOT = GOLDEN.parents[1]
FLOORS: dict[str, Any] = json.loads((GOLDEN / "floors.json").read_text("utf-8"))


def _golden_pages() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    """(name, record, expected record) of every hand-made page."""
    out = []
    for gold_path in sorted((GOLDEN / "pages").glob("*.json")):
        page = gold_path.with_suffix(".html")
        gold = json.loads(gold_path.read_text("utf-8"))
        rec = extract_html(Document(source=str(page), data=page.read_bytes(), kind="html")).to_dict()
        out.append((page.name, rec, gold))
    return out


def test_every_failure_kind_has_a_page() -> None:
    pages = {p.stem for p in (GOLDEN / "pages").glob("*.html")}
    assert pages == {p.stem for p in (GOLDEN / "pages").glob("*.json")}
    listed = set(re.findall(r"`(\w+)\.html`", (GOLDEN / "README.md").read_text("utf-8")))
    assert pages == listed


def test_golden_pages_type_and_leaks() -> None:
    for name, rec, gold in _golden_pages():
        assert rec["page_type"] == gold["page_type"], name
        if gold["page_type"] == "article":
            assert leaks(rec, gold) == [], name


def test_golden_pages_floors() -> None:
    rows = [score_record(rec, gold) for _, rec, gold in _golden_pages() if gold["page_type"] == "article"]
    means = mean_scores(rows)
    for metric, floor in FLOORS["golden_pages"].items():
        assert means[metric] >= floor, f"{metric} {means[metric]:.3f} < {floor}"


def test_golden_seed_extraction_exact(seed_document: Path) -> None:
    expected = json.loads((GOLDEN / "seed.expected.json").read_text("utf-8"))
    rec = extract_article(next(iter_documents([str(seed_document)]))).to_dict()
    assert {k: rec.get(k) for k in expected} == expected


def test_golden_vfnd_records() -> None:
    recall = titles = 0.0
    paths = sorted((ROOT / "samples" / "vfnd" / "records").glob("*.json"))
    for path in paths:
        stated = json.loads(path.read_text("utf-8"))
        rec = extract_article(next(iter_documents([str(path)]))).to_dict()
        assert rec["page_type"] == "article", path.name
        main = "\n".join([rec.get("lead") or "", *rec.get("body", [])])
        recall += bag_of_words_f1(main, stated.get("text") or "")[1]
        titles += norm(rec.get("title")) == norm(stated.get("title"))
    floors = FLOORS["vfnd_records"]
    assert len(paths) >= floors["records"]
    assert recall / len(paths) >= floors["main_text_recall"]
    assert titles / len(paths) >= floors["title"]


# --- second tier: ../shared/data ---------------------------------------------------------------------


def _score_trafilatura_eval(folder: Path, records: dict[str, str]) -> float:
    """F1 of the data set's own scoring rule (score.py: snippets with / without, whitespace-squashed)."""

    def squash(text: str) -> str:
        return re.sub(r"\s+", " ", text).strip()

    tp = fp = fn = 0
    for item in json.loads((folder / "evaldata.json").read_text("utf-8")).values():
        page = item["file"] + ".gz"
        if page not in records:
            continue
        text = records[page]
        a = sum(squash(w) in text for w in item["with"]) if text else 0
        b = sum(squash(w) in text for w in item["without"]) if text else 0
        tp, fn, fp = tp + a, fn + len(item["with"]) - a, fp + b
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return 2 * precision * recall / max(1e-9, precision + recall)


@pytest.mark.shared_data
@pytest.mark.slow
def test_trafilatura_eval_floor(shared_data: Path) -> None:
    folder = shared_data / "html" / "trafilatura-eval"
    if not (folder / "evaldata.json").is_file():
        pytest.skip("trafilatura-eval not in the shared data")
    records = {}
    empty = 0
    for page in sorted((folder / "pages").glob("*.html.gz")):
        doc = Document(source=page.name, data=gzip.decompress(page.read_bytes()), kind="html")
        try:
            a = extract_html(doc)
        except Exception:  # a failed page scores as missed
            records[page.name] = ""
            empty += 1
            continue
        parts = [a.lead or "", *a.body] if a.page_type == "article" else []
        text = re.sub(r"\s+", " ", "\n".join(p for p in parts if p)).strip()
        records[page.name] = text
        empty += not text
    floors = FLOORS["shared"]["trafilatura_eval"]
    assert _score_trafilatura_eval(folder, records) >= floors["f1"]
    assert empty / len(records) <= floors["max_empty_share"]
