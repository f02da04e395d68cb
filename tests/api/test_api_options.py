"""``baochi.read``, ``Store.ingest`` and the command line build their reader options in one place
(``ReadOptions.given``), with the same checks (issue 13)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import baochi
from baochi.ingest.options import ReadOptions


def test_read_and_ingest_build_their_options_in_one_place(
    monkeypatch: pytest.MonkeyPatch, seed_document: Path, tmp_path: Path
) -> None:
    calls: list[dict[str, Any]] = []
    given = ReadOptions.given

    def spy(**kwargs: Any) -> ReadOptions:
        calls.append(kwargs)
        return given(**kwargs)

    monkeypatch.setattr(ReadOptions, "given", spy)
    options = {
        "fields": {"text": "noi_dung"},
        "encoding": "utf-8",
        "outlet": "VnExpress",
        "date": "2021-04-19",
    }
    list(baochi.read(seed_document, steps="none", **options))
    with baochi.Store(tmp_path / "x.db") as store:
        store.ingest(seed_document, steps="none", **options)
    assert len(calls) == 2 and calls[0] == calls[1]
    assert calls[0]["outlet"] == "VnExpress" and calls[0]["follow_symlinks"] is False


@pytest.mark.parametrize(
    "bad", [{"date": "yesterday"}, {"date": "19/04/2021"}, {"date": "2017-13-45"}, {"encoding": "klingon"}]
)
def test_read_and_ingest_refuse_the_same_bad_options(
    bad: dict[str, str], seed_document: Path, tmp_path: Path
) -> None:
    with pytest.raises(ValueError):
        baochi.read(seed_document, steps="none", **bad)  # type: ignore[arg-type]
    with baochi.Store(tmp_path / "x.db") as store, pytest.raises(ValueError):
        store.ingest(seed_document, steps="none", **bad)  # type: ignore[arg-type]
        assert store.count() == 0


def test_cli_date_that_is_no_day_is_a_usage_error(
    seed_document: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from baochi.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["extract", str(seed_document), "--date", "2017-13-45"])
    assert exc.value.code == 2 and "2017-13-45" in capsys.readouterr().err
