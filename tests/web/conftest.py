"""A store for the web tests: the sample corpus of samples/ (real, MIT) plus two hand-made pages whose
titles are markup, built once per session through the real ingest (entities, story clusters)."""

from __future__ import annotations

from pathlib import Path

import pytest

from baochi.demo import default_samples, sample_files
from baochi.engines.local import run_into
from baochi.store import Store
from baochi.writers.store import StoreWriter

HOSTILE_TITLES = [
    "<script>alert(1)</script> Bến Tre mở hội chợ",
    '"><img src=x onerror=alert(2)> Đảng bộ tỉnh Bến Tre họp',
]


def _hostile_texts(folder: Path) -> list[str]:
    body = (
        "Ngày 12-3-2021, Ban Chấp hành Đảng bộ tỉnh Bến Tre tổ chức hội nghị lần thứ 5. "
        "Đồng chí Lê Đức Thọ, Bí thư Tỉnh ủy Bến Tre, chủ trì hội nghị.\n\n"
        "Hội nghị bàn về phát triển kinh tế <b>năm 2021</b> và công tác xây dựng Đảng."
    )
    out = []
    for i, title in enumerate(HOSTILE_TITLES):
        path = folder / f"hostile_{i}.txt"
        path.write_text(f"{title}\n\n{body} Bản tin số {i}.\n", encoding="utf-8")
        out.append(str(path))
    return out


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The path of the test store (built once)."""
    folder = tmp_path_factory.mktemp("webstore")
    db = folder / "web.db"
    files = sample_files(default_samples()) + _hostile_texts(folder)
    with Store(db) as store:
        run_into(StoreWriter(store), files)
    return db
