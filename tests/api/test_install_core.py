"""``pip install baochi`` without extras runs every default command (issue 13, "installs that work").

The packages of the ``all`` extra are hidden from a child interpreter by a meta-path finder, as if they
were not installed; the default commands must still succeed, with one warning naming the extra.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

EXTRA_PACKAGES = ["vietnamadminunits", "underthesea", "py3langid", "pyarrow", "fastwarc", "geopy", "shapely"]

_HIDE = """
import sys
class _Hide:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in {hidden!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None
sys.meta_path.insert(0, _Hide())
from baochi.cli import main
sys.exit(main(sys.argv[1:]))
"""


def _run_core(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    code = _HIDE.format(hidden=set(EXTRA_PACKAGES))
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def test_install_core_extract_founding_document(seed_document: Path, tmp_path: Path) -> None:
    proc = _run_core("extract", str(seed_document), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    assert record["title"] == "Hội nghị lần thứ 6 Ban Chấp hành Đảng bộ TP. Bến Tre"
    assert record["authors"] == ["Thu Huyền"]
    assert "internal error" not in proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1, proc.stderr
    assert "vietnamadminunits" in warnings[0] and "baochi[all]" in warnings[0]


@pytest.mark.slow
def test_install_core_ingest_samples_and_search(tmp_path: Path) -> None:
    db = str(tmp_path / "core.db")
    proc = _run_core("ingest", str(ROOT / "samples"), "--db", db, "--no-progress", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "errors: 0" in proc.stderr
    assert proc.stderr.count("baochi[all]") == 1
    proc = _run_core("search", "bến tre", "--db", db, cwd=tmp_path)
    assert proc.returncode == 0 and "Bến Tre" in proc.stdout
