"""Loading the dedup evaluation data of ../shared/data/dedup as baochi records (shared by bench and tests).

The texts are turned into records the way a reader would: ViMs title on line 1 and body lines after it;
KTLAB title and lead from the ``.info.txt`` file and the raw body; VNDS title, lead, body and captions
blocks. Word-segmented text (``_`` between the syllables of a word) gets its ``_`` replaced by spaces.
"""

from __future__ import annotations

import hashlib
import json
import tarfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from baochi.model import Article

VNDS_TAR = "dedup/vnds-test/test_tokenized.tar.gz"


@dataclass(frozen=True, slots=True)
class Pair:
    """One labelled pair of pairs.jsonl."""

    a: str
    b: str
    duplicate: bool
    borderline: bool
    kind: str
    group: str  # the source cluster of ``a`` (dev / held-out split unit)


def _desegment(text: str) -> str:
    return text.replace("_", " ")


def load_vims(root: Path) -> Iterator[Article]:
    """Every ViMs document: line 1 is the title, the following lines the body."""
    for path in sorted((root / "dedup" / "vims").glob("Cluster_*/*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        rel = str(path.relative_to(root))
        body = [ln for ln in lines[1:] if ln]
        yield Article(id=rel, source=rel, title=lines[0] if lines else None, body=body)


def load_ktlab(root: Path) -> Iterator[Article]:
    """Every KTLAB document: title, lead (SUMMARY) and published time of the info file, raw body."""
    for info in sorted((root / "text" / "ktlab" / "clusters").glob("cluster_*/*.info.txt")):
        if info.name.startswith("cluster_"):
            continue
        fields: dict[str, str] = {}
        for line in info.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition(":")
            fields[key.strip()] = value.strip()
        body_path = info.with_name(info.name.replace(".info.txt", ".body.txt"))
        rel = str(body_path.relative_to(root))
        body = [ln.strip() for ln in body_path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        yield Article(
            id=rel,
            source=rel,
            url=fields.get("LINK"),
            title=_desegment(fields.get("TITLE", "")) or None,
            lead=_desegment(fields.get("SUMMARY", "")) or None,
            body=body,
        )


def parse_vnds(text: str, ident: str) -> Article:
    """One VNDS file: blocks title / lead / body (a sentence a line) / captions, ``_`` -> space."""
    blocks = [b.strip() for b in _desegment(text).split("\n\n")]
    blocks += [""] * (4 - len(blocks))
    return Article(
        id=ident,
        source=ident,
        title=blocks[0] or None,
        lead=blocks[1] or None,
        body=[ln.strip() for ln in blocks[2].splitlines() if ln.strip()],
        captions=[ln.strip() for ln in blocks[3].splitlines() if ln.strip()],
    )


def load_vnds(root: Path, limit: int | None = None) -> Iterator[Article]:
    """The VNDS test articles from the tar file, in archive order (optionally the first ``limit``)."""
    # streamed in archive order: seeking back in a gzip stream would decompress it again each time
    with tarfile.open(root / VNDS_TAR, "r|gz") as tar:
        n = 0
        for m in tar:
            if not m.isfile():
                continue
            if limit is not None and n >= limit:
                break
            f = tar.extractfile(m)
            assert f is not None
            yield parse_vnds(f.read().decode("utf-8"), f"{VNDS_TAR}#{m.name}")
            n += 1


def _group(ident: str) -> str:
    parts = ident.split("/")
    for p in parts:
        if p.lower().startswith("cluster_"):
            return f"{parts[0]}:{p}"
    return ident


def load_pairs(root: Path) -> list[Pair]:
    """The labelled pairs, ids as in the records of the loaders above."""
    out = []
    for line in (root / "dedup" / "pairs.jsonl").read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        out.append(
            Pair(
                a=d["a"],
                b=d["b"],
                duplicate=d["label"] == "duplicate",
                borderline=bool(d.get("borderline")),
                kind=d["kind"],
                group=_group(d["a"]),
            )
        )
    return out


def is_heldout(group: str) -> bool:
    """A fixed third of the source clusters, never looked at while tuning (by a hash of the name)."""
    return hashlib.sha256(group.encode()).digest()[0] % 3 == 0
