"""Sort, NFC-normalise and de-duplicate baochi data files in place, keeping the leading # header lines.

Usage: python tools/sort_data.py FILE...  (TSV files: the first non-comment line, the header, stays first)
"""

from __future__ import annotations

import sys
import unicodedata


def sort_file(path: str) -> None:
    """Rewrite one data file sorted (code-point order), NFC, without duplicate lines."""
    with open(path, encoding="utf-8") as f:
        lines = [unicodedata.normalize("NFC", x.rstrip("\n")) for x in f]
    head = [x for x in lines if x.startswith("#")]
    body = [x for x in lines if x.strip() and not x.startswith("#")]
    table_header: list[str] = []
    if path.endswith(".tsv") and body:
        table_header, body = body[:1], body[1:]
    out = head + table_header + sorted(set(body))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    for p in sys.argv[1:]:
        sort_file(p)
