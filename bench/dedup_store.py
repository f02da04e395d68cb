"""Incremental dedup in the store: the ingest hook's cost, its clusters against a batch run, ``recluster``.

Run: .venv/bin/python bench/dedup_store.py [--data ../shared/data] [--limit N] [--batch 200] [--keep DB]
[--quick]

The VNDS documents (22,644; ``bench/_dedup_data.load_vnds``) are stored in batches as ``baochi ingest``
stores them (``Store.put``, then the dedup hook ``baochi.dedup.index.index_articles`` in the same
transaction; the entity hook is left out). Reported: CPU seconds of the hook alone (records per CPU
second), the records whose ``cluster_id`` / ``duplicate_of`` / ``similarity`` differ from one
``BatchDeduplicator`` run over the same records in the same process, the largest component and cluster,
then ``baochi.dedup.rebuild.rebuild`` (what ``baochi recluster`` runs): CPU seconds and whether the
dedup tables and records come out identical.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from _dedup_data import load_vnds  # noqa: E402
from baochi.dedup.batch import BatchDeduplicator  # noqa: E402
from baochi.dedup.cluster import UnionFind  # noqa: E402
from baochi.dedup.index import index_articles  # noqa: E402
from baochi.dedup.text import article_text, sentence_syllables  # noqa: E402
from baochi.store import Store  # noqa: E402

TABLES = {
    "bands": "SELECT hash, article_id FROM dedup_bands ORDER BY 1, 2",
    "edges": "SELECT a, b, probability, similarity FROM dedup_edges ORDER BY 1, 2",
    "members": "SELECT * FROM dedup_members ORDER BY article_id",
    "records": "SELECT id, record FROM articles ORDER BY id",
}


def _components(store: Store) -> tuple[int, int]:
    """Records of the largest component (edges, equal text or URL keys) and of the largest cluster."""
    uf: UnionFind[str] = UnionFind()
    for a, b in store.conn.execute("SELECT a, b FROM dedup_edges"):
        uf.union(a, b)
    for column in ("text_key", "url_key"):
        first: dict[bytes, str] = {}
        for i, k in store.conn.execute(
            f"SELECT article_id, {column} FROM dedup_members WHERE {column} NOTNULL"
        ):
            uf.union(first.setdefault(k, i), i)
    biggest = max((len(g) for g in uf.groups().values()), default=1)
    row = store.conn.execute(
        "SELECT count(*) FROM dedup_members GROUP BY cluster_id ORDER BY 1 DESC LIMIT 1"
    ).fetchone()
    return biggest, int(row[0]) if row else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--limit", type=int, default=None, help="first N VNDS documents")
    parser.add_argument(
        "--batch", type=int, default=200, help="records per ingest batch (baochi ingest: 200)"
    )
    parser.add_argument("--keep", type=Path, help="build the store here and keep it (e.g. to time recluster)")
    parser.add_argument("--quick", action="store_true", help="the first 3,000 documents")
    args = parser.parse_args()
    records = list(load_vnds(args.data, 3000 if args.quick and args.limit is None else args.limit))
    print(f"{len(records)} VNDS records, batches of {args.batch}")
    with tempfile.TemporaryDirectory() as tmp, Store(args.keep or Path(tmp) / "b.db") as store:
        hook = 0.0
        for i in range(0, len(records), args.batch):
            batch = records[i : i + args.batch]
            with store.transaction():
                for a in batch:
                    store.put(a)
                t = time.process_time()
                index_articles(store, batch)
                hook += time.process_time() - t
        print(f"dedup hook: {hook:.1f} CPU s, {len(records) / hook:,.0f} records / CPU s")
        stored = {a.id: (a.cluster_id, a.duplicate_of, a.similarity) for a in store.iter_articles()}
        texts = [sentence_syllables(article_text(a)) for a in records]
        dd = BatchDeduplicator()
        for a, s in zip(records, texts, strict=True):
            dd.add(a, s)
        t = time.process_time()
        out = dd.resolve(lambda n: texts[n])
        print(f"batch run (resolve only): {time.process_time() - t:.1f} CPU s")
        batch_fields = {
            a.id: (r.cluster_id, r.duplicate_of, r.similarity) for a, r in zip(records, out, strict=True)
        }
        differ = sum(stored.get(k) != v for k, v in batch_fields.items())
        print(f"records whose fields differ from the batch run's: {differ} of {len(batch_fields)}")
        component, cluster = _components(store)
        print(f"largest component: {component} records; largest cluster: {cluster}")
        try:
            from baochi.dedup.rebuild import rebuild
        except ImportError:  # a baochi without `recluster`
            return
        before = {k: store.conn.execute(q).fetchall() for k, q in TABLES.items()}
        t = time.process_time()
        stats = rebuild(store)
        took = time.process_time() - t
        after = {k: store.conn.execute(q).fetchall() for k, q in TABLES.items()}
        same = [k for k in TABLES if before[k] == after[k]]
        print(
            f"recluster: {took:.1f} CPU s ({stats.records / took:,.0f} records / CPU s), "
            f"{stats.edges} duplicate pairs, {stats.clusters} clusters; identical tables: {', '.join(same)}"
        )


if __name__ == "__main__":
    main()
