import pytest

from baochi.lang import words

TEXT = "Bí thư Thành ủy Nguyễn Văn Tuấn trao giấy khen cho các tập thể tiêu biểu năm 2020."


def test_words_lexicon_segmenter_joins_words_and_names() -> None:
    got = [TEXT[s:e] for s, e in words.segment_lexicon(TEXT)]
    assert got[:3] == ["Bí thư", "Thành ủy", "Nguyễn Văn Tuấn"]
    assert "tập thể" in got and "tiêu biểu" in got and "2020" in got


def test_words_segment_offsets_and_backend() -> None:
    assert words.backend() in ("underthesea", "lexicon")
    spans = words.segment(TEXT + "\nDòng hai có hai từ.")
    text = TEXT + "\nDòng hai có hai từ."
    assert all(text[s:e].strip() == text[s:e] and text[s:e] for s, e in spans)
    assert spans == sorted(spans)
    assert "Bí thư" in [text[s:e] for s, e in spans]


def test_words_pos_tags_cover_words() -> None:
    tagged = words.pos_tag(TEXT)
    assert [TEXT[s:e] for s, e, _ in tagged][:2] == ["Bí thư", "Thành ủy"]
    if words.backend() == "underthesea":
        assert ("Nguyễn Văn Tuấn", "Np") in [(TEXT[s:e], t) for s, e, t in tagged]


@pytest.mark.skipif(words.backend() != "underthesea", reason="underthesea not installed")
def test_words_underthesea_needs_no_download(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Its models ship in the wheel: with HOME elsewhere, nothing is fetched or written there.
    monkeypatch.setenv("HOME", str(tmp_path))
    assert words.words("Hội nghị lần thứ 6") == ["Hội nghị", "lần", "thứ", "6"]
    assert list(tmp_path.iterdir()) == []
