import pytest

from baochi.lang.spelling import check_spelling
from baochi.lang.variants import non_word_variants, real_word_variants, telex_decode


@pytest.mark.parametrize("segmenter", ["lexicon", "underthesea"])
def test_spelling_founding_document_exactly_two_flags(seed_document, segmenter: str) -> None:  # type: ignore[no-untyped-def]
    text = seed_document.read_text(encoding="utf-8")
    flags = check_spelling(text, segmenter=segmenter)
    assert [(f["text"], f["suggestion"]) for f in flags] == [("đăng kỳ", "đăng ký"), ("đại biếu", "đại biểu")]
    for f in flags:
        assert text[f["start"] : f["end"]] == f["text"]


@pytest.mark.parametrize(
    ("text", "flagged", "suggestion"),
    [
        ("nhà tôi ở đây, nhhà cửa khang trang", "nhhà cửa", "nhà cửa"),
        ("người Vieejt Nam và người vieejt nam", "vieejt nam", "việt nam"),
        ("chúng tôi ddax đến trường", "tôi ddax", "tôi đã"),
        ("bảo vệ môi trưởng", "môi trưởng", "môi trường"),
        ("cán bộ công chưc", "công chưc", "công chức"),
        ("hôm nay trời đẹp, nguoi dân đi chơi", "nguoi dân", "người dân"),
        ("cho đến hôm này, hãng đã thử nghiệm", "hôm này", "hôm nay"),
        ("khi chân duỗi thẳng", "duỗi thẳng", "đuổi thẳng"),
    ],
)
def test_spelling_flags_table(text: str, flagged: str, suggestion: str) -> None:
    flags = check_spelling(text)
    assert [(f["text"], f["suggestion"]) for f in flags] == [(flagged, suggestion)]


@pytest.mark.parametrize(
    "text",
    [
        "Bí thư Thành ủy Nguyễn Văn Tuấn trao giấy khen cho các tập thể tiêu biểu.",
        "Thủy lợi và thuỷ lợi, hòa bình và hoà bình, kỳ họp và kì họp.",
        "Facebook, Google và iPhone là tên riêng của các hãng.",
        "UBND TP.HCM họp ngày 19/4.",
        # the neighbour belongs to a longer word: no context for a correction (tự nguyện, cũng có)
        "Thí sinh muốn trúng tuyển từ nguyện vọng 1.",
        "Xe có mui cứng có thể xếp gọn.",
        # the neighbour goes with hundreds of syllables: tải is one context of xe among many
        "Một người chơi xe tại Sài Gòn.",
        # a rare word the lexicon lacks, written twice: meant, not a slip
        "Các ngón chân duỗi thẳng, hai tay duỗi thẳng.",
    ],
)
def test_spelling_leaves_clean_text_alone(text: str) -> None:
    assert check_spelling(text) == []


def test_spelling_variants() -> None:
    assert telex_decode("vieejt") == "việt"
    assert telex_decode("dduwowcj") == "được"
    assert telex_decode("thành") is None
    assert "biểu" in real_word_variants("biếu")
    assert "nhà" in non_word_variants("nhhà")


@pytest.mark.parametrize(
    ("syllable", "ok"),
    [
        ("gốm", True),
        ("học", True),
        ("chảnh", True),
        ("nhhà", False),
        ("hòc", False),
        ("hoc", False),
        ("vieejt", False),
    ],
)
def test_spelling_well_formed_syllables(syllable: str, ok: bool) -> None:
    from baochi.lang.lexicon import well_formed

    assert well_formed(syllable) is ok


def test_spelling_rare_well_formed_word_needs_a_neighbour() -> None:
    assert check_spelling("bình gốm sứ cổ") == []


@pytest.mark.parametrize(
    ("text", "flags"),
    [
        # Telex keystrokes English does not show, a letter doubled at a syllable's start or in a marked
        # syllable: flagged even where the small corpus has no pair for the context.
        ("men vi sinh để tái taoj cân bằng", [("taoj", "tạo")]),
        ("chậm nhaats 10 phút", [("nhaats", "nhất")]),
        ("phương án chhốt hiện tại", [("chhốt", "chốt")]),
        # English words that read as Telex are left alone without a neighbour calling for a syllable.
        ("tuổi teen đang", []),
        ("uống beer với bạn", []),
    ],
)
def test_spelling_sure_slips(text: str, flags: list[tuple[str, str]]) -> None:
    assert [(f["text"], f["suggestion"]) for f in check_spelling(text)] == flags


@pytest.mark.parametrize(
    "text",
    [
        # A common word is seldom a slip (thì is twice as common as thị; "thị trường" is no call for it).
        "Theo bà Tân thì trường cũng đã báo cáo vụ việc",
        "gửi tiết kiệm có kỳ hạn tại chính các chi nhánh",
        # An unmarked real word (se, da) whose variant makes only a corpus pair, not a word.
        "làm cho lỗ chân lông của bạn se khít",
        "chất liệu da được cho là",
    ],
)
def test_spelling_common_words_are_not_flagged(text: str) -> None:
    assert check_spelling(text) == []


def test_spelling_real_word_slips_still_flagged() -> None:
    flags = [(f["text"], f["suggestion"]) for f in check_spelling("Cho đến hôm này, cơ quan chức nặng đã")]
    assert flags == [("hôm này", "hôm nay"), ("chức nặng", "chức năng")]
