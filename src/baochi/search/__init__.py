"""Query parsing, accent folding, ranking and snippets over the store."""

from baochi.search.engine import Hit, search, search_query
from baochi.search.filters import Filters
from baochi.search.query import Query, parse_query

__all__ = ["Filters", "Hit", "Query", "parse_query", "search", "search_query"]
