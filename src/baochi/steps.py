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


def step_name(spec: str) -> str:
    """Short name of a step, its stage package: ``baochi.lang.step:annotate_article`` -> ``lang``."""
    return spec.split(":")[0].split(".")[1]


def select_steps(choice: str) -> list[str]:
    """The steps named by ``all``, ``none`` or a comma list of short names (``lang,enrich``), in order."""
    choice = choice.strip().lower()
    if choice == "all":
        return list(ARTICLE_STEPS)
    if choice in ("none", ""):
        return []
    wanted = [c.strip() for c in choice.split(",") if c.strip()]
    known = {step_name(s): s for s in ARTICLE_STEPS}
    unknown = [w for w in wanted if w not in known]
    if unknown:
        raise ValueError(f"unknown step {', '.join(unknown)}; known: all, none, {', '.join(known)}")
    return [s for s in ARTICLE_STEPS if step_name(s) in wanted]


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
