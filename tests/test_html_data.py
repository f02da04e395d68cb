"""The HTML extractor's data files: profiles, class hints, phrases parse and are tidy."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from baochi.extract.html_profiles import parse_profile, profile_for, profiles

SRC = Path(__file__).resolve().parents[1] / "src" / "baochi" / "extract"


@pytest.mark.parametrize("name", ["html_hints.json", "html_phrases.json"])
def test_html_data_files_sorted_nfc(name: str) -> None:
    text = (SRC / name).read_text("utf-8")
    assert unicodedata.is_normalized("NFC", text)
    data = json.loads(text)
    assert "_comment" in data and "Licence" in data["_comment"]

    def lists(obj: object) -> list[list[str]]:
        if isinstance(obj, list):
            return [obj]
        if isinstance(obj, dict):
            return [x for v in obj.values() for x in lists(v)]
        return []

    for values in lists(data):
        assert values == sorted(set(values)), f"{name}: not sorted/unique: {values}"


def test_html_profiles_parse_and_domains_unique() -> None:
    seen: dict[str, str] = {}
    for path in sorted((SRC / "profiles").glob("*.json")):
        text = path.read_text("utf-8")
        assert unicodedata.is_normalized("NFC", text)
        prof = parse_profile(path.stem, json.loads(text))
        for d in prof.domains:
            assert d not in seen, f"{d} in {path.name} and {seen[d]}"
            seen[d] = path.name
    assert len(profiles()) == len(seen)
    assert profile_for("www.vnexpress.net") is not None and profile_for("example.com") is None


def test_html_profile_rejects_unknown_keys() -> None:
    with pytest.raises(ValueError):
        parse_profile("x", {"domains": ["x.vn"], "titel": "h1"})
    with pytest.raises(ValueError):
        parse_profile("x", {"title": "h1"})
