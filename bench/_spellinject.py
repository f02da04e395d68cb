"""Injecting realistic spelling errors into real articles (shared by bench/lang.py and tuning runs)."""

from __future__ import annotations

import os
import random
import re
import unicodedata
from pathlib import Path

from baochi.lang.lexicon import syllable_frequencies
from baochi.lang.tones import TONES, put_tone, split_tone

# ../shared/data beside the checkout, or $BAOCHI_SHARED_DATA (as in tests/conftest.py).
SHARED = Path(os.environ.get("BAOCHI_SHARED_DATA") or Path(__file__).resolve().parents[2] / "shared" / "data")
_SYL = re.compile(r"[^\W\d_]+")
_TELEX_SHAPE = {"â": "aa", "ă": "aw", "ê": "ee", "ô": "oo", "ơ": "ow", "ư": "uw", "đ": "dd"}
_TELEX_TONE = {"\u0300": "f", "\u0301": "s", "\u0303": "x", "\u0309": "r", "\u0323": "j"}
KINDS = ("tone", "marks", "telex", "double")


def _bare(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).replace(
        "đ", "d"
    )


def corrupt(syl: str, kind: str, rng: random.Random) -> str | None:
    """One realistic slip of a lower-case syllable, or None when this kind cannot change it."""
    base, tone = split_tone(syl)
    if kind == "tone":
        others = [t for t in ("", *TONES) if t != tone]
        return put_tone(base, rng.choice(others))
    if kind == "marks":
        out = _bare(syl)
        return out if out != syl else None
    if kind == "telex":
        if not tone and not any(c in _TELEX_SHAPE for c in base):
            return None
        letters = "".join(_TELEX_SHAPE.get(c, c) for c in base)
        return letters + _TELEX_TONE.get(tone, "")
    i = rng.randrange(len(syl))
    return syl[:i] + syl[i] + syl[i:]


def load_articles(limit: int, offset: int = 0) -> list[str]:
    """Bodies of baomoi articles (never used to build the lexicon)."""
    paths = sorted((SHARED / "text" / "baomoi" / "docs").glob("*.txt"))[offset : offset + limit]
    out = []
    for p in paths:
        lines = [x for x in p.read_text(encoding="utf-8").splitlines() if len(x) > 80]
        out.append("\n".join(lines))
    return out


def inject(text: str, rng: random.Random, rate: float = 0.02) -> tuple[str, list[tuple[int, int, str, str]]]:
    """Text with errors at ``rate`` of the eligible syllables; (start, end, kind, original) per error."""
    known = syllable_frequencies()
    pieces = []
    errors = []
    pos = 0
    shift = 0
    last = -10
    for idx, m in enumerate(_SYL.finditer(text)):
        syl = m.group()
        # Errors stay apart (two slips in one word are a different problem) and avoid names.
        if idx - last < 3 or not syl.islower() or syl not in known or rng.random() >= rate:
            continue
        kind = rng.choice(KINDS)
        bad = corrupt(syl, kind, rng)
        if not bad or bad == syl:
            continue
        last = idx
        pieces.append(text[pos : m.start()])
        start = m.start() + shift
        pieces.append(bad)
        errors.append((start, start + len(bad), kind, syl))
        shift += len(bad) - len(syl)
        pos = m.end()
    pieces.append(text[pos:])
    return "".join(pieces), errors


def evaluate(check, texts: list[str], seed: int = 1) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Precision, recall and suggestion accuracy of ``check`` (text -> flags) on injected errors."""
    rng = random.Random(seed)
    tp_flags = flags = found = total = right = 0
    per_kind: dict[str, list[int]] = {k: [0, 0] for k in KINDS}
    for text in texts:
        bad, errors = inject(text, rng)
        result = check(bad)
        flags += len(result)
        total += len(errors)
        for f in result:
            if any(f["start"] < e and s < f["end"] for s, e, _, _ in errors):
                tp_flags += 1
        for s, e, kind, orig in errors:
            per_kind[kind][1] += 1
            hit = [f for f in result if f["start"] < e and s < f["end"]]
            if hit:
                found += 1
                per_kind[kind][0] += 1
                fixed = bad[hit[0]["start"] : s] + orig + bad[e : hit[0]["end"]]
                right += hit[0]["suggestion"].lower() == fixed.lower()
    out = {
        "precision": tp_flags / flags if flags else 0.0,
        "recall": found / total if total else 0.0,
        "suggestion_accuracy": right / found if found else 0.0,
        "errors": float(total),
        "flags": float(flags),
    }
    for kind, (hit, n) in per_kind.items():
        out[f"recall_{kind}"] = hit / n if n else 0.0
    return out
