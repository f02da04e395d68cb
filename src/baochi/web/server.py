"""Running the app with uvicorn on one host and port (loopback by default)."""

from __future__ import annotations

import errno
import os
import socket
import sys
from pathlib import Path
from typing import Any

from baochi.errors import BaochiError


class ServeError(BaochiError):
    """The server cannot start: the store cannot be opened or the port cannot be bound."""


def _bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (ServeError with one line when it cannot be had)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ServeError(f"cannot serve on {host}: {exc}") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(f"port {port} on {host} is taken (choose another with --port)") from None
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return sock


# The store of the worker processes of ``--workers N`` (each imports the app by name and opens it).
DB_ENV = "BAOCHI_SERVE_DB"


def app_from_env() -> Any:
    """The app over the store named by BAOCHI_SERVE_DB (the factory the worker processes import)."""
    from baochi.web.app import create_app

    return create_app(os.environ[DB_ENV])


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000, workers: int = 1) -> None:
    """Open the store read-only, bind the port, then serve until interrupted; ``workers`` > 1: that
    many server processes on the one socket (each with its own catalog: ~250 MB per 100,000 records),
    so that every core answers requests."""
    import uvicorn

    from baochi.web.app import create_app

    app = create_app(db)  # StoreError first: a missing or invalid store never takes the port
    sock = _bind(host, port)
    shown = f"[{host}]" if ":" in host else host
    many = f", {workers} processes" if workers > 1 else ""
    print(
        f"baochi: serving {db} on http://{shown}:{port}/ (read-only{many}; Ctrl-C to stop)", file=sys.stderr
    )
    if workers <= 1:
        config = uvicorn.Config(app, log_level="warning", access_log=False)
        uvicorn.Server(config).run(sockets=[sock])
        return
    from uvicorn.supervisors import Multiprocess

    os.environ[DB_ENV] = str(Path(db).resolve())
    config = uvicorn.Config(
        "baochi.web.server:app_from_env", factory=True, workers=workers, log_level="warning", access_log=False
    )
    Multiprocess(config, sockets=[sock]).run()
