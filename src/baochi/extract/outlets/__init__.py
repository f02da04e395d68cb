"""The outlet registry: names, domains, dateline prefixes and provinces of Vietnamese news outlets.

Kept as data in ``outlets.tsv`` (one outlet a row; see its header), loaded once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from baochi.lang.fold import fold_key
from baochi.model import Outlet


@dataclass(frozen=True, slots=True)
class OutletInfo:
    """One registry row."""

    name: str
    domains: tuple[str, ...]
    prefixes: tuple[str, ...]
    abbreviations: tuple[str, ...]
    province: str | None
    kind: str
    successor: str | None = None

    def as_outlet(self) -> Outlet:
        """The record's ``outlet`` value."""
        return Outlet(name=self.name, domain=self.domains[0] if self.domains else None)


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in cell.split("|") if x.strip())


class OutletRegistry:
    """Look-ups by domain, dateline prefix and name or abbreviation."""

    def __init__(self, rows: list[OutletInfo]) -> None:
        self.rows = rows
        self._domain = {d.lower(): r for r in rows for d in r.domains}
        self._prefix = {p: r for r in rows for p in r.prefixes}
        self._name: dict[str, OutletInfo] = {}
        for r in rows:
            for n in (r.name, *r.abbreviations):
                self._name.setdefault(fold_key(n), r)
        # fold_key keeps one character per character, so no longer string can be a known name.
        self._longest = max((len(k) for k in self._name), default=0)

    def by_domain(self, host: str | None) -> OutletInfo | None:
        """The outlet of a host name (sub-domains match their parent)."""
        if not host:
            return None
        host = host.lower()
        while host:
            if host in self._domain:
                return self._domain[host]
            if "." not in host:
                return None
            host = host.split(".", 1)[1]
        return None

    def by_prefix(self, prefix: str) -> OutletInfo | None:
        """The outlet whose dateline prefix is exactly ``prefix`` (``BDK.VN``, ``TTO``, ``(Dân trí)``)."""
        return self._prefix.get(prefix.strip())

    def prefixes(self) -> list[str]:
        """Every known dateline prefix, longest first."""
        return sorted(self._prefix, key=len, reverse=True)

    def by_name(self, name: str) -> OutletInfo | None:
        """The outlet named or abbreviated so (``VNE``, ``Tuổi Trẻ``, ``tuoi tre``)."""
        name = name.strip()
        if len(name) > self._longest:  # most callers ask about whole lines: skip folding those
            return None
        return self._name.get(fold_key(name))


def parse_registry(text: str) -> list[OutletInfo]:
    """Parse the TSV registry text (``#`` lines are comments, the first other line is the header)."""
    rows: list[OutletInfo] = []
    header: list[str] | None = None
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        rec = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
        rows.append(
            OutletInfo(
                name=rec["name"],
                domains=_split(rec["domains"]),
                prefixes=_split(rec["prefixes"]),
                abbreviations=_split(rec["abbreviations"]),
                province=rec["province"] or None,
                kind=rec["kind"],
                successor=rec.get("successor") or None,
            )
        )
    return rows


@cache
def registry() -> OutletRegistry:
    """The shipped registry, loaded once."""
    text = files("baochi.extract.outlets").joinpath("outlets.tsv").read_text("utf-8")
    return OutletRegistry(parse_registry(text))
