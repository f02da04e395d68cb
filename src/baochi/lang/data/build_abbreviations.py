"""Build ``abbreviations.tsv`` from Vinorm's acronym list (MIT): ``python build_abbreviations.py [SRC]``.

SRC defaults to ``../shared/data/lexicon/abbreviations/vinorm_Acronyms.txt`` beside the checkout. Only
entries whose letters are the initials of their expansion are kept (``ubnd`` = ``ủy ban nhân dân``):
that drops Vinorm's spelled-out letters, foreign brand names and typos; entries that are a person's
initials (``bđm`` = ``bùi đức minh``) are dropped too, because search must not rewrite a name into letters.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SRC = HERE.parents[3].parent / "shared/data/lexicon/abbreviations/vinorm_Acronyms.txt"
# The commonest family names: an expansion that starts with one and has three syllables is a person.
_SURNAMES = "nguyễn trần lê phạm hoàng huỳnh phan vũ võ đặng bùi đỗ hồ ngô dương lý đinh trương lương mai"
SURNAMES = frozenset((_SURNAMES + " trịnh đào cao lâm hà tô tạ quách thái kiều").split())


def _bare(text: str) -> str:
    """Tone and vowel marks removed (``ủ`` -> ``u``) but ``đ`` kept, as abbreviations write it."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _initials(expansion: str) -> str:
    return "".join(w[0] for w in expansion.replace("-", " ").split())


def build(src: Path) -> list[str]:
    """The sorted ``ABBR<TAB>expansion`` lines kept from the source file."""
    rows: set[tuple[str, str]] = set()
    for line in src.read_text(encoding="utf-8").splitlines():
        if "#" not in line:
            continue
        abbr, expansion = (unicodedata.normalize("NFC", p.strip().lower()) for p in line.split("#", 1))
        words = expansion.split()
        if not abbr or len(abbr) < 2 or not words or _initials(_bare(expansion)) != _bare(abbr):
            continue
        if len(words) == 3 and words[0] in SURNAMES:
            continue
        rows.add((abbr.upper(), expansion))
    return [f"{a}\t{e}" for a, e in sorted(rows)]


def main() -> None:
    """Write abbreviations.tsv next to this script."""
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SRC
    header = [
        "# Vietnamese abbreviations and their expansions (ABBR<TAB>expansion; one line per reading).",
        "# Source: Vinorm vinorm/Mapping/Acronyms.txt, github.com/v-nhandt21/Vinorm commit 577c9cd,",
        "# MIT licence; filtered by build_abbreviations.py (initials must match the expansion).",
    ]
    out = HERE / "abbreviations.tsv"
    out.write_text("\n".join(header + build(src)) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
