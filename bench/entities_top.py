"""The most named persons, organisations and places of a store, beside their judgement by hand.

Ingest the 3,736 baomoi texts first (``baochi ingest ../shared/data/text/baomoi/docs --db DB``), then run
``.venv/bin/python bench/entities_top.py --db DB [--top 20]``. Each entity is looked up in
``bench/data/entities_top_judged.tsv`` (type, canonical name, verdict, note — judged by reading the
sentences naming it in the store): ``ok`` a real entity of that type, one id for one thing; ``part`` right
for most mentions with a kind of error noted; ``wrong`` not an entity of that type. Unjudged rows print
``?``. The table gives the share judged ``ok`` per type.

Persons are listed twice: by entity id as stored (``PER``), and as linked across the store by
``baochi.enrich.linking.link_people`` (``PER linked``: namesakes told apart by their posts' organisations,
a name written without its family name joined to the one full name ending with it), which is the
store's one id per person.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from baochi.store import Store  # noqa: E402

JUDGED = ROOT / "bench" / "data" / "entities_top_judged.tsv"


def judged() -> dict[tuple[str, str], tuple[str, str]]:
    """(type, canonical) -> (verdict, note) from the judged list."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    with JUDGED.open(encoding="utf-8") as fh:
        for row in csv.reader((ln for ln in fh if not ln.startswith("#")), delimiter="\t"):
            if len(row) >= 3:
                out[(row[0], row[1])] = (row[2], row[3] if len(row) > 3 else "")
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", help="a store holding the baomoi texts")
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--quick", action="store_true", help="(the same: the store is read, not built)")
    args = ap.parse_args()
    if not args.db or not Path(args.db).exists():
        print(f"no store given or found ({args.db}): ingest the baomoi texts and pass --db")
        return 0
    verdicts = judged()
    with Store(args.db) as store:
        for typ in ("PER", "ORG", "LOC"):
            rows = store.entities.top(typ, args.top)
            ok = 0
            print(f"== {typ}")
            for r in rows:
                verdict, note = verdicts.get((typ, r["canonical"]), ("?", ""))
                ok += verdict == "ok"
                print(f"{r['articles']:5}  {verdict:5}  {r['canonical']}  {note}")
            print(f"{typ}: {ok} of {len(rows)} judged ok")
        from baochi.enrich.linking import link_people

        linked = link_people(store.entities.person_records())
        people = sorted(linked, key=lambda p: (-len(p.articles), p.name))
        ok = 0
        print("== PER linked")
        for person in people[: args.top]:
            verdict, note = verdicts.get(("PER", person.name), ("?", ""))
            ok += verdict == "ok"
            print(f"{len(person.articles):5}  {verdict:5}  {person.name}  ({len(person.ids)} ids)  {note}")
        print(f"PER linked: {ok} of {min(args.top, len(people))} judged ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
