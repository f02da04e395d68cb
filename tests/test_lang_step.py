import json

import pytest

from baochi.cli import main
from baochi.lang.langid import identify_language
from baochi.lang.legacy import encode_tcvn3
from baochi.lang.step import annotate_article, field_text
from baochi.model import Article
from baochi.pipeline import STEPS, Lang, run_steps


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Hội nghị lần thứ 6 Ban Chấp hành Đảng bộ TP. Bến Tre", "vi"),
        ("Bí thư Thành ủy trao giấy khen", "vi"),
        ("", None),
        ("12345 - 678", None),
    ],
)
def test_langid_vietnamese_by_letters(text: str, lang: str | None) -> None:
    assert identify_language(text) == lang


def test_langid_other_languages_not_vietnamese() -> None:
    assert identify_language("The quick brown fox jumps over the lazy dog near the river bank.") != "vi"
    assert identify_language("Le chat est sur la table et il mange une souris grise.") != "vi"


def _seed_article(seed_document) -> Article:  # type: ignore[no-untyped-def]
    lines = [x.strip() for x in seed_document.read_text(encoding="utf-8").split("\n") if x.strip()]
    return Article(
        id="seed",
        source=str(seed_document),
        title=lines[0],
        published_at="2021-04-19T14:06:00+07:00",
        lead=lines[2],
        body=lines[5:9],
    )


def test_step_annotates_founding_document(seed_document) -> None:  # type: ignore[no-untyped-def]
    art = annotate_article(_seed_article(seed_document))
    assert art.language == "vi"
    assert [(f["field"], f["text"], f["suggestion"]) for f in art.spelling] == [
        ("body[1]", "đăng kỳ", "đăng ký"),
        ("body[2]", "đại biếu", "đại biểu"),
    ]
    for item in art.spelling + art.time_expressions:
        text = field_text(art, item["field"])
        assert text is not None and text[item["start"] : item["end"]] == item["text"]
    kinds = {(t["text"], t["kind"]) for t in art.time_expressions}
    assert ("lần thứ 6", "ordinal") in kinds and ("khóa XV", "term") in kinds and ("quý I", "period") in kinds
    assert json.loads(json.dumps(art.to_dict()))["spelling"][0]["suggestion"] == "đăng ký"


def test_step_is_in_article_steps_and_leaves_foreign_text(seed_document) -> None:  # type: ignore[no-untyped-def]
    assert any(isinstance(s, Lang) for s in STEPS)
    art = Article(
        id="en", source="x", title="Prices rose in May 2021", body=["Teh market was calm on 19/4/2021."]
    )
    art = run_steps(art)
    assert art.language not in (None, "vi")
    assert art.spelling == []
    assert art.body == ["Teh market was calm on 19/4/2021."]


def test_cli_text_times_json(seed_document, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["text", "times", "--json", "--anchor", "2021-04-19T14:06", str(seed_document)]) == 0
    items = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert items[1] == {
        "start": 54,
        "end": 72,
        "text": "19/04/2021 - 14:06",
        "kind": "datetime",
        "value": "2021-04-19T14:06",
    }
    assert all(set(i) == {"start", "end", "text", "kind", "value"} for i in items)


def test_cli_text_spell_sentences_normalize(seed_document, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["text", "spell", "--json", str(seed_document)]) == 0
    flags = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [f["suggestion"] for f in flags] == ["đăng ký", "đại biểu"]
    legacy = tmp_path / "abc.txt"
    legacy.write_bytes(encode_tcvn3("Thủy lợi và hòa bình. Các xã tích cực vận động."))
    assert main(["text", "sentences", str(legacy)]) == 0
    assert capsys.readouterr().out.splitlines() == ["Thủy lợi và hòa bình.", "Các xã tích cực vận động."]
    assert main(["text", "normalize", "--key", str(legacy)]) == 0
    assert capsys.readouterr().out.strip() == "thuỷ lợi và hoà bình. các xã tích cực vận động."
    assert main(["text", "times", "--anchor", "yesterday", str(legacy)]) == 2


def test_legacy_file_extracts_like_unicode(seed_document, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from baochi.lang.legacy import encode_vni

    text = seed_document.read_text(encoding="utf-8")
    assert main(["extract", str(seed_document)]) == 0
    want = json.loads(capsys.readouterr().out.splitlines()[0])
    for name, data in (("abc.txt", encode_tcvn3(text)), ("vni.txt", encode_vni(text))):
        path = tmp_path / name
        path.write_bytes(data)
        assert main(["extract", str(path)]) == 0
        got = json.loads(capsys.readouterr().out.splitlines()[0])
        for key in ("title", "lead", "body", "captions", "spelling", "time_expressions", "language"):
            assert got[key] == want[key], (name, key)


def test_langid_english_with_vietnamese_names() -> None:
    text = (
        "Prime Minister Nguyễn Xuân Phúc met President Trần Đại Quang and Nguyễn Phú Trọng in Hà Nội on "
        "Monday to discuss the economy of Việt Nam and the Đồng Nai province with foreign investors."
    )
    from baochi.lang.langid import backend

    assert identify_language(text) == ("en" if backend() == "py3langid" else "vi")
