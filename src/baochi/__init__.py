"""baochi: raw Vietnamese news in, a clean, deduplicated, enriched and searchable corpus out."""

from baochi.model import Article, Byline, Dateline, Document, Outlet

__all__ = ["Article", "Byline", "Dateline", "Document", "Outlet", "__version__"]
__version__ = "0.1.0"
