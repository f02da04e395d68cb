"""The vectorised fold is exactly ``fold_key``, on every character of the Basic Multilingual Plane and on
mixed texts (Vietnamese, other scripts, astral characters, lone surrogates, capital sigma)."""

from __future__ import annotations

import random

from baochi.lang.fold import fold_key
from baochi.lang.normalize import nfc
from baochi.search.folding import fold_fast, fold_text_fast
from baochi.store.fts import fold_text


def test_every_bmp_character() -> None:
    chars = [chr(cp) for cp in range(0x10000)]
    whole = "".join(chars)
    assert fold_fast(whole) == fold_key(whole)
    for ch in chars:
        assert fold_fast(ch) == fold_key(ch), hex(ord(ch))


def test_mixed_texts() -> None:
    rng = random.Random(7)
    pools = [
        (0x20, 0x7F),
        (0xC0, 0x250),
        (0x1E00, 0x1F00),
        (0x370, 0x500),
        (0x2000, 0x3000),
        (0x1F300, 0x1F400),
    ]
    texts = ["Đảng bộ tỉnh Bến Tre họp", "ΟΔΟΣ ΑΣ", "İstanbul ĐÀ NẴNG", "a\ud800b", "ﬁ ß ẞ Ǆ ǅ", ""]
    for _ in range(2000):
        lo_hi = [rng.choice(pools) for _ in range(3)]
        texts.append("".join(chr(rng.randrange(*rng.choice(lo_hi))) for _ in range(rng.randrange(1, 120))))
    for text in texts:
        assert fold_fast(text) == fold_key(text), repr(text)
        assert fold_text_fast(text) == fold_text(text)
        assert len(fold_fast(text)) == len(text)
    assert fold_text_fast("Cu\u0302ng") == fold_text(nfc("Cu\u0302ng")) == "cung"
