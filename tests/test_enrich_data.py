"""Every enrichment data file is NFC, sorted, de-duplicated, has a header with source and licence, parses."""

from __future__ import annotations

import unicodedata
from importlib import resources

import pytest

from baochi.enrich import lexicon

FILES = sorted(p.name for p in resources.files("baochi.enrich").joinpath("data").iterdir() if p.is_file())


def test_enrich_data_files_present() -> None:
    assert {"family_names.txt", "titles.tsv", "org_heads.tsv", "organs.tsv", "place_types.tsv"} <= set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_enrich_data_file_is_clean(name: str) -> None:
    text = resources.files("baochi.enrich").joinpath("data", name).read_text(encoding="utf-8")
    header = [ln for ln in text.splitlines() if ln.startswith("#")]
    assert any("source" in h for h in header) and any("licence" in h for h in header)
    entries = lexicon.data_lines(name)
    assert entries, name
    assert text == unicodedata.normalize("NFC", text)
    assert entries == sorted(entries), f"{name} is not sorted"
    assert len(entries) == len(set(entries)), f"{name} has duplicates"
    if name.endswith(".tsv"):
        widths = {len(e.split("\t")) for e in entries}
        assert len(widths) == 1, f"{name}: rows of different widths {widths}"


def test_enrich_data_loaders_parse() -> None:
    assert "Nguyễn" in lexicon.family_names()
    assert lexicon.titles()[lexicon.key_of("Bí thư")].kind == "post"
    assert lexicon.titles()[lexicon.key_of("Đại tá")].kind == "rank"
    assert lexicon.org_heads()[lexicon.key_of("Sở")].rule == "field"
    assert lexicon.abbreviations()["UBND"] == "Ủy ban nhân dân"
