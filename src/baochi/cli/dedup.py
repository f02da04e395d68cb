"""``baochi dedup INPUT... -o OUT.jsonl [--drop-duplicates]``: story clusters for corpus builders;
``baochi recluster``: rebuild the story clusters of a store.

Two passes over a spill file: the first extracts every record, writes it to a temporary JSONL file and
keeps only its band hashes and a few fields in memory; candidate pairs are verified by reading their
two records back; the second pass copies the spill to the output with ``cluster_id``, ``duplicate_of``
and ``similarity`` set (or only the canonical members). Memory grows with the number of documents
(about 200 bytes each), not with their text.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from array import array

from baochi.cli.core import _db, _err, _options, _reader_options
from baochi.cli.engine import records_of
from baochi.errors import BaochiError
from baochi.model import Article


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``baochi dedup`` to the parser."""
    p = sub.add_parser("dedup", help="find exact and near duplicates; write records with their story cluster")
    p.add_argument("paths", nargs="+", metavar="INPUT", help="anything `extract` reads; - reads stdin")
    p.add_argument("-o", "--output", required=True, metavar="OUT.jsonl", help="output file (- for stdout)")
    p.add_argument(
        "--drop-duplicates", action="store_true", help="write only the canonical member of each cluster"
    )
    p.add_argument("--strict", action="store_true", help="stop at the first input that fails")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    _reader_options(p)
    p.set_defaults(func=cmd_dedup)

    p = sub.add_parser(
        "recluster",
        help="rebuild the story clusters of a whole store from its records (after an upgrade of dedup)",
    )
    _db(p)
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_recluster)


def cmd_recluster(args: argparse.Namespace) -> int:
    """``baochi recluster``."""
    from tqdm import tqdm

    from baochi.dedup.rebuild import rebuild
    from baochi.store import Store

    try:
        store = Store(args.db, create=False)
    except BaochiError as exc:
        _err(str(exc))
        return 2
    quiet = True if args.no_progress else None
    with store:
        total = store.count()
        bars = {
            phase: tqdm(total=total, desc=phase, unit=" doc", file=sys.stderr, disable=quiet, leave=False)
            for phase in ("reading", "writing")
        }

        def progress(phase: str, n: int) -> None:
            bars["reading" if phase == "read" else "writing"].update(n)

        try:
            s = rebuild(store, progress=progress)
        except BaochiError as exc:
            _err(str(exc))
            return 2
        finally:
            for bar in bars.values():
                bar.close()
    print(
        f"records: {s.records}; candidate pairs verified: {s.candidates} "
        f"({s.candidates / max(1, s.records):.2f} per record), duplicate pairs kept: {s.edges}\n"
        f"story clusters: {s.clusters} ({s.duplicates} records are copies of another)",
        file=sys.stderr,
    )
    return 0


def cmd_dedup(args: argparse.Namespace) -> int:
    """``baochi dedup``."""
    from tqdm import tqdm

    from baochi.dedup.batch import BatchDeduplicator
    from baochi.dedup.text import article_text, sentence_syllables
    from baochi.pipeline import Counters

    counters = Counters()
    records = records_of(args, _options(args), counters)
    dd = BatchDeduplicator()
    offsets = array("q")
    quiet = True if args.no_progress else None
    with tempfile.TemporaryFile("w+b", prefix="baochi-dedup-") as spill:
        bar = tqdm(desc="reading", unit=" doc", file=sys.stderr, disable=quiet, leave=False)
        for article in records:
            offsets.append(spill.tell())
            spill.write(json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8") + b"\n")
            dd.add(article)
            bar.update(1)
        bar.close()
        spill.flush()

        def record(i: int) -> Article:
            spill.seek(offsets[i])
            return Article.from_dict(json.loads(spill.readline()))

        def sentences_of(i: int) -> list[list[str]]:
            return sentence_syllables(article_text(record(i)))

        print(
            f"verifying candidate pairs of {len(offsets)} records...", file=sys.stderr
        ) if not quiet else None
        assignments = dd.resolve(sentences_of)
        spill.seek(0)
        written = 0
        out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
        try:
            for a, line in zip(
                assignments,
                tqdm(
                    spill,
                    total=len(offsets),
                    desc="writing",
                    unit=" doc",
                    file=sys.stderr,
                    disable=quiet,
                    leave=False,
                ),
                strict=False,
            ):
                d = json.loads(line)
                d["cluster_id"], d["duplicate_of"], d["similarity"] = (
                    a.cluster_id,
                    a.duplicate_of,
                    a.similarity,
                )
                if args.drop_duplicates and a.duplicate_of is not None:
                    continue
                out.write(json.dumps(d, ensure_ascii=False) + "\n")
                written += 1
        finally:
            if out is not sys.stdout:
                out.close()
    s = dd.stats
    multi = s.documents - s.clusters
    print(
        f"records: {s.documents}; exact copies: {s.exact}, same URL: {s.url}; candidate pairs verified: "
        f"{s.candidates} ({s.candidates / max(1, s.documents):.2f} per record), near duplicates found: "
        f"{s.verified_duplicates}\nstory clusters: {s.clusters} ({multi} records are copies of another); "
        f"written: {written}",
        file=sys.stderr,
    )
    for message in counters.errors:
        print(f"baochi: {message}", file=sys.stderr)
    return 1 if counters.errors else 0
