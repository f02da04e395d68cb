"""Vietnamese administrative units before and after the 2025 merger, from ``vietnamadminunits`` (MIT).

Without that package (``pip install baochi`` with no extras) the 63 provinces and the 34 they became are
still known, from ``data/provinces.tsv``: provinces are places, not persons; districts and communes need it.

Only the package's bundled data is read (its SQLite table and its 2025 conversion map), located without
importing the package: importing it would load its geocoding helpers, and its one online call (ArcGIS
geocoding inside ``convert_address``) must never run. Nothing here touches the network.
"""

from __future__ import annotations

import bisect
import json
import sqlite3
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from baochi.enrich.lexicon import Key, Table, data_rows, key_of
from baochi.extras import find_package, warn_missing

# The type words of the table, mapped to the lower-case words an article uses.
_TYPE_WORDS = {
    "Tỉnh": "tỉnh",
    "Thành phố": "thành phố",
    "Quận": "quận",
    "Huyện": "huyện",
    "Thị xã": "thị xã",
    "Phường": "phường",
    "Xã": "xã",
    "Thị trấn": "thị trấn",
    "Đặc khu": "đặc khu",
}


@dataclass(frozen=True, slots=True)
class Unit:
    """One pre-2025 administrative unit (province, district or commune)."""

    level: str  # province | district | commune
    code: str
    short: str  # name without its type word: "Bến Tre"
    type_word: str  # "tỉnh", "thành phố", "huyện", ...
    province: str  # short name of its province
    province_code: str
    key: str  # the package's key: "tinhbentre_thanhphobentre_phuongphukhuong"

    @property
    def name(self) -> str:
        """Full name as an article writes it: ``thành phố Bến Tre``."""
        return f"{self.type_word} {self.short}"


