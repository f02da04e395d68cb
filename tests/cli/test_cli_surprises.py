"""Issue 13, "CLI without surprises": each traceback or silent success of the issue becomes a one-line
error (exit status 2 for usage) or a warning, checked before any work starts."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from baochi.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store of the sample corpus (founding document and VFND records)."""
    path = tmp_path_factory.mktemp("db") / "s.db"
    assert main(["ingest", str(ROOT / "samples"), "--db", str(path), "--no-progress"]) == 0
    return str(path)


def _one_line_error(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """Run the command; assert it printed no traceback; return its exit status and stderr."""
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse's usage errors
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["text", "normalize", "nosuch.txt"], "nosuch.txt: no such file"),
        (["text", "sentences", "{samples}"], "is a directory"),
        (["extract", "{seed}", "-o", "/nonexistent/d/o.jsonl"], "no such directory"),
        (["extract", "{seed}", "-o", "{tmp}"], "is a directory"),
        (["dedup", "{seed}", "-o", "/nonexistent/d/o.jsonl"], "no such directory"),
        (["extract", "{seed}", "--field", "foo=bar"], "unknown role 'foo'"),
        (["extract", "{seed}", "--steps", ""], "no steps named"),
        (["ingest", "{tmp}/nosuch.txt", "--db", "{tmp}/new.db"], "no such file or directory"),
        (["ingest", "{tmp}/emptydir", "--db", "{tmp}/new.db"], "no input files in"),
    ],
)
def test_cli_usage_errors_are_one_line_exit_2(
    args: list[str], message: str, seed_document: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "emptydir").mkdir()
    subst = {"seed": str(seed_document), "samples": str(ROOT / "samples"), "tmp": str(tmp_path)}
    code, err = _one_line_error(capsys, *[a.format(**subst) for a in args])
    assert code == 2
    assert message in err
    assert not (tmp_path / "new.db").exists()  # nothing created by a command that could not run


