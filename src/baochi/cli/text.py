"""``baochi text normalize|sentences|spell|times``: the language layer on files or standard input."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from baochi.lang.legacy import decode_legacy, detect_legacy, repair_text


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
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
    p.add_argument("--style", choices=["new", "old"], default="new", help="tone placement of keys: hoà/hòa")
    p.set_defaults(func=_normalize)
    add("sentences", "one sentence per line (--json: start, end, text)").set_defaults(func=_sentences)
    p = add("spell", "spelling flags with suggestions (--json: start, end, text, suggestion)")
    p.add_argument("--underthesea", action="store_true", help="segment with underthesea (slower)")
    p.set_defaults(func=_spell)
    p = add("times", "time expressions (--json: start, end, text, kind, value)")
    p.add_argument("--anchor", help="ISO date-time the relative expressions refer to (default: now)")
    p.set_defaults(func=_times)
    parser.set_defaults(func=lambda args: parser.print_help() or 2)


def _read(data: bytes) -> str:
    """Bytes of a file as text: UTF-8, or a legacy Vietnamese encoding, repaired."""
    legacy = detect_legacy(data)
    if legacy:
        return decode_legacy(data, legacy)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1258", errors="replace")
    return repair_text(text)[0]


def _inputs(args: argparse.Namespace) -> Iterator[tuple[str, str]]:
    if not args.files:
        yield "-", _read(sys.stdin.buffer.read())
    for path in args.files:
        yield str(path), _read(path.read_bytes())


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
    return 0


def _sentences(args: argparse.Namespace) -> int:
    from baochi.lang.sentences import split_sentences

    for source, text in _inputs(args):
        spans = split_sentences(text)
        items: list[dict[str, Any]] = [{"start": s, "end": e, "text": text[s:e]} for s, e in spans]
        _emit(args, source, items, "\n".join(text[s:e] for s, e in spans))
    return 0


def _spell(args: argparse.Namespace) -> int:
    from baochi.lang.spelling import check_spelling

    for source, text in _inputs(args):
        flags = check_spelling(text, segmenter="underthesea" if args.underthesea else "lexicon")
        plain = "\n".join(f"{f['start']}-{f['end']}\t{f['text']}\t-> {f['suggestion']}" for f in flags)
        _emit(args, source, flags, plain)
    return 0


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
    return 0
