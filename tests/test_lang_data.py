import unicodedata
from importlib import resources

import pytest

from baochi.lang.resources import data_rows, data_text

DATA_FILES = [
    "abbreviations.tsv",
    "abbreviations_dotted.tsv",
    "legacy_tcvn3.tsv",
    "legacy_vni.tsv",
    "lexicon.tsv",
    "pairs.tsv.gz",
    "time_words.tsv",
]


@pytest.mark.parametrize("name", DATA_FILES)
def test_data_file_is_nfc_sorted_unique_with_header(name: str) -> None:
    text = data_text(name)
    lines = text.splitlines()
    assert lines[0].startswith("#"), "header comment naming source and licence"
    assert "licen" in "\n".join(x for x in lines if x.startswith("#")).lower() or "MIT" in text[:500]
    body = [x for x in lines if x and not x.startswith("#")]
    assert unicodedata.is_normalized("NFC", text)
    assert body == sorted(body)
    assert len(body) == len(set(body))
    assert all(len(r) >= 2 for r in data_rows(name))


def test_data_files_are_small_package_data() -> None:
    folder = resources.files("baochi.lang").joinpath("data")
    for entry in folder.iterdir():
        if entry.is_file():
            assert len(entry.read_bytes()) < 2_000_000, entry.name
