"""docs/cli.md documents every command and every option of the ``baochi`` parser, and the ``--json`` keys
it promises are those the commands print (as sqlite-utils checks its own CLI reference)."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest

from baochi.cli import build_parser, main, subcommands

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
_HEADING = re.compile(r"^(#{2,3}) (.*)$", re.MULTILINE)


def _sections() -> list[tuple[str, str]]:
    """(heading, text up to the next heading) of every ## and ### heading."""
    marks = list(_HEADING.finditer(DOC))
    return [
        (m.group(2), DOC[m.start() : marks[i + 1].start() if i + 1 < len(marks) else len(DOC)])
        for i, m in enumerate(marks)
    ]


def section_of(prog: str) -> str:
    """The section whose heading starts with the command, e.g. ``baochi text spell``."""
    for heading, text in _sections():
        if re.match(rf"`{re.escape(prog)}(?=[ `])", heading):
            return text
    raise AssertionError(f"docs/cli.md has no section for `{prog}`")


def _options(parser: argparse.ArgumentParser) -> list[str]:
    out = []
    for action in parser._actions:
        if action.help == argparse.SUPPRESS or isinstance(action, argparse._HelpAction):
            continue
        out += action.option_strings
    return out


def _mentioned(option: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", text) is not None


COMMANDS = [(c.prog, c) for c, _ in subcommands(build_parser())]


@pytest.mark.parametrize(("prog", "parser"), COMMANDS, ids=[p for p, _ in COMMANDS])
def test_cli_docs_every_command_and_option(prog: str, parser: argparse.ArgumentParser) -> None:
    text = section_of(prog)
    missing = [o for o in _options(parser) if not _mentioned(o, text)]
    assert not missing, f"{prog}: options not in docs/cli.md: {missing}"


def test_cli_docs_global_options() -> None:
    top = DOC.split("\n## ")[0]
    for option in _options(build_parser()):
        assert _mentioned(option, top), option


def _json_keys(prog: str) -> set[str]:
    """The key names listed after "`--json` keys:" in the command's section."""
    text = section_of(prog)
    m = re.search(r"`--json` keys: (.*?)(?:\n\n|$)", text, re.DOTALL)
    assert m, f"{prog}: no '`--json` keys:' line"
    keys = re.findall(r"`(\w+)`", m.group(1).split("(each")[0])
    return set(keys)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("docs") / "d.db"
    assert main(["ingest", str(ROOT / "samples"), "--db", str(path), "--no-progress", "-j", "1"]) == 0
    return str(path)


def _rows(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict[str, object]]:
    capsys.readouterr()
    assert main(list(args)) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_cli_docs_json_keys_are_the_output_keys(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    search = _rows(capsys, "search", "ha noi", "--json", "--limit", "50", "--db", db)
    assert search
    documented = _json_keys("baochi search")
    story = {"copies", "outlets"}
    for row in search:
        assert documented - story <= set(row) <= documented, row.keys()
    (stats,) = _rows(capsys, "stats", "--json", "--db", db)
    assert set(stats) == _json_keys("baochi stats")
    people = _rows(capsys, "people", "--json", "--limit", "5", "--db", db)
    assert all(set(p) == _json_keys("baochi people") for p in people)
    entities = _rows(capsys, "entities", "--json", "--db", db)
    assert all(set(e) == _json_keys("baochi entities") for e in entities)
    (person,) = _rows(capsys, "person", "Nguyễn Văn Tuấn", "--json", "--db", db)
    assert set(person) == _json_keys("baochi people")
    post_keys = {
        "title",
        "organization",
        "place",
        "first",
        "last",
        "articles",
        "stated_in",
        "variants",
        "count",
    }
    assert all(set(post) == post_keys for post in person["posts"])  # type: ignore[attr-defined]
    assert all(k in section_of("baochi person") + section_of("baochi people") for k in post_keys)


@pytest.mark.parametrize("tool", ["normalize", "sentences", "spell", "times"])
def test_cli_docs_text_json_keys(
    tool: str, tmp_path: Path, seed_document: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _rows(capsys, "text", tool, str(seed_document), "--json")
    assert rows
    assert all(set(r) == _json_keys(f"baochi text {tool}") for r in rows)
