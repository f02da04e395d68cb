"""The ``baochi`` command: thin -- parses arguments, calls the stages, shows progress.

Each command group lives in its own module with a ``register(subparsers)`` function.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Iterator

from baochi import __version__
from baochi.cli.args import UsageError
from baochi.errors import BaochiError
from baochi.store import DEFAULT_DB

# Command modules, in the order their commands appear in --help.
COMMAND_MODULES: list[str] = [
    "baochi.cli.core",
    "baochi.cli.text",
    "baochi.cli.entities",
    "baochi.cli.dedup",
    "baochi.cli.serve",
]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command registered."""
    parser = argparse.ArgumentParser(prog="baochi", description="Vietnamese news: extract, store, search.")
    parser.add_argument("--version", action="version", version=f"baochi {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log debug messages (anywhere on the line)"
    )
    parser.add_argument(
        "--db",
        default=DEFAULT_DB,
        metavar="FILE",
        help=f"database file (default ./{DEFAULT_DB}; anywhere on the line)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    for command, help_text in subcommands(parser):
        if command.description is None:
            command.description = help_text
        # global options after the command too; SUPPRESS keeps the value given before it
        for action in command._actions:
            if "--db" in action.option_strings:
                action.default = argparse.SUPPRESS
        command.add_argument(
            "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )
    return parser


def subcommands(parser: argparse.ArgumentParser) -> Iterator[tuple[argparse.ArgumentParser, str | None]]:
    """Every sub-command's parser (nested ones too) with its one-line help."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            helps = {a.dest: a.help for a in action._choices_actions}
            for name, command in action.choices.items():
                yield command, helps.get(name)
                yield from subcommands(command)


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(message)s")
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except (UsageError, BaochiError) as exc:  # a usage or store error: one line, no traceback
        print(f"baochi: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
