"""Records to JSON lines, CSV and Parquet: typed nested columns, exact round trip, readable by the usual
tools; ``baochi export`` over a store; ``ingest`` of a directory of shards restores the records."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from baochi.cli import main
from baochi.writers.files import FileWriter
from baochi.writers.parquet import read_rows
from baochi.writers.schema import from_row

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    out = tmp_path_factory.mktemp("x") / "samples.jsonl"
    assert main(["extract", str(SAMPLES), "-j", "2", "-o", str(out)]) == 0
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


def _write(target: Path | str, records: list[dict[str, Any]], **kw: Any) -> FileWriter:
    w = FileWriter(str(target), **kw)
    for r in records:
        w.add(r)
    w.close()
    return w


def test_writers_parquet_round_trip_is_exact(records: list[dict[str, Any]], tmp_path: Path) -> None:
    assert any(r["entities"] for r in records) and any(r["time_expressions"] for r in records)
    _write(tmp_path / "r.parquet", records)
    rows = read_rows(tmp_path / "r.parquet")
    assert [from_row(r) for r in rows] == records


def test_writers_parquet_nested_fields_are_typed(records: list[dict[str, Any]], tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    _write(tmp_path / "r.parquet", records)
    schema = pq.read_schema(tmp_path / "r.parquet")
    assert schema.field("body").type == pa.list_(pa.string())
    entity = schema.field("entities").type.value_type
    assert pa.types.is_struct(entity) and entity.field("start").type == pa.int64()
    assert pa.types.is_struct(entity.field("admin").type)
    position = schema.field("positions").type.value_type
    assert pa.types.is_struct(position) and position.field("person").type == pa.string()


def test_writers_parquet_readable_by_duckdb_and_pandas(records: list[dict[str, Any]], tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    pandas = pytest.importorskip("pandas")
    path = tmp_path / "r.parquet"
    _write(path, records)
    seed = next(r for r in records if r["title"] and "Bến Tre" in r["title"] and r["positions"])
    got = duckdb.sql(
        f"SELECT len(body), positions[1].person, entities[1].start FROM '{path}' WHERE id = '{seed['id']}'"
    ).fetchall()
    assert got == [(len(seed["body"]), seed["positions"][0]["person"], seed["entities"][0]["start"])]
    df = pandas.read_parquet(path)
    assert len(df) == len(records) and list(df.loc[0, "body"]) == records[0]["body"]


def test_writers_parquet_readable_by_polars_and_datasets(
    records: list[dict[str, Any]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    polars = pytest.importorskip("polars")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    datasets = pytest.importorskip("datasets")
    path = tmp_path / "r.parquet"
    _write(path, records)
    frame = polars.read_parquet(path)
    assert frame.schema["body"] == polars.List(polars.String) and frame.height == len(records)
    ds = datasets.load_dataset("parquet", data_files=str(path), cache_dir=str(tmp_path / "hf"))["train"]
    assert ds.num_rows == len(records) and ds[0]["body"] == records[0]["body"]
    i = next(i for i, r in enumerate(records) if r["entities"])
    assert ds[i]["entities"][0]["start"] == records[i]["entities"][0]["start"]
    assert ds[i]["entities"][0]["canonical"] == records[i]["entities"][0]["canonical"]


def test_writers_directory_target_writes_shards(records: list[dict[str, Any]], tmp_path: Path) -> None:
    w = _write(str(tmp_path / "out") + "/", records, fmt="jsonl", shard_rows=50)
    parts = sorted((tmp_path / "out").iterdir())
    assert [p.name for p in parts] == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    lines = [json.loads(x) for p in parts for x in p.read_text(encoding="utf-8").splitlines()]
    assert lines == records and w.written == len(records)


def test_writers_csv_has_one_column_per_field(records: list[dict[str, Any]], tmp_path: Path) -> None:
    _write(tmp_path / "r.csv", records, fields=["id", "title", "body"])
    with open(tmp_path / "r.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ["id", "title", "body"]
    assert json.loads(rows[0]["body"]) == records[0]["body"]


def test_cli_export_formats_fields_and_filters(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "s.db")
    assert main(["ingest", str(SAMPLES / "vfnd"), "--db", db, "--steps", "none", "--no-progress"]) == 0
    assert main(["export", "--db", db, "-o", str(tmp_path / "all.parquet")]) == 0
    everything = read_rows(tmp_path / "all.parquet")
    assert len(everything) > 50
    assert (
        main(["export", "--db", db, "--format", "jsonl", "-q", "việt nam", "-o", str(tmp_path / "q.jsonl")])
        == 0
    )
    some = [json.loads(x) for x in (tmp_path / "q.jsonl").read_text(encoding="utf-8").splitlines()]
    assert 0 < len(some) < len(everything)
    assert main(["export", "--db", db, "--fields", "id,title", "-o", str(tmp_path / "f.csv")]) == 0
    header = (tmp_path / "f.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header == "id,title"
    capsys.readouterr()
    assert main(["export", "--db", db, "--fields", "id,nope", "-o", str(tmp_path / "g.csv")]) == 2
    assert "unknown field nope" in capsys.readouterr().err
    assert main(["export", "--db", str(tmp_path / "missing.db"), "-o", str(tmp_path / "h.csv")]) == 2


def test_cli_ingest_of_shards_restores_the_records(records: list[dict[str, Any]], tmp_path: Path) -> None:
    _write(str(tmp_path / "shards") + "/", records, fmt="parquet", shard_rows=40)
    db = str(tmp_path / "s.db")
    assert main(["ingest", str(tmp_path / "shards"), "--db", db, "--no-progress"]) == 0
    from baochi.store import Store

    with Store(db) as store:
        stored = {a.id: a.to_dict() for a in store.iter_articles()}
    assert set(stored) == {r["id"] for r in records}
    fields = ("title", "body", "entities", "positions", "time_expressions", "spelling", "published_at")
    for r in records:
        assert {k: stored[r["id"]][k] for k in fields} == {k: r[k] for k in fields}
