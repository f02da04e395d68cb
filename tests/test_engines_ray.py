"""The Ray engine: the same records and the same clusters as the local engine, on a local Ray cluster and
on a two-node cluster started on this machine by the test (small inputs, bounded time). Each Ray run is a
``baochi`` process of its own, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from baochi.cli import main
from baochi.writers.parquet import read_rows
from baochi.writers.schema import from_row

pytest.importorskip("ray")

from ray_cluster import ENV, two_node_cluster

ROOT = Path(__file__).resolve().parents[1]
INPUTS = [str(ROOT / "samples" / "vfnd"), str(ROOT / "tests" / "fixtures" / "dedup" / "stories.jsonl")]


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def _parts(folder: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for part in sorted(folder.glob("part-*.parquet")):
        rows += [from_row(r) for r in read_rows(part)]
    return rows


def _baochi(*args: str) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [sys.executable, "-m", "baochi", *args], env=ENV, capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """What the local engine gives: extract and dedup output."""
    tmp = tmp_path_factory.mktemp("local")
    assert main(["extract", *INPUTS, "--steps", "lang", "-o", str(tmp / "x.jsonl")]) == 0
    assert main(["dedup", *INPUTS, "-o", str(tmp / "d.jsonl"), "--no-progress"]) == 0
    return {"extract": _jsonl(tmp / "x.jsonl"), "dedup": _jsonl(tmp / "d.jsonl")}


def _same_as_local(local: dict[str, list[dict[str, Any]]], out: Path, *address: str) -> None:
    ray = ["--engine", "ray", "-j", "2", "--shard-files", "20", *address]
    _baochi("extract", *INPUTS, "--steps", "lang", *ray, "-o", str(out / "x"))
    assert len(list((out / "x").glob("part-*.parquet"))) > 2  # several shards, several tasks
    assert _parts(out / "x") == local["extract"]  # the same records, in the same order
    proc = _baochi("dedup", *INPUTS, *ray, "-o", str(out / "d"))
    dedup = _parts(out / "d")
    assert dedup == local["dedup"]  # the same clusters, duplicate_of and similarity
    assert sum(1 for r in dedup if r["duplicate_of"]) >= 2
    assert "story clusters:" in proc.stderr and not (out / "d" / ".work").exists()


@pytest.mark.slow
def test_engines_ray_local_cluster_gives_what_the_local_engine_gives(
    local: dict[str, list[dict[str, Any]]], tmp_path: Path
) -> None:
    _same_as_local(local, tmp_path)


@pytest.mark.slow
def test_engines_ray_two_node_cluster_gives_what_the_local_engine_gives(
    local: dict[str, list[dict[str, Any]]], tmp_path: Path
) -> None:
    with two_node_cluster() as address:
        _same_as_local(local, tmp_path, "--ray-address", address)


@pytest.mark.slow
def test_cli_extract_engine_ray_writes_shards_and_ingest_loads_them(tmp_path: Path) -> None:
    out = tmp_path / "shards"
    _baochi("extract", INPUTS[1], "--engine", "ray", "-j", "1", "--steps", "none", "-o", str(out))
    assert [p.name for p in out.iterdir()] == ["part-00000.parquet"]
    db = tmp_path / "s.db"
    assert main(["ingest", str(out), "--db", str(db), "--no-progress", "--steps", "none"]) == 0
    from baochi.store import Store

    with Store(db) as store:
        assert store.count() == len(read_rows(out / "part-00000.parquet")) > 0
