"""Loading the layout rules' data files (``extract/data/*.txt|tsv``): one item a line, ``#`` comments."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from baochi.lang.normalize import nfc


@cache
def data_lines(name: str) -> tuple[str, ...]:
    """The non-comment, non-empty lines of a data file, NFC, in file order."""
    text = files("baochi.extract").joinpath("data", name).read_text("utf-8")
    return tuple(
        nfc(line.rstrip("\r")) for line in text.split("\n") if line.strip() and not line.startswith("#")
    )


@cache
def data_table(name: str) -> tuple[tuple[str, ...], ...]:
    """A TSV data file as rows of cells (the header line included only if it is not a comment)."""
    return tuple(tuple(cell.strip() for cell in line.split("\t")) for line in data_lines(name))
