from __future__ import annotations

import json
from pathlib import Path

import pytest

from baochi.cli import main
from baochi.pipeline import STEPS, select_steps


def test_steps_select_by_short_name() -> None:
    assert select_steps("all") == STEPS
    assert select_steps("none") == ()
    assert [s.name for s in STEPS] == ["lang", "enrich"]
    assert select_steps("enrich,lang") == STEPS  # pipeline order, whatever the order asked
    assert [s.name for s in select_steps("Enrich")] == ["enrich"]
    for bad in ("lang,spell", "", " , "):
        with pytest.raises(ValueError, match="unknown step"):
            select_steps(bad)


def test_cli_extract_steps_none_gives_the_bare_record(
    seed_document: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_all, out_none = tmp_path / "all.jsonl", tmp_path / "none.jsonl"
    assert main(["extract", str(seed_document), "-o", str(out_all)]) == 0
    assert main(["extract", str(seed_document), "--steps", "none", "-o", str(out_none)]) == 0
    full = json.loads(out_all.read_text(encoding="utf-8"))
    bare = json.loads(out_none.read_text(encoding="utf-8"))
    assert full["spelling"] and full["entities"]
    assert bare["spelling"] == [] and bare["entities"] == [] and bare["time_expressions"] == []
    assert bare["body"] == full["body"] and bare["id"] == full["id"]
    with pytest.raises(SystemExit):
        main(["extract", str(seed_document), "--steps", "nope"])
    assert "unknown step" in capsys.readouterr().err
