"""The public Python API (issue 13): one call per common case, errors as baochi.BaochiError."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import baochi

ROOT = Path(__file__).resolve().parents[2]


def test_api_import_is_cheap() -> None:
    import subprocess

    code = (
        "import sys, baochi; print(sorted(m for m in ('numpy', 'sqlite3', 'selectolax') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_api_extract_article_same_record_as_the_cli(seed_document: Path) -> None:
    from baochi.extract import extract_article as extract_document
    from baochi.ingest import iter_documents
    from baochi.pipeline import run_steps

    (doc,) = iter_documents([str(seed_document)])
    expected = run_steps(extract_document(doc))
    got = baochi.extract_article(seed_document.read_bytes(), source=str(seed_document))
    assert got.to_dict() == expected.to_dict()


@pytest.mark.parametrize(
    ("data", "kind", "error"),
    [
        (b"", None, baochi.InputError),
        (b"   \n", "text", baochi.InputError),
        (bytes(range(256)) * 8, "text", baochi.InputError),
        ("[1, 2]", "record", baochi.InputError),
        ("{not json", "record", baochi.InputError),
    ],
)
def test_api_extract_article_bad_data_raises_baochi_errors(
    data: bytes | str, kind: baochi.api.Kind | None, error: type[Exception]
) -> None:
    with pytest.raises(error):
        baochi.extract_article(data, kind=kind)


def test_api_extract_article_rejects_unknown_steps_and_kinds() -> None:
    with pytest.raises(ValueError, match="unknown step"):
        baochi.extract_article("Tiêu đề\n\nNội dung.", steps="spell")
    with pytest.raises(ValueError, match="no steps named"):
        baochi.extract_article("Tiêu đề\n\nNội dung.", steps="")
    with pytest.raises(ValueError, match="kind must be"):
        baochi.extract_article("Tiêu đề\n\nNội dung.", kind="pdf")  # type: ignore[arg-type]


def test_api_read_reports_failures_and_strict_raises(tmp_path: Path, seed_document: Path) -> None:
    (tmp_path / "a.txt").write_bytes(seed_document.read_bytes())
    (tmp_path / "b.txt").write_bytes(b"")
    told: list[str] = []
    records = baochi.read(tmp_path, steps="none", on_error=told.append)
    assert [a.title for a in records] == ["Hội nghị lần thứ 6 Ban Chấp hành Đảng bộ TP. Bến Tre"]
    assert len(told) == 1 and "b.txt" in told[0] and records.errors == told
    with pytest.raises(baochi.BaochiError, match=r"b\.txt"):
        list(baochi.read([tmp_path / "b.txt", tmp_path / "a.txt"], steps="none", strict=True))


def test_api_dedup_drop_duplicates_keeps_canonical_members(seed_document: Path) -> None:
    a = baochi.extract_article(seed_document.read_bytes(), steps="none")
    b = baochi.Article.from_dict({**a.to_dict(), "id": "b", "source": "b"})
    run = baochi.deduplicate([a, b], drop_duplicates=True)
    assert [x.id for x in run] == [a.id]
    assert run.stats.documents == 2 and run.written == 1


def test_api_store_search_errors(tmp_path: Path) -> None:
    with baochi.Store(tmp_path / "s.db") as store:
        store.ingest(ROOT / "samples" / "seed")
        with pytest.raises(baochi.QueryError, match="after"):
            store.search("tre", since="2022", until="2021")
        with pytest.raises(baochi.QueryError, match="limit"):
            store.search("tre", limit=0)
        with pytest.raises(baochi.QueryError, match="no stored outlet"):
            store.search("tre", outlet="nosuchpaper")
        assert store.search("tre", outlet="dong khoi")[0].outlet == {
            "name": "Báo Đồng Khởi",
            "domain": "baodongkhoi.vn",
        }
        with pytest.raises(baochi.QueryError, match="entity type"):
            store.top_entities("city")
    with pytest.raises(baochi.StoreError):
        baochi.Store(tmp_path / "none.db", create=False)


def test_api_package_holds_no_evaluation_code_and_no_dev_data_paths() -> None:
    """Evaluation code lives in bench/ (issue 13); no module of the package reads ../shared (the scripts
    that build a data file from its source, ``*/data/build_*.py``, name where that source is)."""
    src = ROOT / "src" / "baochi"
    assert not (src / "evaluate.py").exists()
    for path in src.rglob("*.py"):
        if path.parent.name == "data" and path.name.startswith("build_"):
            continue
        text = path.read_text(encoding="utf-8")
        assert "shared/data" not in text and "../shared" not in text, path


def test_api_readme_sends_no_new_user_to_shared() -> None:
    """A fresh clone has no ../shared: the README may mention it only as optional dev data."""
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if "../shared" in line:
            assert "optional" in line or "if present" in line, line
