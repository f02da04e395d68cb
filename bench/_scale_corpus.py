"""A corpus of N input files built from the shared data, written once to ``bench/out/corpus-N/``.

First every real document of the shared data that baochi reads as a file of its own, as it is on disk:
the 3,736 baomoi texts, the 22,644 VNDS texts (their ``_`` between the syllables of a word replaced by
spaces, as ``_dedup_data`` does), the 2,653 Dân trí topic texts, the 914 saved HTML pages (trafilatura's
884 evaluation pages and the 30 dev pages) and the 223 news-please JSON records of VFND: 30,170 inputs.

The rest, up to N, are **sentence mosaics**: plain-text scrapes shaped like a real text of the pool (its
number of paragraphs and of sentences per paragraph), each sentence drawn at random from the ~700,000
sentences of the baomoi, Dân trí and VNDS texts, under the title of another text. So every input is a
distinct document made of real Vietnamese news sentences (entities, numbers, dates, spelling as they are
in the news), a mosaic shares a sentence with ~3 other documents, and two share two sentences only by
chance: the near-duplicates are those of the real documents (VNDS's exact-duplicate groups, baomoi's
syndicated copies), not planted ones. Mosaic ``i`` draws from ``random.Random(i)``: the corpus of N is the
same on every run and a prefix of the corpus of a larger N.
"""

from __future__ import annotations

import random
import re
import shutil
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
PER_DIR = 1000  # files per sub-folder
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[\"'“(]?[A-ZĐÀ-Ỹ0-9])")


def _sentences(paragraph: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(paragraph.strip()) if s]


def _texts(data: Path) -> list[tuple[str, str, bytes]]:
    """(kind, name, bytes) of every real input, in a fixed order."""
    out: list[tuple[str, str, bytes]] = []
    for p in sorted((data / "text" / "baomoi" / "docs").glob("*.txt")):
        out.append(("baomoi", p.name, p.read_bytes()))
    with tarfile.open(data / "dedup" / "vnds-test" / "test_tokenized.tar.gz") as tar:
        vnds = []
        for m in tar:  # in stream order: a gzip tar read out of order decompresses from its start
            fh = tar.extractfile(m) if m.isfile() else None
            if fh is not None:
                text = fh.read().decode("utf-8").replace("_", " ")
                vnds.append(("vnds", Path(m.name).name.removesuffix(".seg"), text.encode("utf-8")))
        out += sorted(vnds)
    for p in sorted((data / "topics" / "dantri" / "datasets").rglob("*.txt")):
        out.append(("dantri", p.name, p.read_bytes()))
    pages = sorted((data / "html" / "trafilatura-eval" / "pages").iterdir())
    pages += sorted((data / "html" / "pages").iterdir())
    for p in pages:
        if p.name.endswith((".html", ".html.gz", ".htm")):
            out.append(("html", p.name, p.read_bytes()))
    for p in sorted((data / "json" / "vfnd" / "Article_Contents").rglob("*.json")):
        out.append(("json", p.name, p.read_bytes()))
    return out


def _shapes(texts: list[tuple[str, str, bytes]]) -> tuple[list[str], list[list[int]], list[str]]:
    """Titles, paragraph shapes (sentences per paragraph) and the sentence pool of the plain texts."""
    titles: list[str] = []
    shapes: list[list[int]] = []
    pool: list[str] = []
    for kind, _, raw in texts:
        if kind not in ("baomoi", "vnds", "dantri"):
            continue
        lines = [ln.strip() for ln in raw.decode("utf-8", "replace").splitlines() if ln.strip()]
        if len(lines) < 3:
            continue
        titles.append(lines[0])
        shape = []
        for ln in lines[1:]:
            sents = _sentences(ln)
            shape.append(len(sents))
            pool += sents
        shapes.append(shape)
    return titles, shapes, pool


def _mosaic(i: int, titles: list[str], shapes: list[list[int]], pool: list[str]) -> bytes:
    rng = random.Random(i)
    shape = rng.choice(shapes)
    paragraphs = [" ".join(rng.choice(pool) for _ in range(n)) for n in shape]
    return (rng.choice(titles) + "\n\n" + "\n".join(paragraphs) + "\n").encode("utf-8")


def build(n: int, data: Path, out: Path | None = None) -> Path:
    """The folder of the corpus of ``n`` inputs (written the first time, reused after)."""
    folder = out or OUT / f"corpus-{n}"
    done = folder / ".complete"
    if done.exists():
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    texts = _texts(data)
    titles, shapes, pool = _shapes(texts)
    for i in range(n):
        sub = folder / f"{i // PER_DIR:04d}"
        if i % PER_DIR == 0:
            sub.mkdir(parents=True)
        if i < len(texts):
            kind, name, raw = texts[i]
            (sub / f"{i:06d}-{kind}-{name}").write_bytes(raw)
        else:
            (sub / f"{i:06d}-mosaic.txt").write_bytes(_mosaic(i, titles, shapes, pool))
    real = min(n, len(texts))
    done.write_text(f"{n} inputs: {real} real documents, {n - real} sentence mosaics\n", encoding="utf-8")
    return folder


if __name__ == "__main__":
    import sys

    print(build(int(sys.argv[1]), Path(sys.argv[2] if len(sys.argv) > 2 else "/work/shared/data")))
