"""Every Python example of docs/api.md runs, in order, from a folder holding the repository's samples/."""

from __future__ import annotations

import contextlib
import doctest
import io
import os
import re
from pathlib import Path

import pytest

import baochi
import baochi.api

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "api.md"


def _examples() -> list[tuple[int, str]]:
    """(line number, code) of each ```python block of the Python API part."""
    text = DOC.read_text(encoding="utf-8").split("## HTTP API")[0]
    out = []
    for m in re.finditer(r"```python\n(.*?)```", text, re.DOTALL):
        out.append((text[: m.start()].count("\n") + 1, m.group(1)))
    return out


def test_api_docs_have_examples() -> None:
    assert len(_examples()) >= 6


@pytest.mark.parametrize(("line", "code"), _examples(), ids=[f"line{n}" for n, _ in _examples()])
def test_api_docs_example_runs(line: int, code: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    monkeypatch.chdir(tmp_path)
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(code, f"{DOC}:{line}", "exec"), {"__name__": "__docs__"})


def test_api_module_doctests() -> None:
    result = doctest.testmod(baochi.api, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 2 and result.failed == 0


def test_api_public_names_are_typed_and_exported() -> None:
    assert (ROOT / "src" / "baochi" / "py.typed").exists()
    for name in baochi.__all__:
        assert getattr(baochi, name) is not None, name
    assert baochi.Store.__module__ == "baochi.corpus"


def test_api_python_dash_m_baochi(tmp_path: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "baochi", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert proc.returncode == 0 and proc.stdout.startswith("baochi ")
