"""``baochi serve``: the web app and the JSON API over a store (read-only)."""

from __future__ import annotations

import argparse
import sys

from baochi.errors import BaochiError
from baochi.store import DEFAULT_DB


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``serve``."""
    p = sub.add_parser("serve", help="the web app and JSON API over the store (loopback, read-only)")
    p.add_argument("--db", default=DEFAULT_DB, help=f"database file (default ./{DEFAULT_DB})")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes sharing the port (default 1; one per core serves the most requests)",
    )
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    """``baochi serve``."""
    if not 0 <= args.port <= 65535:
        print(f"baochi: --port must be 0..65535, not {args.port}", file=sys.stderr)
        return 2
    if not 1 <= args.workers <= 64:
        print(f"baochi: --workers must be 1..64, not {args.workers}", file=sys.stderr)
        return 2
    try:
        from baochi.web.server import serve
    except ImportError as exc:
        print(f"baochi: serve needs the web extra (pip install 'baochi[web]'): {exc}", file=sys.stderr)
        return 2
    try:
        serve(args.db, args.host, args.port, args.workers)
    except BaochiError as exc:
        print(f"baochi: {exc}", file=sys.stderr)
        return 2
    return 0
