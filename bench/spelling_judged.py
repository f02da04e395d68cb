"""Spelling flags on real articles, judged by hand: precision on a dev set and on articles left out.

Run: ``.venv/bin/python bench/spelling_judged.py [--write-unjudged]``

``bench/spelling_judged.tsv`` lists every flag raised on three sets of 100 baomoi articles (bodies, lines
over 80 characters, as ``_spellinject.load_articles`` reads them), with a short context and a verdict:
``y`` a real error, ``n`` a false alarm (judged by hand, reading the Vietnamese in context):

- ``dev``: articles 0-99 in name order, looked at while choosing the rules;
- ``dev-b``: articles 3000-3099, the left-out set of the previous round (0.50 there); its false alarms
  were looked at for this round's rules, so it is development data now;
- ``left-out``: 300 articles drawn with ``random.Random(LEFT_OUT_SEED)`` from those no spelling work
  used (not 0-199: injected-error tuning and ``dev``; not 1000-1199: ``bench/lang.py``'s held-out
  injected errors; not 2000-2399: throughput; not 3000-3099), judged only after the rules were fixed.

The script runs ``check_spelling`` on the same articles, recomputes precision from the verdicts and
warns about flags nobody judged (``--write-unjudged`` appends them with verdict ``?``, to be judged by
hand).
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _spellinject import SHARED
from baochi.lang.spelling import check_spelling

JUDGED = Path(__file__).resolve().parent / "spelling_judged.tsv"
LEFT_OUT_SEED = 20261208
LEFT_OUT_SIZE = 300  # 100 articles gave one flag: too few to judge a precision
_USED = (range(0, 200), range(1000, 1200), range(2000, 2400), range(3000, 3100))


def set_indexes(name: str, total: int) -> list[int]:
    """Indexes (name order) of the articles of the set ``name`` among ``total`` baomoi texts."""
    if name == "dev":
        return list(range(0, 100))
    if name == "dev-b":
        return list(range(3000, 3100))
    free = [i for i in range(total) if not any(i in used for used in _USED)]
    return sorted(random.Random(LEFT_OUT_SEED).sample(free, LEFT_OUT_SIZE))


SETS = ("dev", "dev-b", "left-out")


def flags_of(name: str) -> list[tuple[str, int, str, str, str]]:
    """(article file, start, text, suggestion, context) of every flag raised on the set ``name``."""
    every = sorted((SHARED / "text" / "baomoi" / "docs").glob("*.txt"))
    paths = [every[i] for i in set_indexes(name, len(every))]
    out = []
    for path in paths:
        lines = [x for x in path.read_text(encoding="utf-8").splitlines() if len(x) > 80]
        text = "\n".join(lines)
        for f in check_spelling(text):
            context = text[max(0, f["start"] - 25) : f["end"] + 25].replace("\n", " ").replace("\t", " ")
            out.append((path.name, f["start"], f["text"], f["suggestion"], context))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write-unjudged", action="store_true", help="append unjudged flags with verdict ?")
    args = parser.parse_args()
    verdicts: dict[tuple[str, str, str, str, str], str] = {}
    for line in JUDGED.read_text(encoding="utf-8").splitlines()[1:]:
        group, doc, start, text, suggestion, _, verdict = line.split("\t")
        verdicts[(group, doc, start, text, suggestion)] = verdict
    new = []
    print(f"{'set':10} {'flags':>6} {'real':>6} {'false':>6} {'unjudged':>9} {'precision':>10}")
    for name in SETS:
        flags = flags_of(name)
        real = false = unjudged = 0
        for doc, start, text, suggestion, context in flags:
            verdict = verdicts.get((name, doc, str(start), text, suggestion), "?")
            real += verdict == "y"
            false += verdict == "n"
            if verdict not in ("y", "n"):
                unjudged += 1
                new.append("\t".join([name, doc, str(start), text, suggestion, context, "?"]))
                print(f"warning: unjudged flag {name} {doc} {text!r} -> {suggestion!r}: {context!r}")
        judged = real + false
        precision = f"{real / judged:.3f}" if judged else "-"
        print(f"{name:10} {len(flags):>6} {real:>6} {false:>6} {unjudged:>9} {precision:>10}")
    if new and args.write_unjudged:
        with JUDGED.open("a", encoding="utf-8") as f:
            f.write("\n".join(new) + "\n")


if __name__ == "__main__":
    main()
