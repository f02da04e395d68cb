"""Running the app with uvicorn on one host and port (loopback by default)."""

from __future__ import annotations

import errno
import socket
import sys
from pathlib import Path

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


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Open the store read-only, bind the port, then serve until interrupted."""
    import uvicorn

    from baochi.web.app import create_app

    app = create_app(db)  # StoreError first: a missing or invalid store never takes the port
    sock = _bind(host, port)
    shown = f"[{host}]" if ":" in host else host
    print(f"baochi: serving {db} on http://{shown}:{port}/ (read-only; Ctrl-C to stop)", file=sys.stderr)
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
