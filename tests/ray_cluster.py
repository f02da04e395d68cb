"""A Ray cluster of two nodes on this machine for the tests: ``ray start --head`` and a second
``ray start --address``, each in its own process group, started and stopped by the test itself (only the
processes it started are signalled)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

RAY = Path(sys.executable).with_name("ray")
# token authentication is for clusters reachable from elsewhere; this one listens on loopback only
ENV = {**os.environ, "RAY_AUTH_MODE": "disabled", "RAY_USAGE_STATS_ENABLED": "0"}
NODE_OPTIONS = ["--node-ip-address=127.0.0.1", "--num-cpus=1", "--object-store-memory=80000000", "--block"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stop(proc: subprocess.Popen[bytes]) -> None:
    for sig, wait in ((signal.SIGTERM, 15), (signal.SIGKILL, 5)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(wait)
            # the group may outlive its leader for a moment
            time.sleep(0.5)
            os.killpg(proc.pid, signal.SIGKILL)
        except (subprocess.TimeoutExpired, ProcessLookupError):
            continue
        return


def _wait_nodes(address: str, n: int, timeout: float) -> None:
    code = (
        "import ray, sys, time\n"
        f"ray.init(address={address!r}, logging_level='ERROR', log_to_driver=False)\n"
        f"deadline = time.time() + {timeout}\n"
        f"while len([x for x in ray.nodes() if x['Alive']]) < {n} and time.time() < deadline:\n"
        "    time.sleep(0.5)\n"
        f"sys.exit(0 if len([x for x in ray.nodes() if x['Alive']]) >= {n} else 1)\n"
    )
    subprocess.run([sys.executable, "-c", code], env=ENV, check=True, timeout=timeout + 60)


@contextmanager
def two_node_cluster(timeout: float = 120) -> Iterator[str]:
    """The address (``127.0.0.1:PORT``) of a running two-node cluster, stopped on exit."""
    port = _free_port()
    address = f"127.0.0.1:{port}"
    temp = tempfile.mkdtemp(prefix="bray", dir="/tmp")  # socket paths must stay short
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for extra in (
            ["--head", f"--port={port}", f"--temp-dir={temp}", "--include-dashboard=false"],
            [f"--address={address}"],
        ):
            procs.append(
                subprocess.Popen(
                    [str(RAY), "start", *extra, *NODE_OPTIONS],
                    env=ENV,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
            if len(procs) == 1:
                _wait_nodes(address, 1, timeout)
        _wait_nodes(address, 2, timeout)
        yield address
    finally:
        for proc in reversed(procs):
            _stop(proc)
