"""The ``baochi`` command: thin -- parses arguments, calls the stages, shows progress.

Each command group lives in its own module with a ``register(subparsers)`` function.
"""

from __future__ import annotations

import argparse
import importlib
import io
import logging
import os
import sys
import traceback
from collections.abc import Iterator

from baochi import __version__
from baochi.cli.args import UsageError
from baochi.errors import BaochiError
from baochi.store import DEFAULT_DB
from baochi.terminal import safe_output

# Command modules, in the order their commands appear in --help.
COMMAND_MODULES: list[str] = [
    "baochi.cli.core",
    "baochi.cli.text",
    "baochi.cli.entities",
    "baochi.cli.dedup",
    "baochi.cli.export",
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


# Exit statuses (docs/cli.md "Exit status"): what scripts may rely on.
EXIT_OK = 0  # every input read and stored (or the command did what it was asked)
EXIT_INPUTS_FAILED = 1  # some inputs failed: each named in the summary with its reason; the rest stored
EXIT_USAGE = 2  # bad arguments, or a store/output that cannot be used: nothing or little was done
EXIT_INTERNAL = 3  # a bug in baochi: one line, and a hint to report it (-v shows the traceback)
EXIT_INTERRUPTED = 130
_REPORT = "this is a bug in baochi: please report it with the output of the same command run with -v"


def _verbose(args: argparse.Namespace | None, argv: list[str]) -> bool:
    return bool(getattr(args, "verbose", False)) or any(a in ("-v", "--verbose") for a in argv)


def _quiet_stdout() -> None:
    """After a closed pipe (``baochi search x | head -1``): no second error when Python flushes at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status (``EXIT_*``). Never a traceback
    unless ``-v``; control characters in anything printed are shown escaped (baochi.terminal)."""
    argv = sys.argv[1:] if argv is None else argv
    with safe_output():
        return _run(argv)


def _run(argv: list[str]) -> int:
    args: argparse.Namespace | None = None
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, format="%(message)s")
        if not getattr(args, "func", None):
            parser.print_help()
            return EXIT_USAGE
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_OK
    except (UsageError, BaochiError) as exc:  # a usage, store or query error: one line, no traceback
        print(f"baochi: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OverflowError as exc:  # a number argument beyond what the command can use (--limit 1e20)
        print(f"baochi: a number is out of range: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as exc:  # an output file or folder that cannot be written, a disk full
        name = f"{exc.filename}: " if exc.filename else ""
        print(f"baochi: {name}{(exc.strerror or str(exc)).lower()}", file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:
        if _verbose(args, argv):
            traceback.print_exc()
        print(f"baochi: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(f"baochi: {_REPORT}", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
