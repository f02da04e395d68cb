"""Optional dependencies: finding them without importing them, and one warning when a default step
runs without one.

``pip install baochi`` (no extras) runs every default command; what an extra adds is used when it is
installed. A step that would use a missing package says so once per process, naming the extra, and goes
on with what the core offers.
"""

from __future__ import annotations

import importlib.util
import logging
from importlib.machinery import ModuleSpec

log = logging.getLogger("baochi")

_warned: set[str] = set()


def find_package(name: str) -> ModuleSpec | None:
    """The import spec of an installed top-level package, or None (never imports it)."""
    try:
        return importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None


def warn_missing(package: str, consequence: str, extra: str = "all") -> None:
    """Log once per process that ``package`` is missing and what the run does without it."""
    if package in _warned:
        return
    _warned.add(package)
    log.warning(
        "baochi: warning: %s is not installed: %s (pip install 'baochi[%s]')", package, consequence, extra
    )
