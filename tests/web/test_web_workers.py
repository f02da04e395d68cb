"""``baochi serve --workers 2``: two server processes answer on the one port; a bad count is one line."""

from __future__ import annotations

import http.client
import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_two_workers_answer(web_db: Path) -> None:
    port = _free_port()
    cmd = [
        sys.executable,
        "-m",
        "baochi.cli",
        "serve",
        "--db",
        str(web_db),
        "--port",
        str(port),
        "--workers",
        "2",
    ]
    server = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        answers = []
        while len(answers) < 4:
            assert server.poll() is None, server.stderr.read() if server.stderr else ""
            assert time.monotonic() < deadline, "no answer from the workers"
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", "/api/search?q=ben+tre")
                resp = conn.getresponse()
                answers.append((resp.status, json.loads(resp.read())["total"]))
                conn.close()
            except (ConnectionError, http.client.HTTPException, OSError):
                time.sleep(0.2)  # the workers are still starting (polling a subprocess, not a page)
        assert {status for status, _ in answers} == {200} and len({t for _, t in answers}) == 1
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    assert server.stderr is not None and "2 processes" in server.stderr.read()


def test_bad_worker_count_is_one_line(web_db: Path) -> None:
    cmd = [sys.executable, "-m", "baochi.cli", "serve", "--db", str(web_db), "--workers", "0"]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and r.stderr.strip() == "baochi: --workers must be 1..64, not 0"
