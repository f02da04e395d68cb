from __future__ import annotations

from pathlib import Path

from baochi.ingest import expand_paths


def test_ingest_expand_paths_walks_folders_sorted_and_skips_folder_docs(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ["b.txt", "a.json", "README.md", "LICENSE", ".hidden.txt", "sub/c.html", "readme-not.txt"]:
        (tmp_path / name).write_text("x", encoding="utf-8")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in expand_paths([str(tmp_path)])]
    assert found == ["a.json", "b.txt", "readme-not.txt", "sub/c.html"]


def test_ingest_expand_paths_reads_a_named_readme_and_globs(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("x", encoding="utf-8")
    (tmp_path / "x1.txt").write_text("x", encoding="utf-8")
    (tmp_path / "x2.txt").write_text("x", encoding="utf-8")
    assert list(expand_paths([str(tmp_path / "README.md")])) == [str(tmp_path / "README.md")]
    assert list(expand_paths([str(tmp_path / "x*.txt")])) == [
        str(tmp_path / "x1.txt"),
        str(tmp_path / "x2.txt"),
    ]
    assert list(expand_paths(["-"])) == ["-"]
