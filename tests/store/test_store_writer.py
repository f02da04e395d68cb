from __future__ import annotations

from pathlib import Path

import pytest

from baochi.engines.local import run_into
from baochi.model import Article
from baochi.pipeline import summary_lines
from baochi.store import Store
from baochi.writers import store as store_writer
from baochi.writers.store import INDEXES, StoreWriter


def _texts(folder: Path, n: int) -> list[str]:
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:03d}.txt").write_text(
            f"Tiêu đề bài {i}\n\nNội dung bài số {i} về Đảng bộ tỉnh Bến Tre, đủ dài để là một đoạn văn.\n",
            encoding="utf-8",
        )
    return [str(folder)]


def test_store_writer_indexes_see_each_stored_batch_inside_its_transaction(tmp_path: Path) -> None:
    paths = _texts(tmp_path / "in", 7)
    seen: list[int] = []

    def index(store: Store, batch: list[Article]) -> None:
        assert store.conn.in_transaction
        seen.append(len(batch))

    with Store(tmp_path / "x.db") as store:
        counters = run_into(StoreWriter(store, batch=3, indexes=[*INDEXES, index]), paths)
    assert seen == [3, 3, 1]
    assert counters.counts["store.new"] == 7


def test_store_writer_failing_index_rolls_back_its_batch(tmp_path: Path) -> None:
    paths = _texts(tmp_path / "in", 4)

    def index(store: Store, batch: list[Article]) -> None:
        raise RuntimeError("index failed")

    with Store(tmp_path / "x.db") as store:
        with pytest.raises(RuntimeError):
            run_into(StoreWriter(store, batch=10, indexes=[index]), paths)
        assert store.count() == 0 and store.integrity() == []


def test_store_writer_optimizes_after_a_large_ingest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_writer, "OPTIMIZE_MIN", 2)
    calls: list[bool] = []
    monkeypatch.setattr(Store, "optimize", lambda self: calls.append(True))
    with Store(tmp_path / "x.db") as store:
        run_into(StoreWriter(store), _texts(tmp_path / "in", 3))
    assert calls == [True]


def test_store_writer_summary_names_every_failure(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    with Store(tmp_path / "x.db") as store:
        counters = run_into(StoreWriter(store), [str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt")])
    lines = summary_lines(counters)
    assert "errors: 2" in lines
    assert any("missing.txt" in line for line in lines) and any("empty" in line for line in lines)


def test_store_writer_skips_unchanged_and_keeps_same_bytes_of_another_source(tmp_path: Path) -> None:
    paths = _texts(tmp_path / "in", 3)
    copy = tmp_path / "copy.txt"
    copy.write_bytes((tmp_path / "in" / "001.txt").read_bytes())
    with Store(tmp_path / "x.db") as store:
        first = run_into(StoreWriter(store), [*paths, str(copy)])
        again = run_into(StoreWriter(store), [*paths, str(copy)])
        assert store.count("articles") == 4 and len({a.id for a in store.iter_articles()}) == 4
    assert first.counts["store.new"] == 4 and first.counts["skip.duplicate"] == 0
    assert again.counts["skip.unchanged"] == 4 and again.counts["store.new"] == 0
