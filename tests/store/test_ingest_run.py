from __future__ import annotations

from pathlib import Path

import pytest

from baochi import ingest_run
from baochi.ingest_run import Ingest, Run, summary_lines
from baochi.model import Article
from baochi.store import Store


def _texts(folder: Path, n: int) -> list[str]:
    folder.mkdir()
    for i in range(n):
        (folder / f"{i:03d}.txt").write_text(
            f"Tiêu đề bài {i}\n\nNội dung bài số {i} về Đảng bộ tỉnh Bến Tre, đủ dài để là một đoạn văn.\n",
            encoding="utf-8",
        )
    return [str(folder)]


def test_ingest_run_hooks_see_each_stored_batch_inside_its_transaction(tmp_path: Path) -> None:
    paths = _texts(tmp_path / "in", 7)
    seen: list[int] = []

    def hook(store: Store, batch: list[Article]) -> None:
        assert store.conn.in_transaction
        seen.append(len(batch))

    with Store(tmp_path / "x.db") as store:
        ingest = Ingest(store, Run(), batch=3)
        ingest.hooks.append(hook)
        counters = ingest.ingest(paths)
    assert seen == [3, 3, 1]
    assert counters.counts["store.new"] == 7


def test_ingest_run_failing_hook_rolls_back_its_batch(tmp_path: Path) -> None:
    paths = _texts(tmp_path / "in", 4)

    def hook(store: Store, batch: list[Article]) -> None:
        raise RuntimeError("hook failed")

    with Store(tmp_path / "x.db") as store:
        ingest = Ingest(store, Run(), batch=10)
        ingest.hooks.append(hook)
        with pytest.raises(RuntimeError):
            ingest.ingest(paths)
        assert store.count() == 0 and store.integrity() == []


def test_ingest_run_optimizes_after_a_large_ingest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ingest_run, "OPTIMIZE_MIN", 2)
    calls: list[bool] = []
    monkeypatch.setattr(Store, "optimize", lambda self: calls.append(True))
    with Store(tmp_path / "x.db") as store:
        Ingest(store, Run()).ingest(_texts(tmp_path / "in", 3))
    assert calls == [True]


def test_ingest_run_summary_names_every_failure(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    with Store(tmp_path / "x.db") as store:
        counters = Ingest(store, Run()).ingest([str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt")])
    lines = summary_lines(counters)
    assert "errors: 2" in lines
    assert any("missing.txt" in line for line in lines) and any("empty" in line for line in lines)


def test_ingest_run_named_hooks_are_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "myhooks.py").write_text(
        "SEEN = []\ndef count(store, batch):\n    SEEN.append(len(batch))\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(ingest_run, "INGEST_HOOKS", ["myhooks:count"])
    with Store(tmp_path / "x.db") as store:
        Ingest(store, Run()).ingest(_texts(tmp_path / "in", 2))
    import myhooks  # type: ignore[import-not-found]

    assert myhooks.SEEN == [2]