@cache
def _data_dir() -> Path | None:
    """The package's data folder, or None (warned once) when it is not installed: places are then
    found by the other gazetteers only, never as administrative units."""
    spec = find_package("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        warn_missing(
            "vietnamadminunits",
            "districts and communes are not matched to administrative units (provinces are)",
        )
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _rows(sql: str) -> list[tuple[Any, ...]]:
    """Rows of a query on the package's bundled table (none without the package)."""
    path = _data_dir()
    if path is None:
        return []
    con = sqlite3.connect(f"file:{path / 'dataset.db'}?mode=ro", uri=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def _strip_dup(short: str) -> str:
    # the table marks names shared by two units of one province: "Kỳ Anh (Huyện)"
    return short.split(" (")[0].strip()


@cache
def _legacy_names() -> dict[str, tuple[str, str]]:
    """Table short name -> (pre-2025 short name, type word), from data/legacy_province_names.tsv."""
    return {t: (short, word) for t, short, word in data_rows("legacy_province_names.tsv", 3)}


@cache
def _core_provinces() -> list[list[str]]:
    """The 63 pre-2025 provinces with the 2025 province each became part of (``data/provinces.tsv``):
    what is known without ``vietnamadminunits`` (provinces, no districts or communes)."""
    return data_rows("provinces.tsv", 8)


@cache
def _tables() -> tuple[list[Unit], dict[str, Any]]:
    rows = _rows(
        "SELECT province, provinceShort, provinceCode, provinceKey, district, districtShort,"
        " districtType, districtCode, districtKey, ward, wardShort, wardType, wardCode, wardKey"
        " FROM admin_units_legacy"
    ) or [(name, short, code, key, *[None] * 10) for code, key, name, short, *_ in _core_provinces()]
    units: dict[tuple[str, str], Unit] = {}
    renamed = _legacy_names()
    for p, ps, pc, pk, d, ds, dt, dc, dk, w, ws, wt, wc, wk in rows:
        ptype = "thành phố" if p.startswith("Thành phố") else "tỉnh"
        if ps in renamed:  # a province the table already names as it became in 2025
            ps, ptype = renamed[ps]
        units.setdefault(("province", pc), Unit("province", pc, ps, ptype, ps, pc, pk))
        if d and dc:
            units.setdefault(
                ("district", dc), Unit("district", dc, _strip_dup(ds), _TYPE_WORDS[dt], ps, pc, f"{pk}_{dk}")
            )
        if w and wc and wt:
            units.setdefault(
                ("commune", wc),
                Unit("commune", wc, _strip_dup(ws), _TYPE_WORDS[wt], ps, pc, f"{pk}_{dk}_{wk}"),
            )
    path = _data_dir()
    merged: dict[str, list[str]] = {}
    for _, key, _, _, _, new_key, _, _ in _core_provinces():
        merged.setdefault(new_key, []).append(key)
    conv: dict[str, Any] = (
        json.loads((path / "converter_2025.json").read_text(encoding="utf-8"))
        if path is not None
        else {"DICT_PROVINCE": merged, "DICT_PROVINCE_WARD_NO_DIVIDED": {}, "DICT_PROVINCE_WARD_DIVIDED": {}}
    )
    return list(units.values()), conv


@cache
def units_by_name() -> dict[str, Table[list[Unit]]]:
    """Units by level and by the token key of their short name."""
    out: dict[str, dict[Key, list[Unit]]] = {"province": {}, "district": {}, "commune": {}}
    for unit in _tables()[0]:
        out[unit.level].setdefault(key_of(unit.short), []).append(unit)
    return {level: Table(table.items()) for level, table in out.items()}


@cache
def _new_units() -> dict[str, tuple[str, str, str]]:
    """New (2025) province key -> (full name, short name, code); ward keys -> (name, code) below."""
    rows = _rows("SELECT DISTINCT provinceKey, province, provinceShort, provinceCode FROM admin_units") or [
        (key, name, short, code) for *_, code, key, name, short in _core_provinces()
    ]
    return {k: (n, s, c) for k, n, s, c in rows}


@cache
def _new_wards() -> dict[tuple[str, str], tuple[str, str]]:
    rows = _rows("SELECT DISTINCT provinceKey, wardKey, ward, wardCode FROM admin_units")
    return {(pk, wk): (w, c) for pk, wk, w, c in rows}


@cache
def _old_to_new() -> tuple[dict[str, str], dict[str, list[tuple[str, str]]]]:
    """Old province key -> new province key; old ward key -> [(new province key, new ward key)]."""
    conv = _tables()[1]
    prov = {old: new for new, olds in conv["DICT_PROVINCE"].items() for old in olds}
    wards: dict[str, list[tuple[str, str]]] = {}
    for new_p, by_ward in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_w, olds in by_ward.items():
            for old in olds:
                wards.setdefault(old, []).append((new_p, new_w))
    for new_p, by_old in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, news in by_old.items():
            for item in news:
                wards.setdefault(old, []).append((new_p, item["newWardKey"]))
    return prov, wards


@cache
def _old_ward_keys() -> list[str]:
    """The old ward keys of the conversion map, sorted (for prefix look-ups)."""
    return sorted(_old_to_new()[1])


@cache
def after_2025(unit: Unit) -> dict[str, Any]:
    """The post-2025 units a pre-2025 unit lies in: its new province and (for lower units) its new wards."""
    prov_map, ward_map = _old_to_new()
    old_pkey = unit.key.split("_")[0]
    new_pkey = prov_map.get(old_pkey)
    out: dict[str, Any] = {}
    if new_pkey and new_pkey in _new_units():
        name, _, code = _new_units()[new_pkey]
        out = {"province": name, "province_code": code}
    if unit.level == "province":
        return out
    prefix = unit.key + ("_" if unit.level == "district" else "")
    keys = _old_ward_keys()
    targets: set[tuple[str, str]] = set(ward_map.get(unit.key, ()))
    # the old ward keys under this unit are one contiguous stretch of the sorted keys
    for k in range(bisect.bisect_left(keys, prefix), len(keys)):
        if not keys[k].startswith(prefix):
            break
        targets.update(ward_map[keys[k]])
    wards = sorted({_new_wards()[t] for t in targets if t in _new_wards()}, key=lambda w: (w[1], w[0]))
    out["wards"] = [{"name": n, "code": c} for n, c in wards]
    return out


@cache
def describe(unit: Unit) -> dict[str, Any]:
    """The ``admin`` record of a place entity: pre-2025 unit and code, and the post-2025 units."""
    return {
        "level": unit.level,
        "code": unit.code,
        "name": unit.name,
        "province": unit.province,
        "province_code": unit.province_code,
        "after_2025": after_2025(unit),
    }
