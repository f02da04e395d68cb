"""Every data file of the extractors: NFC, sorted, no duplicates, a source+licence header, parses."""

import unicodedata
from pathlib import Path

import pytest

from baochi.extract.outlets import parse_registry, registry
from baochi.extract.rules import data_lines, data_table

SRC = Path(__file__).resolve().parents[1] / "src" / "baochi" / "extract"
FILES = sorted([*SRC.glob("data/*.txt"), *SRC.glob("data/*.tsv"), SRC / "outlets" / "outlets.tsv"])


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_extract_data_file_is_clean(path: Path) -> None:
    text = path.read_text("utf-8")
    assert text == unicodedata.normalize("NFC", text)
    assert text.endswith("\n")
    lines = text.split("\n")[:-1]
    header = [x for x in lines if x.startswith("#")]
    assert any("Source" in x for x in header) and any("Licence" in x for x in header)
    body = [x for x in lines if not x.startswith("#")]
    assert all(x.strip() and x == x.rstrip(" ") for x in body), "no blank or space-ended lines"
    if path.suffix == ".tsv":
        columns = body[0].split("\t")
        body = body[1:]
        assert all(len(x.split("\t")) == len(columns) for x in body)
    assert body == sorted(body), "sorted in code-point order"
    assert len(body) == len(set(body)), "no duplicates"


@pytest.mark.parametrize("name", [p.name for p in FILES if p.parent.name == "data"])
def test_extract_data_file_loads(name: str) -> None:
    rows = data_table(name) if name.endswith(".tsv") else data_lines(name)
    assert len(rows) >= 2


def test_extract_data_outlet_registry_covers_provinces() -> None:
    text = (SRC / "outlets" / "outlets.tsv").read_text("utf-8")
    rows = parse_registry(text)
    names = [r.name for r in rows]
    assert len(names) == len(set(names))
    old = [r for r in rows if r.kind == "provincial"]
    assert len(old) == 63
    assert len({r.province for r in old}) == 63
    assert all(r.domains for r in old)
    # A paper whose body kept its name across the merger (Báo Hà Tĩnh) continues without a successor.
    cities = {"Hà Nội", "TP Hồ Chí Minh"}
    continuing = {r.province for r in old if not r.successor} - cities
    units = {r.province for r in rows if r.kind == "provincial-2025"} | cities | continuing
    assert len(units) == 34
    by_name = {r.name: r for r in rows}
    assert all(r.successor in by_name for r in old if r.successor)
    reached = {by_name[r.successor].province for r in old if r.successor}
    assert reached | cities | continuing == units


@pytest.mark.parametrize(
    ("lookup", "name"),
    [
        (lambda r: r.by_domain("www.baodongkhoi.vn"), "Báo Đồng Khởi"),
        (lambda r: r.by_domain("ngoisao.vnexpress.net"), "Ngôi Sao"),
        (lambda r: r.by_domain("kinhdoanh.vnexpress.net"), "VnExpress"),
        (lambda r: r.by_prefix("BDK.VN"), "Báo Đồng Khởi"),
        (lambda r: r.by_prefix("(Dân trí)"), "Dân trí"),
        (lambda r: r.by_name("VNE"), "VnExpress"),
        (lambda r: r.by_name("tuoi tre"), "Tuổi Trẻ"),
        (lambda r: r.by_name("GĐVN"), "Gia đình & Xã hội"),
    ],
)
def test_extract_data_outlet_lookups(lookup, name: str) -> None:  # type: ignore[no-untyped-def]
    info = lookup(registry())
    assert info is not None
    assert info.name == name
