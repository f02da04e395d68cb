from __future__ import annotations

import json
from pathlib import Path

import pytest

from baochi.cli import main
from baochi.dedup.batch import BatchDeduplicator
from baochi.dedup.text import article_text, sentence_syllables
from baochi.store import Store

_RAIN = [
    "Mưa lớn kéo dài suốt ba ngày qua khiến nhiều tuyến đường ở tỉnh Quảng Nam bị ngập sâu.",
    "Hàng trăm hộ dân ở huyện Đại Lộc đã phải sơ tán đến nơi an toàn trong đêm.",
    "Chính quyền địa phương huy động lực lượng quân đội hỗ trợ người dân di dời tài sản.",
    "Nhiều trường học phải cho học sinh nghỉ vì nước lũ dâng cao tràn vào sân trường.",
]
_EXAMS = [
    "Bộ Giáo dục vừa công bố lịch thi tốt nghiệp trung học phổ thông năm nay với nhiều điểm mới.",
    "Thí sinh sẽ làm bài thi trên giấy tại các điểm thi do sở giáo dục tổ chức như mọi năm.",
    "Kết quả thi dự kiến được công bố vào cuối tháng bảy để các trường đại học xét tuyển.",
    "Năm nay số thí sinh đăng ký dự thi tăng khoảng năm phần trăm so với năm trước.",
]
# (slug, date, paragraphs): a story, a word-for-word copy, a brief of both stories, the second story
ROWS = [
    ("mua-lu", "2024-10-01T08:00:00+07:00", _RAIN),
    ("mua-lu-ban-sao", "2024-10-01T09:30:00+07:00", _RAIN),
    ("ban-tin-sang", "2024-10-01T11:00:00+07:00", _RAIN[:3] + _EXAMS[:3]),
    ("lich-thi", "2024-10-01T07:00:00+07:00", _EXAMS),
]


def _jsonl(path: Path, rows: list[tuple[str, str, list[str]]]) -> Path:
    with path.open("w", encoding="utf-8") as f:
        for slug, date, paragraphs in rows:
            row = {
                "url": f"https://example.vn/{slug}.html",
                "title": slug,
                "date": date,
                "text": "\n\n".join(paragraphs),
            }
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def _snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with Store(db, create=False) as store:
        queries = {
            "bands": "SELECT hash, article_id FROM dedup_bands ORDER BY 1, 2",
            "edges": "SELECT a, b, similarity FROM dedup_edges ORDER BY 1, 2",
            "members": "SELECT article_id, cluster_id, text_key, url_key, similarity FROM dedup_members"
            " ORDER BY 1",
            "records": "SELECT id, record FROM articles ORDER BY id",
        }
        return {k: [tuple(r) for r in store.conn.execute(q)] for k, q in queries.items()}


def test_cli_recluster_rebuilds_the_clusters_an_ingest_makes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.db"
    # two ingests, the brief before the stories it copies
    assert (
        main(["ingest", str(_jsonl(tmp_path / "a.jsonl", ROWS[2:])), "--db", str(db), "--no-progress"]) == 0
    )
    assert (
        main(["ingest", str(_jsonl(tmp_path / "b.jsonl", ROWS[:2])), "--db", str(db), "--no-progress"]) == 0
    )
    fresh = _snapshot(db)
    with Store(db) as store:
        records = list(store.iter_articles())
        texts = [sentence_syllables(article_text(a)) for a in records]
        dd = BatchDeduplicator()
        for a, t in zip(records, texts, strict=True):
            dd.add(a, t)
        expected = {
            a.id: (r.cluster_id, r.duplicate_of, r.similarity)
            for a, r in zip(records, dd.resolve(lambda i: texts[i]), strict=True)
        }
        assert {a.id: (a.cluster_id, a.duplicate_of, a.similarity) for a in records} == expected
        assert len(set(expected.values())) == 4 and len({c for c, _, _ in expected.values()}) == 2
        # a store indexed by an older baochi: no stored pairs, every record alone
        with store.transaction():
            store.conn.execute("DELETE FROM dedup_edges")
            store.conn.execute("DELETE FROM dedup_bands WHERE rowid % 2 = 0")
            store.conn.execute("UPDATE dedup_members SET cluster_id = article_id, similarity = NULL")
            store.conn.execute(
                "UPDATE articles SET record = json_set(record, '$.cluster_id', id, '$.duplicate_of', NULL,"
                " '$.similarity', NULL)"
            )
    assert _snapshot(db) != fresh
    capsys.readouterr()
    assert main(["recluster", "--db", str(db), "--no-progress"]) == 0
    err = capsys.readouterr().err
    assert "records: 4;" in err and "story clusters: 2 (2 records are copies of another)" in err
    assert _snapshot(db) == fresh
    assert main(["recluster", "--db", str(db), "--no-progress"]) == 0  # idempotent
    assert _snapshot(db) == fresh


def test_cli_recluster_needs_a_valid_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["recluster", "--db", str(tmp_path / "none.db"), "--no-progress"]) == 2
    assert "no such database" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()
    bad = tmp_path / "bad.db"
    bad.write_text("not a database\n" * 100, encoding="utf-8")
    assert main(["recluster", "--db", str(bad), "--no-progress"]) == 2
    assert "bad.db" in capsys.readouterr().err
