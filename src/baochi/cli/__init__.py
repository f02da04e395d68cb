"""The ``baochi`` command: thin -- parses arguments, calls the stages, shows progress.

Each command group lives in its own module with a ``register(subparsers)`` function.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from baochi import __version__

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
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


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
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
