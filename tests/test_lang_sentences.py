import pytest

from baochi.lang.sentences import sentences, split_sentences

CASES = [
    (
        "Ông đến TP. Bến Tre hôm qua. Sau đó về TP.HCM. Xong.",
        ["Ông đến TP. Bến Tre hôm qua.", "Sau đó về TP.HCM.", "Xong."],
    ),
    ("PGS.TS. Nguyễn Văn A nói: “Tôi đi.” Rồi về.", ["PGS.TS. Nguyễn Văn A nói: “Tôi đi.”", "Rồi về."]),
    ("ThS. Lê B và Th.S. Trần C dự họp ở Q.1 hôm nay.", ["ThS. Lê B và Th.S. Trần C dự họp ở Q.1 hôm nay."]),
    ("Giá 1.000 đồng, tăng 3,5%. Lãi 2.5 lần.", ["Giá 1.000 đồng, tăng 3,5%.", "Lãi 2.5 lần."]),
    ("Chờ đợi... mãi. Rồi... Hết!", ["Chờ đợi... mãi.", "Rồi...", "Hết!"]),
    (
        "Ông Nguyễn V. A. đã nói. “Dân vận khéo”. Tiếp",
        ["Ông Nguyễn V. A. đã nói.", "“Dân vận khéo”.", "Tiếp"],
    ),
    ("Thật sao? Vâng. 2 người đến.", ["Thật sao?", "Vâng.", "2 người đến."]),
    ("Dòng một\nDòng hai. Câu ba", ["Dòng một", "Dòng hai.", "Câu ba"]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sentences_split_table(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_sentences_offsets_point_at_text(seed_document) -> None:  # type: ignore[no-untyped-def]
    text = seed_document.read_text(encoding="utf-8")
    spans = split_sentences(text)
    assert spans == sorted(spans)
    for s, e in spans:
        assert text[s:e] == text[s:e].strip() and text[s:e]
    joined = [text[s:e] for s, e in spans]
    assert "Hội nghị lần thứ 6 Ban Chấp hành Đảng bộ TP. Bến Tre" in joined


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. Nội dung thứ nhất.\n2. Nội dung hai", ["1. Nội dung thứ nhất.", "2. Nội dung hai"]),
        ("anh T.V.B và cô N.T.H.N. Họ đến.", ["anh T.V.B và cô N.T.H.N. Họ đến."]),
        ('Ông nói: đang tiếp tục. "\nHiện nay', ['Ông nói: đang tiếp tục. "', "Hiện nay"]),
    ],
)
def test_sentences_list_numbers_initials_and_stray_quotes(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected
