"""``baochi text normalize|sentences|spell|times``: the language layer on files or standard input."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from baochi.cli.args import UsageError, err
from baochi.errors import DecodeError
from baochi.lang.legacy import decode_legacy, detect_legacy, repair_text


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``text`` command group."""
    parser = sub.add_parser("text", help="Vietnamese text tools: normalize, sentences, spell, times")
    tools = parser.add_subparsers(dest="text_command", metavar="TOOL")

    def add(name: str, help_text: str) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = tools.add_parser(name, help=help_text)
        p.add_argument("files", nargs="*", type=Path, help="input files (default: standard input)")
        p.add_argument("--json", action="store_true", help="one JSON object per line")
        return p

    p = add("normalize", "NFC, spaces, punctuation, legacy encodings and mojibake repaired")
    p.add_argument("--key", action="store_true", help="print matching keys (lower case, one tone placement)")
    p.add_argument(
        "--style",
        type=str.lower,
        choices=["new", "old"],
        default="new",
        help="tone placement of keys: hoà/hòa",
    )
    p.set_defaults(func=_normalize)
    add("sentences", "one sentence per line (--json: start, end, text)").set_defaults(func=_sentences)
    p = add("spell", "spelling flags with suggestions (--json: start, end, text, suggestion)")
    p.add_argument("--underthesea", action="store_true", help="segment with underthesea (slower)")
    p.set_defaults(func=_spell)
    p = add("times", "time expressions (--json: start, end, text, kind, value)")
    p.add_argument("--anchor", help="ISO date-time the relative expressions refer to (default: now)")
    p.set_defaults(func=_times)

    def no_tool(args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return 2

    parser.set_defaults(func=no_tool)


def _status(args: argparse.Namespace) -> int:
    """1 when an input was not text, else 0."""
    return 1 if getattr(args, "failed", False) else 0


class _NotText(Exception):
    """An input that is not text (binary data)."""


def _read(data: bytes, source: str = "-") -> str:
    """Bytes of a file as text: UTF-8, or a legacy Vietnamese encoding, repaired; _NotText for binary."""
    from baochi.ingest.decode import decode_bytes

    try:
        decode_bytes(data, source=source)  # refuses binary data (NUL bytes, control characters)
    except DecodeError as exc:
        raise _NotText(str(exc)) from None
    legacy = detect_legacy(data)
    if legacy:
        return decode_legacy(data, legacy)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1258", errors="replace")
    return repair_text(text)[0]


def _inputs(args: argparse.Namespace) -> Iterator[tuple[str, str]]:
    """(source, text) of each input; every named file is checked before the first is read; a binary
    input is reported (one line, exit status 1) and skipped."""
    for path in args.files:
        if not path.exists():
            raise UsageError(f"{path}: no such file")
        if path.is_dir():
            raise UsageError(f"{path}: is a directory (give files)")
    inputs = (
        ((str(p), p.read_bytes()) for p in args.files) if args.files else [("-", sys.stdin.buffer.read())]
    )
    for source, raw in inputs:
        try:
            yield source, _read(raw, source)
        except _NotText as exc:
            err(str(exc))
            args.failed = True


def _emit(args: argparse.Namespace, source: str, items: list[dict[str, Any]], plain: str) -> None:
    if args.json:
        for item in items:
            print(json.dumps({"source": source, **item} if len(args.files) > 1 else item, ensure_ascii=False))
    elif plain:
        print(plain)


def _normalize(args: argparse.Namespace) -> int:
    from baochi.lang.normalize import clean_punctuation, normalize_text, text_key

    for source, text in _inputs(args):
        out = clean_punctuation(normalize_text(text))
        if args.key:
            out = "\n".join(text_key(line, args.style) for line in out.split("\n"))
        _emit(args, source, [{"text": out}], out)
    return _status(args)


def _sentences(args: argparse.Namespace) -> int:
    from baochi.lang.sentences import split_sentences

    for source, text in _inputs(args):
        spans = split_sentences(text)
        items: list[dict[str, Any]] = [{"start": s, "end": e, "text": text[s:e]} for s, e in spans]
        _emit(args, source, items, "\n".join(text[s:e] for s, e in spans))
    return _status(args)


def _spell(args: argparse.Namespace) -> int:
    from baochi.lang.spelling import check_spelling

    for source, text in _inputs(args):
        flags = check_spelling(text, segmenter="underthesea" if args.underthesea else "lexicon")
        plain = "\n".join(f"{f['start']}-{f['end']}\t{f['text']}\t-> {f['suggestion']}" for f in flags)
        _emit(args, source, flags, plain)
    return _status(args)


def _times(args: argparse.Namespace) -> int:
    from baochi.lang.times import find_time_expressions

    anchor = args.anchor or datetime.now().astimezone().isoformat(timespec="minutes")
    try:
        datetime.fromisoformat(anchor)
    except ValueError:
        print(f"baochi text times: --anchor {anchor!r} is not an ISO date-time", file=sys.stderr)
        return 2
    for source, text in _inputs(args):
        found = find_time_expressions(text, anchor)
        plain = "\n".join(
            f"{e['start']}-{e['end']}\t{e['kind']}\t{e['text']}\t{json.dumps(e['value'], ensure_ascii=False)}"
            for e in found
        )
        _emit(args, source, found, plain)
    return _status(args)
