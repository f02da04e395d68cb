from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check behaviour, not speed: Hypothesis' per-example deadline (200 ms) failed them on a
# loaded shared machine (seen in test_lang_tones, test_model, test_lang_legacy). Speed lives in bench/.
settings.register_profile("baochi", deadline=None)
settings.load_profile("baochi")

ROOT = Path(__file__).resolve().parents[1]


def shared_data_dir() -> Path:
    """``../shared/data`` beside the checkout (or $BAOCHI_SHARED_DATA)."""
    return Path(os.environ.get("BAOCHI_SHARED_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The shared dev/eval data folder; tests using it skip cleanly when it is absent."""
    path = shared_data_dir()
    if not path.is_dir():
        pytest.skip(f"shared data not found at {path}")
    return path


@pytest.fixture(scope="session")
def seed_document() -> Path:
    """The founding document: the copy shipped in samples/."""
    return ROOT / "samples" / "seed" / "000_4856c191f90d3d64.txt"