def test_cli_dedup_bad_output_fails_before_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import baochi.api

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("inputs were read before the output was checked")

    monkeypatch.setattr(baochi.api, "read", boom)
    code, err = _one_line_error(
        capsys, "dedup", str(ROOT / "samples"), "-o", str(tmp_path / "no" / "x.jsonl")
    )
    assert code == 2 and "no such directory" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", "bến tre", "--since", "2018", "--until", "2017"], "is after --until"),
        (["search", "bến tre", "--limit", "-3"], "expected 1 or more"),
        (["search", "bến tre", "--outlet", "nosuchpaper"], "matches no stored outlet"),
        (["entities", "--top", "-5"], "expected 1 or more"),
        (["people", "--limit", "0"], "expected 1 or more"),
    ],
)
def test_cli_bad_query_options_are_errors_not_no_hits(
    args: list[str], message: str, db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, err = _one_line_error(capsys, *args, "--db", db)
    assert code == 2
    assert message in err and "no hits" not in err


def test_cli_text_spell_binary_input_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    image = tmp_path / "image.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    code, err = _one_line_error(capsys, "text", "spell", str(image))
    assert code == 1
    assert "image.png" in err and "binary" in err


def test_cli_choices_ignore_case(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["entities", "--type", "per", "--top", "3", "--db", db]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3 and all("  PER  " in line for line in lines)


def test_cli_global_options_anywhere(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db, "search", "bến tre", "--limit", "1", "--json"]) == 0
    before = capsys.readouterr().out
    assert main(["search", "bến tre", "--limit", "1", "--json", "-v", "--db", db]) == 0
    assert capsys.readouterr().out == before and json.loads(before)["id"]


def test_cli_list_commands_have_a_default_limit(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["people", "--db", db]) == 0
    out, err = capsys.readouterr()
    assert sum(1 for line in out.splitlines() if not line.startswith(" ")) == 50
    assert "50 of" in err
    assert main(["people", "--db", db, "--limit", "3", "--json"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3


def test_cli_person_timeline_shows_dates_and_titles(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["person", "nguyen van tuan", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "Bí thư Thành ủy" in out
    assert "2021-04-19  Hội nghị lần thứ 6 Ban Chấp hành Đảng bộ TP. Bến Tre · Báo Đồng Khởi" in out
    assert main(["person", "nguyen van tuan", "--db", db, "--json"]) == 0
    (post,) = json.loads(capsys.readouterr().out)["posts"]
    assert post["articles"] == ["18ce7509420b8f9b0609"]  # kept: ids, as before
    assert post["stated_in"][0]["title"].startswith("Hội nghị lần thứ 6")


def test_cli_subcommand_help_has_a_description(capsys: pytest.CaptureFixture[str]) -> None:
    from baochi.cli import build_parser, subcommands

    for command, help_text in subcommands(build_parser()):
        assert command.description, command.prog
        with pytest.raises(SystemExit):
            command.parse_args(["--help"])
        assert help_text and help_text in " ".join(capsys.readouterr().out.split())


def test_cli_dedup_runs_no_steps_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "d.jsonl"
    assert main(["dedup", str(ROOT / "samples" / "seed"), "-o", str(out), "--no-progress"]) == 0
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["entities"] == [] and record["spelling"] == [] and record["cluster_id"] == record["id"]
    assert main(["dedup", str(ROOT / "samples" / "seed"), "-o", str(out), "--steps", "all"]) == 0
    assert json.loads(out.read_text(encoding="utf-8"))["entities"]
    assert "story clusters: 1" in capsys.readouterr().err


def test_cli_extract_prints_a_summary(
    seed_document: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(seed_document), "-o", str(tmp_path / "o.jsonl"), "--steps", "none"]) == 0
    err = capsys.readouterr().err
    assert "documents read: 1" in err and "errors: 0" in err


def test_cli_ingest_progress_has_total_and_eta(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """On a terminal, the bar knows the total size of the inputs, so it shows a percentage and an ETA."""
    import sys

    src = tmp_path / "in"
    shutil.copytree(ROOT / "samples" / "vfnd" / "records", src)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    from baochi.cli import progress

    seen: list[Any] = []
    real_bar = progress.bar

    def spy(**kwargs: Any) -> Any:
        b = real_bar(**kwargs)
        seen.append(b)
        return b

    monkeypatch.setattr("baochi.cli.core.bar", spy)
    code = main(["ingest", str(src), "--db", str(tmp_path / "p.db"), "--steps", "none"])
    assert code == 0
    total = sum(p.stat().st_size for p in src.iterdir())
    assert [b.total for b in seen] == [total]
    assert seen[0].n == total  # every input counted done
    err = capsys.readouterr().err
    assert "ingest:" in err and "%|" in err and "<" in err  # percentage and [elapsed<remaining]
    assert "documents read: 123" in err


@pytest.mark.parametrize("command", ["extract", "dedup"])
def test_cli_output_that_is_an_input_is_refused_before_it_is_truncated(
    command: str, seed_document: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``extract in.txt -o in.txt`` (or ``-o`` naming a file inside an input folder) used to empty the
    input before reading it: the user's data was lost."""
    (tmp_path / "in").mkdir()
    own = tmp_path / "in" / "seed.txt"
    shutil.copy(seed_document, own)
    before = own.read_bytes()
    for target in (own, tmp_path / "in" / "." / "seed.txt"):
        code, err = _one_line_error(capsys, command, str(own), "-o", str(target))
        assert code == 2 and "is also an input" in err
        code, err = _one_line_error(capsys, command, str(tmp_path / "in"), "-o", str(target))
        assert code == 2 and "is also an input" in err
    assert own.read_bytes() == before


def test_cli_unknown_encoding_is_a_usage_error(
    seed_document: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--encoding nosuch`` used to fail every input one by one (exit 1) instead of the command line."""
    code, err = _one_line_error(capsys, "extract", str(seed_document), "--encoding", "nosuch")
    assert code == 2 and "unknown encoding 'nosuch'" in err
    for name in ("TCVN3", "vni", "windows-1258"):  # baochi's own legacy decoders are known names too
        code, err = _one_line_error(
            capsys, "extract", str(seed_document), "--steps", "none", "--encoding", name
        )
        assert "unknown encoding" not in err and code in (0, 1)


def test_cli_ingest_of_nothing_readable_leaves_no_new_store(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A dump whose text field has another name: the error lists the fields seen, and no empty store is
    left behind (an existing store is kept as it is)."""
    dump = tmp_path / "renamed.jsonl"
    dump.write_text('{"tieu_de": "Tiêu đề", "noi_dung": "Nội dung bài."}\n', encoding="utf-8")
    db = tmp_path / "new.db"
    code, err = _one_line_error(capsys, "ingest", str(dump), "--db", str(db), "--no-progress")
    assert code == 1 and "fields seen: tieu_de, noi_dung" in err
    assert "nothing stored" in err
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith("new.db")]
    ok = ["--field", "text=noi_dung", "--steps", "none", "--no-progress"]
    assert main(["ingest", str(dump), "--db", str(db), *ok]) == 0
    code, err = _one_line_error(capsys, "ingest", str(dump), "--db", str(db), "--field", "text=x")
    assert db.exists()  # a store that existed stays


def test_cli_export_csv_to_stdout_keeps_its_line_ends(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """CSV rows end in CR LF; the terminal escaping showed them as ``\\x0d`` (a broken CSV on stdout).
    A carriage return anywhere else is still escaped."""
    from baochi.terminal import escape_controls

    assert main(["export", "--db", db, "-o", "-", "--format", "csv", "--fields", "id,title"]) == 0
    out = capsys.readouterr().out
    assert "\\x0d" not in out and out.startswith("id,title\r\n")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["id", "title"] and len(rows) > 100
    assert escape_controls("a\rb\r\n") == "a\\x0db\r\n"


def test_cli_fields_seen_stay_one_readable_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A JSON file keyed by URLs (trafilatura's evaldata.json) listed its 980 keys as the fields seen."""
    keys = {f"https://www.example-{i}.de/a/very/long/path/to/page-{i}.html": {"x": i} for i in range(100)}
    path = tmp_path / "eval.json"
    path.write_text(json.dumps(keys), encoding="utf-8")
    code, err = _one_line_error(capsys, "extract", str(path), "--steps", "none", "--no-progress")
    line = next(ln for ln in err.splitlines() if "fields seen" in ln)
    assert code == 1 and len(line) < 500 and "(92 more)" in line


def test_cli_people_and_entities_of_a_store_without_entities_say_so(
    tmp_path: Path, seed_document: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A store ingested with --steps none has no entities: the lists were empty, exit 0, not a word."""
    db = str(tmp_path / "n.db")
    assert main(["ingest", str(seed_document), "--db", db, "--steps", "none", "--no-progress"]) == 0
    capsys.readouterr()
    for args in (["people"], ["entities"], ["entities", "--type", "per"]):
        code, err = _one_line_error(capsys, *args, "--db", db)
        assert code == 0 and "no " in err and "--steps all" in err
    code, err = _one_line_error(capsys, "people", "--name", "zzzz", "--db", db)
    assert "no person named 'zzzz'" in err
