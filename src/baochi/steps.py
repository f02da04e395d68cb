"""The steps every record goes through after extraction, in order, as ``module:function`` names.

Each is a pure ``Article -> Article`` function imported on first use (so a step's heavy dependency is
loaded only when it runs). ``ingest``, ``extract`` and the distributed engines all run this one list.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from functools import cache

from baochi.model import Article

Step = Callable[[Article], Article]

# Order matters: language layer first (later steps use its sentences and time expressions).
ARTICLE_STEPS: list[str] = [
    "baochi.lang.step:annotate_article",
    "baochi.enrich.step:enrich_article",
]


@cache
def load_step(spec: str) -> Step:
    """Import one step by its ``module:function`` name."""
    module, name = spec.split(":")
    fn: Step = getattr(importlib.import_module(module), name)
    return fn


def run_steps(article: Article, steps: Iterable[str] = ARTICLE_STEPS) -> Article:
    """Run the named steps on one record."""
    for spec in steps:
        article = load_step(spec)(article)
    return article
