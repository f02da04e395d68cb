"""Search relevance: precision at 10 of queries typed with and without diacritics, on judged hits.

Each query names one Vietnamese word of several syllables (``Bến Tre``, ``Đảng bộ``, ``Cần Thơ``...) and is
typed two ways: without diacritics (``ben tre``) and with them (``Bến Tre``). The top 10 stories of each
(as the web app and ``/api/search`` list them: one hit per story cluster) are looked up in
``bench/data/relevance_judgments.tsv``: one line per (query, document: the text's file name, which
stays when a new extraction gives the record another id) with a judgement, 1 when the
story is about / holds the word meant (the syllables side by side, with the meaning of the query), 0 when
it only holds the syllables apart or another word (``bên``, ``trẻ``; ``đang bỏ``). The judgements were
made by reading each hit (title and the passage around the syllables), see the ``note`` column.

Hits not judged yet are listed and counted as not relevant (``--judge`` prints them with their context
to judge them; nothing is ever judged automatically). Runs on the 3,736 baomoi texts of
``../shared/data`` (ingested once into ``bench/out/relevance.db`` with ``--steps none``), the anchor in
the same run: the same records in one plain FTS5 table with SQLite's own ``remove_diacritics 2`` and BM25.

    .venv/bin/python bench/search_relevance.py [--judge] [--db PATH]
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

from baochi.lang.fold import fold_key
from baochi.search.stories import StoryQuery
from baochi.store.queries import Reader

ROOT = Path(__file__).resolve().parents[1]
JUDGEMENTS = ROOT / "bench" / "data" / "relevance_judgments.tsv"
TARGET_MEAN, TARGET_MIN = 0.98, 0.9

# (the word meant, as written) -- typed once without and once with its diacritics
QUERIES = [
    "Bến Tre",
    "Đảng bộ",
    "Cần Thơ",
    "Hà Nội",
    "Đà Nẵng",
    "công an",
    "thủ tướng",
    "bóng đá",
    "giá vàng",
    "Quốc hội",
    "tai nạn",
    "bệnh viện",
    "học sinh",
    "Hải Phòng",
    "bộ trưởng",
    "ngân hàng",
    "thời tiết",
    "chứng khoán",
    "Trung Quốc",
    "Quảng Ninh",
]


def forms(word: str) -> list[tuple[str, str]]:
    """The query typed without and with diacritics."""
    return [("no diacritics", fold_key(word).lower()), ("diacritics", word)]


def load_judgements() -> dict[tuple[str, str], tuple[int, str]]:
    """(word meant, document file name) -> (1/0, note)."""
    out: dict[tuple[str, str], tuple[int, str]] = {}
    if JUDGEMENTS.exists():
        with JUDGEMENTS.open(encoding="utf-8") as f:
            for row in csv.DictReader((ln for ln in f if not ln.startswith("#")), delimiter="\t"):
                out[(row["query"], row["doc"])] = (int(row["relevant"]), row["note"])
    return out


def ensure_store(db: Path, data: Path) -> None:
    """Ingest the baomoi texts once (extraction only: relevance needs the text, not entities)."""
    if db.exists():
        return
    docs = data / "text" / "baomoi" / "docs"
    if not docs.is_dir():
        sys.exit(f"no baomoi texts at {docs}")
    db.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable,
        "-m",
        "baochi.cli",
        "ingest",
        "--steps",
        "none",
        "--no-progress",
        "--db",
        str(db),
        str(docs),
    ]
    subprocess.run(cmd, check=True)


def context(text: str, word: str, width: int = 70) -> str:
    """The passage around the first place where the syllables of ``word`` stand side by side."""
    key = fold_key(word).lower()
    folded = fold_key(text).lower()
    m = re.search(rf"(?<!\w){re.escape(key)}(?!\w)", folded)
    if not m:
        return "(syllables never side by side)"
    s, e = max(0, m.start() - width), min(len(text), m.end() + width)
    return text[s : m.start()] + "[" + text[m.start() : m.end()] + "]" + text[m.end() : e]


def anchor_top(conn: sqlite3.Connection, q: str) -> list[str]:
    """The anchor's top 10 record ids: plain FTS5 with SQLite's own diacritic removal, BM25."""
    words = re.findall(r"\w+", q)
    if not words:
        return []
    match = " AND ".join(f'"{w}"' for w in words)
    sql = "SELECT id FROM naive WHERE naive MATCH ? ORDER BY bm25(naive, 10.0, 4.0, 1.0) LIMIT 10"
    return [r[0] for r in conn.execute(sql, (match,))]


def build_anchor(reader: Reader) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute(
        "CREATE VIRTUAL TABLE naive USING fts5(id UNINDEXED, title, lead, body,"
        " tokenize = 'unicode61 remove_diacritics 2')"
    )
    for a in reader.store().iter_articles():
        conn.execute(
            "INSERT INTO naive VALUES (?, ?, ?, ?)", (a.id, a.title or "", a.lead or "", "\n".join(a.body))
        )
    return conn


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    shared = os.environ.get("BAOCHI_SHARED_DATA")
    parser.add_argument(
        "--data", type=Path, default=Path(shared) if shared else ROOT.parent / "shared" / "data"
    )
    parser.add_argument("--db", type=Path, default=ROOT / "bench" / "out" / "relevance.db")
    parser.add_argument("--judge", action="store_true", help="print the unjudged hits with their context")
    parser.add_argument("--quick", action="store_true", help="(same run: it takes seconds)")
    args = parser.parse_args()
    ensure_store(args.db, args.data)
    reader = Reader(args.db)
    judged = load_judgements()
    docs = {a.id: Path(a.source).name for a in reader.store().iter_articles()}
    anchor = build_anchor(reader)
    rows = []
    unjudged = 0
    for word in QUERIES:
        for how, q in forms(word):
            result = reader.search(StoryQuery(q=q, limit=10), with_facets=False)
            ids = [h["id"] for h in result["hits"]]
            marks = []
            for hit in result["hits"]:
                j = judged.get((word, docs.get(hit["id"], "")))
                if j is None:
                    unjudged += 1
                    if args.judge:
                        a = reader.article(hit["id"])
                        text = "\n".join([a.title or "", a.lead or "", *a.body]) if a else ""
                        shown = f"{hit['title']} || {context(text, word)}".replace("\n", " ")
                        print(f"{word}\t{docs.get(hit['id'])}\t?\t{shown}")
                marks.append(j[0] if j else 0)
            p = sum(marks) / len(marks) if marks else 0.0
            anchor_ids = anchor_top(anchor, q)
            anchor_marks = [judged.get((word, docs.get(i, "")), (0, ""))[0] for i in anchor_ids]
            anchor_unjudged = sum((word, docs.get(i, "")) not in judged for i in anchor_ids)
            pa = sum(anchor_marks) / len(anchor_marks) if anchor_marks else 0.0
            rows.append((word, how, q, len(ids), result["total"], p, pa, anchor_unjudged))
    print(f"{'query':<22} {'typed':<14} {'hits':>4} {'stories':>7} {'P@10':>6} {'anchor P@10*':>12}")
    for _word, how, q, n, total, p, pa, au in rows:
        note = f" ({au} anchor hits unjudged)" if au else ""
        print(f"{q:<22} {how:<14} {n:>4} {total:>7} {p:>6.2f} {pa:>11.2f}{note}")
    mean = sum(r[5] for r in rows) / len(rows)
    worst = min(r[5] for r in rows)
    anchor_mean = sum(r[6] for r in rows) / len(rows)
    for how in ("no diacritics", "diacritics"):
        sel = [r for r in rows if r[1] == how]
        print(f"mean P@10 typed with {how}: baochi {sum(r[5] for r in sel) / len(sel):.3f}, "
              f"anchor {sum(r[6] for r in sel) / len(sel):.3f}")  # fmt: skip
    print(
        f"mean P@10 over {len(rows)} queries: baochi {mean:.3f} (lowest {worst:.2f}),"
        f" anchor {anchor_mean:.3f}"
    )
    print("* anchor: its hits judged here count, its unjudged hits count as not relevant (a lower bound)")
    print(f"targets: mean >= {TARGET_MEAN}, none below {TARGET_MIN}; unjudged baochi hits: {unjudged}")
    ok = mean >= TARGET_MEAN and worst >= TARGET_MIN and unjudged == 0
    print("met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
