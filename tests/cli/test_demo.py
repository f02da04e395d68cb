from __future__ import annotations

from pathlib import Path

import pytest

from baochi import demo
from baochi.store import Store


def test_demo_ingests_samples_and_searches(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "demo.db")
    assert demo.main(["--db", db]) == 0
    out = capsys.readouterr().out
    assert "errors: 0" in out
    assert "== baochi search ben tre" in out and "Bến Tre" in out
    assert out.count("== baochi search") == len(demo.SEARCHES)
    files = demo.sample_files(demo.default_samples())
    assert not any(Path(f).name.lower().startswith(("readme", "license")) for f in files)
    with Store(db) as store:
        assert store.count() == len(files)
    # a second run adds nothing
    assert demo.main(["--db", db]) == 0
    assert f"{len(files)} already stored, unchanged" in capsys.readouterr().out


def test_demo_without_samples_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert demo.main(["--db", str(tmp_path / "d.db"), "--samples", str(tmp_path / "none")]) == 2
    assert "no sample documents" in capsys.readouterr().err
