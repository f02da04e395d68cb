"""Every input keeps its own record (issue 13): ``baochi.read``, ``baochi extract``, ``Store.ingest`` and
``baochi ingest`` give two equal inputs from two sources two ids -- the same ids -- and link them by their
story cluster; only the same source again is skipped. Outlets named only by an attribution keep one
spelling per run and store."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import baochi
from baochi.cli import main

TEXT = (
    "Tỉnh tổng kết công tác năm 2020\n\n"
    "Sáng 12-3, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác năm 2020 với nhiều đại biểu.\n\n"
    "Hội nghị đã thống nhất các giải pháp trọng tâm cho năm 2021 và giao nhiệm vụ cho từng sở, ngành.\n"
)


@pytest.fixture
def twins(tmp_path: Path, seed_document: Path) -> Path:
    """The founding document under two names in two folders, and a dump with two equal rows."""
    d = tmp_path / "in"
    (d / "a").mkdir(parents=True)
    (d / "b").mkdir()
    shutil.copy(seed_document, d / "a" / "one.txt")
    shutil.copy(seed_document, d / "b" / "two.txt")
    row = json.dumps({"title": "Đà Nẵng đón khách", "maintext": "Các bãi biển ở Đà Nẵng đông khách."})
    (d / "dump.jsonl").write_text(f"{row}\n{row}\n", encoding="utf-8")
    return d


def _ids(records: list[baochi.Article]) -> list[tuple[str, str]]:
    return [(a.source if a.source_offset is None else f"{a.source}:{a.source_offset}", a.id) for a in records]


def test_read_gives_equal_inputs_of_two_sources_their_own_ids(twins: Path) -> None:
    records = list(baochi.read(twins, steps="none"))
    assert len(records) == 4
    assert len({a.id for a in records}) == 4
    # the first keeps the id of its content, as a lone copy would
    alone = baochi.extract_article((twins / "a" / "one.txt").read_bytes(), steps="none")
    assert next(a.id for a in records if a.source.endswith("one.txt")) == alone.id


def test_extract_and_ingest_give_the_same_ids_and_one_cluster(
    twins: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(twins), "--steps", "none", "--no-progress", "-o", str(out)]) == 0
    extracted = [baochi.Article.from_dict(json.loads(line)) for line in out.read_text("utf-8").splitlines()]
    db = tmp_path / "x.db"
    assert main(["ingest", str(twins), "--steps", "none", "--no-progress", "--db", str(db)]) == 0
    assert "stored: 4 new" in capsys.readouterr().err
    with baochi.Store(db) as store:
        stored = sorted(store.iter_articles(), key=lambda a: (a.source, a.source_offset or 0))
        assert store.count("documents") == 4
    assert sorted(_ids(extracted)) == sorted(_ids(stored))
    seeds = [a for a in stored if a.source.endswith(".txt")]
    assert seeds[0].cluster_id == seeds[1].cluster_id  # copies linked by their story cluster
    rows = [a for a in stored if a.source.endswith(".jsonl")]
    assert rows[0].cluster_id == rows[1].cluster_id


def test_store_ingest_keeps_same_bytes_and_skips_only_the_same_source(twins: Path, tmp_path: Path) -> None:
    with baochi.Store(tmp_path / "x.db") as store:
        first = store.ingest(twins / "a", steps="none")
        second = store.ingest(twins / "b", steps="none")  # the same bytes under another name
        more = store.ingest(twins, steps="none")  # both texts again, and the two equal rows of the dump
        again = store.ingest(twins, steps="none")
        assert (first.counts["store.new"], second.counts["store.new"]) == (1, 1)
        assert more.counts["store.new"] == 2 and more.counts["skip.unchanged"] == 2
        assert again.counts["store.new"] == 0 and again.counts["skip.unchanged"] == 4
        assert store.count("articles") == 4
        ids = {a.id for a in store.iter_articles()}
    assert {a.id for a in baochi.read(twins, steps="none")} == ids


def test_outlets_of_attributions_keep_one_spelling(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    (d / "1.txt").write_text(TEXT + "\nTheo ScienceAlert\n", encoding="utf-8")
    (d / "2.txt").write_text(TEXT.replace("2021", "2022") + "\nTheo Sciencealert\n", encoding="utf-8")
    assert {a.outlet.name for a in baochi.read(d, steps="none") if a.outlet} == {"ScienceAlert"}
    with baochi.Store(tmp_path / "x.db") as store:
        store.ingest(d / "2.txt", steps="none")
        store.ingest(d / "1.txt", steps="none")  # a later run takes the stored spelling
        assert {name for name, _ in store.outlets()} == {"Sciencealert"}


def test_the_same_file_by_another_path_is_the_same_source(
    twins: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``samples/x.txt`` then ``/home/me/samples/x.txt``: one file, one record (not a copy)."""
    monkeypatch.chdir(twins)
    with baochi.Store(tmp_path / "x.db") as store:
        assert store.ingest("a/one.txt", steps="none").counts["store.new"] == 1
        again = store.ingest(str(twins / "a" / "one.txt"), steps="none")
        assert again.counts["skip.unchanged"] == 1 and again.counts["store.new"] == 0
        assert store.ingest("b/two.txt", steps="none").counts["store.new"] == 1  # a copy is not
