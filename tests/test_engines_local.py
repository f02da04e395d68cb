"""The local engine: -j N gives what -j 1 gives; a crash or a hang on one input fails that input only."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from baochi.cli import main
from baochi.engines.local import LocalExecutor, read_records
from baochi.model import Article
from baochi.pipeline import Counters, Extract, Pipeline, Read, Step, summary_lines
from baochi.store import Store
from baochi.writers.store import StoreWriter
from store_fingerprint import store_rows

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


class Misbehave(Step):
    """A step injected by the tests: hangs on titles with HANG, kills its process on CRASH, raises on BUG."""

    name = "misbehave"

    def __call__(self, article: Article) -> Article:
        title = article.title or ""
        if "HANG" in title:
            time.sleep(120)
        if "CRASH" in title:
            os._exit(3)
        if "BUG" in title:
            raise ZeroDivisionError("injected")
        return article


def _texts(folder: Path, titles: list[str]) -> list[str]:
    folder.mkdir()
    for i, title in enumerate(titles):
        (folder / f"{i:03d}.txt").write_text(
            f"{title}\n\nNội dung bài số {i} về Đảng bộ tỉnh Bến Tre, đủ dài để là một đoạn văn thật sự.\n",
            encoding="utf-8",
        )
    return [str(folder)]


@pytest.mark.slow
def test_engines_local_two_workers_build_the_same_store_as_one(tmp_path: Path) -> None:
    dbs = {}
    for n in (1, 2):
        dbs[n] = tmp_path / f"j{n}.db"
        rc = main(["ingest", str(SAMPLES), "--db", str(dbs[n]), "-j", str(n), "--no-progress"])
        assert rc == 0
    one, two = store_rows(dbs[1]), store_rows(dbs[2])
    assert len(one["articles"]) > 100 and one["entity_mentions"] and one["dedup_members"]
    assert one == two


def test_engines_local_extract_output_is_the_same_with_workers(tmp_path: Path) -> None:
    outs = {}
    for n in (1, 2, 3):
        out = tmp_path / f"j{n}.jsonl"
        assert main(["extract", str(SAMPLES / "vfnd"), "--steps", "lang", "-j", str(n), "-o", str(out)]) == 0
        outs[n] = out.read_text(encoding="utf-8")
    assert outs[1] == outs[2] == outs[3]
    assert len(outs[1].splitlines()) > 50


@pytest.mark.parametrize("workers", [1, 2])
def test_engines_local_a_misbehaving_input_fails_alone(tmp_path: Path, workers: int) -> None:
    titles = [f"Bài bình thường số {i}" for i in range(8)]
    titles[2] = "Bài HANG treo mãi"
    titles[5] = "Bài BUG lỗi"
    if workers > 1:  # in-process, a crash would end the test run itself
        titles[6] = "Bài CRASH sập"
    paths = _texts(tmp_path / "in", titles)
    executor = LocalExecutor(workers=workers, time_limit=1.5)
    started = time.monotonic()
    with Store(tmp_path / "x.db") as store:
        counters = executor.run(Pipeline([Read(paths), Extract(), Misbehave(), StoreWriter(store)]))
        stored = {a.title for a in store.iter_articles()}
    assert time.monotonic() - started < 30
    failed = [t for t in titles if "HANG" in t or "BUG" in t or "CRASH" in t]
    assert stored == set(titles) - set(failed)
    assert counters.counts["extract.errors"] == len(failed)
    report = "\n".join(summary_lines(counters))
    assert "time limit of 1.5 s per document exceeded" in report
    assert "ZeroDivisionError" in report
    if workers > 1:
        assert "worker crashed (exit status 3)" in report


def test_engines_local_read_records_counts_across_workers(tmp_path: Path) -> None:
    paths = _texts(tmp_path / "in", [f"Bài {i}" for i in range(6)])
    (tmp_path / "in" / "bad.txt").write_bytes(b"")
    counters = Counters()
    records = list(read_records(paths, steps=(), workers=2, counters=counters))
    assert [r.title for r in records] == [f"Bài {i}" for i in range(6)]
    assert counters.counts["read.documents"] == 6  # the empty file is not a document
    assert counters.counts["pages.article"] == 6
    assert len(counters.errors) == 1


class _Unprepared(StoreWriter):
    """The store writer without its preparer: every record's rows made by the writer itself."""

    def preparer(self) -> None:
        return None


@pytest.mark.slow
def test_engines_local_records_prepared_in_workers_give_the_same_store(tmp_path: Path) -> None:
    dbs = {}
    for name, writer in (("prepared", StoreWriter), ("unprepared", _Unprepared)):
        dbs[name] = tmp_path / f"{name}.db"
        with Store(dbs[name]) as store:
            sink = writer(store, batch=7)  # several batches, clusters across them
            counters = LocalExecutor(workers=2).run(Pipeline.of(Read([str(SAMPLES)]), sink=sink))
            assert counters.counts["store.new"] > 100
    prepared, unprepared = store_rows(dbs["prepared"]), store_rows(dbs["unprepared"])
    assert prepared["entity_mentions"] and prepared["dedup_members"]
    assert prepared == unprepared
