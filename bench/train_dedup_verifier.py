"""Fit the duplicate verifier (src/baochi/dedup/data/verifier.json) on the dev pairs of ../shared/data/dedup.

Run: ``.venv/bin/python bench/train_dedup_verifier.py [--write]``. The model is a logistic regression over
``baochi.dedup.verify.FEATURES`` with an L2 penalty (strength 1, the intercept not penalised), fitted by
Newton's method in numpy on the labelled pairs of the dev clusters only -- the held-out third
(``_dedup_data.is_heldout``) is never read here, so bench/dedup.py's held-out rows stay a fair test.
By default it refits and checks the shipped file (``make bench`` runs it so: the weights are
reproducible) and prints the weights; ``--write`` writes the refitted model instead.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _dedup_data import is_heldout, load_ktlab, load_pairs, load_vims, load_vnds
from baochi.dedup.align import size
from baochi.dedup.text import article_text, sentence_syllables
from baochi.dedup.verify import FEATURES, features

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("BAOCHI_SHARED_DATA", ROOT.parent / "shared" / "data"))
OUT = ROOT / "src" / "baochi" / "dedup" / "data" / "verifier.json"
# strength of the L2 penalty
L2 = 1.0


def fit(x: np.ndarray, y: np.ndarray, l2: float = L2, steps: int = 50) -> tuple[np.ndarray, float]:
    """L2-penalised logistic regression by Newton's method; returns (weights, bias)."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    w = np.zeros(xb.shape[1])
    penalty = np.full(xb.shape[1], l2)
    penalty[-1] = 0.0  # the intercept is not penalised
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(xb @ w)))
        grad = xb.T @ (p - y) + penalty * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    return w[:-1], float(w[-1])


def main() -> int:
    """Fit on the dev pairs and write (or check) the model file."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="write the refitted model (default: check it)")
    ap.add_argument("--check", action="store_true", help="check only (the default; kept for scripts)")
    ap.add_argument("--quick", action="store_true", help="accepted for make bench (the fit takes seconds)")
    args = ap.parse_args()
    if not (DATA / "dedup" / "pairs.jsonl").exists():
        print(f"no training data at {DATA}/dedup")
        return 0
    dev = [p for p in load_pairs(DATA) if not is_heldout(p.group)]
    wanted = {p.a for p in dev} | {p.b for p in dev}
    texts = {}
    for a in [*load_vims(DATA), *load_ktlab(DATA), *load_vnds(DATA)]:
        if a.id in wanted:
            texts[a.id] = sentence_syllables(article_text(a))
    rows = []
    for p in dev:
        a, b = texts[p.a], texts[p.b]
        rows.append(features(a, b) if size(a) <= size(b) else features(b, a))
    x, y = np.array(rows), np.array([p.duplicate for p in dev], dtype=float)
    weights, bias = fit(x, y)
    model = {
        "about": "duplicate verifier of baochi.dedup.verify: logistic regression, L2 strength 1, fitted by "
        "bench/train_dedup_verifier.py on the dev pairs of ../shared/data/dedup/pairs.jsonl "
        f"({len(dev)} pairs, {int(y.sum())} duplicates; held-out clusters never read)",
        "features": list(FEATURES),
        "weights": [round(float(v), 6) for v in weights],
        "bias": round(bias, 6),
    }
    text = json.dumps(model, ensure_ascii=False, indent=1) + "\n"
    for name, v in zip(FEATURES, weights, strict=True):
        print(f"{name:<18} {v:+.3f}")
    print(f"{'bias':<18} {bias:+.3f}")
    if not args.write:
        same = OUT.exists() and json.loads(OUT.read_text(encoding="utf-8")) == model
        print("verifier.json is up to date" if same else "verifier.json differs from a refit (--write)")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
