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


def test_install_core_knows_provinces_without_the_extra(tmp_path: Path) -> None:
    """Without ``vietnamadminunits`` the core list of provinces (``enrich/data/provinces.tsv``) makes
    provinces places with their 2025 province, never persons."""
    text = tmp_path / "tin.txt"
    text.write_text(
        "Lãnh đạo Quảng Nam và Hà Giang làm việc tại Đà Nẵng\n\n"
        "Sáng nay, lãnh đạo Quảng Nam, Bình Dương và Hà Giang họp bàn tại Đà Nẵng. Ông Nguyễn Văn Tuấn"
        " phát biểu.\n",
        encoding="utf-8",
    )
    proc = _run_core("extract", str(text), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    entities = json.loads(proc.stdout)["entities"]
    places = {e["text"]: e for e in entities if e["type"] == "LOC"}
    persons = {e["text"] for e in entities if e["type"] == "PER"}
    assert {"Quảng Nam", "Hà Giang", "Bình Dương", "Đà Nẵng"} <= set(places)
    assert not persons & {"Quảng Nam", "Hà Giang", "Bình Dương", "Đà Nẵng"}
    assert places["Hà Giang"]["admin"]["after_2025"]["province"] == "Tỉnh Tuyên Quang"
    assert places["Bình Dương"]["admin"]["after_2025"]["province"] == "Thành phố Hồ Chí Minh"


def test_core_province_list_has_63_provinces_and_34_after_2025() -> None:
    from baochi.enrich.lexicon import data_rows

    rows = data_rows("provinces.tsv", 8)
    assert len({r[0] for r in rows}) == 63 and len({r[4] for r in rows}) == 34
    assert all(len(r[0]) == 2 and r[0].isdigit() for r in rows)
