"""Entity output never depends on Python's hash seed or on set iteration order (issue 14 item 7).

The same records are enriched in fresh interpreters under different ``PYTHONHASHSEED`` values and the
outputs compared byte for byte: hand-made stories (everywhere) — among them places whose names are shared
by units of several provinces, where a tie between provinces was once broken by set order — the founding
document, and (when ``../shared/data`` is present) the entity gold documents.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from baochi.model import Article

# hand-made stories (licence-clean): communes and districts named alike in several provinces, persons,
# posts and organisations whose linking could follow set order
STORIES = [
    Article(
        id="tie-communes",
        source="hand-made",
        title="Phụ nữ xã Bình Lộc làm kinh tế hợp tác xã",
        body=[
            "Chị Trần Thị Hoa - Chủ tịch Hội LHPN xã Bình Lộc cho biết hội đã lập hai hợp tác xã.",
            "Ông Lê Văn Nam, Giám đốc hợp tác xã, nói xã An Phú và xã Tân Thành cùng tham gia.",
        ],
    ),
    Article(
        id="tie-districts",
        source="hand-made",
        title="Mưa lớn ở huyện Châu Thành",
        body=[
            "Theo Phó Chủ tịch UBND huyện Châu Thành Nguyễn Văn Bình, nước đã ngập phường 1 và xã Long Hòa.",
            "Thành ủy và UBND TP đã chỉ đạo khắc phục; Bí thư Huyện ủy Phạm Minh Đức kiểm tra hiện trường.",
        ],
    ),
    Article(
        id="no-tie",
        source="hand-made",
        title="Bộ trưởng Bộ Ngoại giao tiếp Đại sứ Nhật Bản",
        body=[
            "Chiều 5/7, tại Hà Nội, Bộ trưởng Bộ Ngoại giao Phạm Bình Minh tiếp Đại sứ Nhật Bản.",
            "Hai bên trao đổi về hợp tác giữa Việt Nam và Nhật Bản, Hàn Quốc, Trung Quốc ở châu Á.",
        ],
    ),
]

SCRIPT = """
import json, sys
from baochi.enrich.step import enrich_article
from baochi.extract import extract_article
from baochi.ingest import iter_documents
from baochi.model import Article
payload = json.load(sys.stdin)
records = [Article.from_dict(d) for d in payload["records"]]
for path in payload["paths"]:
    records += [extract_article(doc) for doc in iter_documents([path])]
out = [[a.to_dict()[k] for k in ("entities", "positions", "events")] for a in map(enrich_article, records)]
print(json.dumps(out, ensure_ascii=False, sort_keys=True))
"""


def _enrich_under(seed: str, records: list[Article], paths: list[Path]) -> str:
    payload = json.dumps({"records": [a.to_dict() for a in records], "paths": [str(p) for p in paths]})
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], input=payload, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def _assert_same(records: list[Article], paths: list[Path]) -> None:
    outputs = {seed: _enrich_under(seed, records, paths) for seed in ("1", "2", "3")}
    assert outputs["1"] == outputs["2"] == outputs["3"]
    assert json.loads(outputs["1"])[0][0], "the stories hold entities"


def test_enrich_same_output_under_any_hash_seed(seed_document: Path) -> None:
    _assert_same(STORIES, [seed_document])


def test_enrich_same_output_under_any_hash_seed_on_gold(shared_data: Path) -> None:
    docs = sorted((shared_data / "entities" / "docs").glob("*.txt"))
    if not docs:
        pytest.skip("no entity gold documents")
    _assert_same([], docs)
