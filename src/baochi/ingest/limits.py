"""How much work one input may cause: sizes, nesting depth, text length (documented in docs/limits.md).

Every limit has a default far above real news and far below what makes a step run for minutes or fill
memory (parsing HTML 10,000 levels deep takes 0.5 s with lexbor, 25,000 levels 3.5 s: the time grows with
the square of the depth). Each can be changed with an environment variable ``BAOCHI_MAX_*`` (read when
the limits are first asked for); readers also take ``Limits(...)`` in ``ReadOptions.limits``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, fields
from functools import cache

# name of the field -> environment variable
_ENV = {
    "max_document_bytes": "BAOCHI_MAX_DOCUMENT_BYTES",
    "max_json_bytes": "BAOCHI_MAX_JSON_BYTES",
    "max_html_depth": "BAOCHI_MAX_HTML_DEPTH",
    "max_text_chars": "BAOCHI_MAX_TEXT_CHARS",
    "max_text_lines": "BAOCHI_MAX_TEXT_LINES",
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """Per-input limits; an input over one is cut or refused with a counted, one-line reason.

    - ``max_document_bytes``: bytes of one document once decompressed (a text or HTML file, one JSONL line,
      one WARC payload, one CSV row); bigger ones are refused before they are ever whole in memory.
    - ``max_json_bytes``: bytes of a whole ``.json`` file (parsed at once; JSONL is streamed line by line).
    - ``max_html_depth``: element nesting depth of an HTML page, checked before the HTML parser sees it
      (parse time grows with the square of the depth).
    - ``max_text_chars``: characters of text of one record handed to the later steps; the rest of the body
      is cut (the record keeps a warning saying so).
    - ``max_text_lines``: lines of a scraped text (a file, or a record's text field) handed to the layout
      rules, whose time grows with the square of the line count (20,000 lines: 54 s); the rest is cut.
    """

    max_document_bytes: int = 64 * 1024 * 1024
    max_json_bytes: int = 512 * 1024 * 1024
    max_html_depth: int = 10_000
    max_text_chars: int = 300_000
    max_text_lines: int = 3_000


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip().replace("_", "")
    if not raw:
        return default
    m = re.fullmatch(r"(\d+)\s*([kKmMgG]?)", raw)
    if not m or int(m.group(1)) <= 0:
        raise ValueError(f"{name}={raw!r}: expected a positive number (suffix k, M or G allowed)")
    scale = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}[m.group(2).lower()]
    return int(m.group(1)) * scale


@cache
def default_limits() -> Limits:
    """The limits of this process: the defaults, overridden by ``BAOCHI_MAX_*`` environment variables."""
    values = {f.name: _env_int(_ENV[f.name], f.default) for f in fields(Limits) if isinstance(f.default, int)}
    return Limits(**values)


def describe_limits(limits: Limits) -> list[str]:
    """One line per limit, ``name = value (ENV_VAR)`` (for docs and ``--help`` texts)."""
    return [f"{f.name} = {getattr(limits, f.name)} ({_ENV[f.name]})" for f in fields(Limits)]


# Elements that never hold others (void) or that the parser closes by itself when a sibling opens: they do
# not deepen the tree, whatever the markup says.
_FLAT = frozenset(
    b"area base br col embed hr img input link meta param source track wbr basefont bgsound frame keygen"
    b" p li dt dd option optgroup tr td th thead tbody tfoot colgroup rb rt rp".split()
)
# The tag name only: matching attributes could scan to the end of the page for every "<" of a page
# without ">" (quadratic); the name is enough to count depth.
_TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9:-]{0,31})")


def html_too_deep(data: bytes, limit: int) -> bool:
    """True when the elements of an HTML page nest deeper than ``limit`` (counted from the tags in one
    linear scan, before any parser sees the page; an upper bound of the parser's depth for pages that
    leave elements unclosed)."""
    if data.count(b"<") <= limit:
        return False
    depth = 0
    for m in _TAG.finditer(data):
        if m.group(2).lower() in _FLAT:
            continue
        if m.group(1):
            depth = depth - 1 if depth else 0
        else:
            depth += 1
            if depth > limit:
                return True
    return False


def cut_lines(text: str, limit: int) -> tuple[str, bool]:
    """The first ``limit`` lines of ``text``, and whether it had more."""
    if text.count("\n", 0, None) < limit:
        return text, False
    end = -1
    for _ in range(limit):
        end = text.index("\n", end + 1)
    return text[:end], True
