"""Build ``lexicon.tsv`` (word key, frequency) from licence-clean sources: ``python build_lexicon.py``.

Sources (all beside the checkout in ``../shared/data``; none GPL):
- RDRsegmenter's vocabulary (``lexicon/segmentation/RDRsegmenter_VnVocab.words.txt``, Apache-2.0):
  the word list;
- RDRsegmenter's gold segmented Tuổi Trẻ text (``RDRsegmenter_Train_gold.txt``, Apache-2.0): counts;
- the binhvq news sample (``text/binhvq-sample/demo-full.txt``, Apache-2.0): counts, segmented by underthesea;
- the VFND news-please records (``json/vfnd/Article_Contents``, MIT): counts, segmented by underthesea.
Every word is stored as its ``text_key`` (lower case, new-style tones). Words of the vocabulary keep their
corpus count (0 when unseen); words seen only in the corpora need at least ``MIN_COUNT`` occurrences, so
one-off typos and segmentation slips of the sources stay out. Needs underthesea at build time only.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))

from baochi.lang.normalize import text_key  # noqa: E402

SHARED = HERE.parents[3].parent / "shared" / "data"
# Seen twice in ~2 MB of news: rare enough to keep real words, frequent enough to drop one-off typos.
MIN_COUNT = 2
_SYLLABLE = re.compile(r"^[^\W\d_]+$")


def _is_word(key: str) -> bool:
    return bool(key) and all(_SYLLABLE.match(s) for s in key.split())


_PAIR = re.compile(r"(?=(?<![^\W\d_])([^\W\d_]+) ([^\W\d_]+)(?![^\W\d_]))")


def _count_pairs(pairs: Counter[str], line: str) -> None:
    """Neighbouring syllables joined by one space (no punctuation between them)."""
    for m in _PAIR.finditer(line):
        pairs[text_key(m.group(1) + " " + m.group(2))] += 1


def _count_segmented(counts: Counter[str], pairs: Counter[str], lines: list[str]) -> None:
    for line in lines:
        _count_pairs(pairs, line.replace("_", " "))
        for token in line.split():
            key = text_key(token.replace("_", " "))
            if _is_word(key):
                counts[key] += 1


def _count_raw(counts: Counter[str], pairs: Counter[str], texts: list[str]) -> None:
    from underthesea import word_tokenize

    for text in texts:
        for line in text.splitlines():
            if line.strip():
                _count_pairs(pairs, line)
                for token in word_tokenize(line):
                    key = text_key(token)
                    if _is_word(key):
                        counts[key] += 1


def build(shared: Path) -> tuple[dict[str, int], dict[str, int]]:
    """Word key -> frequency, and syllable pair -> frequency (every pair seen: one real use is evidence)."""
    seg = shared / "lexicon" / "segmentation"
    vocab = {text_key(w) for w in (seg / "RDRsegmenter_VnVocab.words.txt").read_text("utf-8").splitlines()}
    counts: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    gold = (seg / "RDRsegmenter_Train_gold.txt").read_text("utf-8").splitlines()
    _count_segmented(counts, pairs, gold)
    texts = [(shared / "text" / "binhvq-sample" / "demo-full.txt").read_text("utf-8")]
    for path in sorted((shared / "json" / "vfnd" / "Article_Contents").rglob("*.json")):
        record = json.loads(path.read_text("utf-8"))
        texts.append("\n".join(str(record.get(k) or "") for k in ("title", "description", "text")))
    _count_raw(counts, pairs, texts)
    lexicon = {w: counts.get(w, 0) for w in vocab if _is_word(w)}
    for word, n in counts.items():
        if n >= MIN_COUNT:
            lexicon[word] = n
    return lexicon, dict(pairs)


def main() -> None:
    """Write lexicon.tsv next to this script."""
    shared = Path(sys.argv[1]) if len(sys.argv) > 1 else SHARED
    lexicon, pairs = build(shared)
    header = [
        "# Vietnamese words (text_key: lower case, new-style tones) and their frequency in",
        "# licence-clean news. Built by build_lexicon.py from RDRsegmenter VnVocab + gold segmented",
        "# text (Apache-2.0, github.com/datquocnguyen/RDRsegmenter e15dfca), binhvq news sample",
        "# (Apache-2.0, github.com/binhvq/news-corpus 1458a6e) and VFND records (MIT,",
        "# github.com/thanhhocse96/vfnd-vietnamese-fake-news-datasets 8328a84).",
    ]
    lines = [f"{w}\t{n}" for w, n in sorted(lexicon.items())]
    (HERE / "lexicon.tsv").write_text("\n".join(header + lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} words")
    header = [
        "# Pairs of neighbouring syllables (text_key) seen in the same licence-clean news as",
        "# lexicon.tsv (see its header; Apache-2.0 and MIT sources), with their count.",
        "# Built by build_lexicon.py.",
    ]
    body = "\n".join(header + [f"{p}\t{n}" for p, n in sorted(pairs.items())]) + "\n"
    (HERE / "pairs.tsv.gz").write_bytes(gzip.compress(body.encode("utf-8"), mtime=0))
    print(f"wrote {len(pairs)} pairs")


if __name__ == "__main__":
    main()
