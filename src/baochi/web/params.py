"""The query parameters shared by the API and the pages: a query, its filters, its page."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Depends, Query

from baochi.search.query import MAX_QUERY
from baochi.search.stories import MAX_LIMIT, MAX_PAGE, StoryQuery

Q = Annotated[str, Query(max_length=MAX_QUERY, description="the query, with or without diacritics")]
Opt = Annotated[str | None, Query(max_length=200)]
Page = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT)]


def story_query(
    q: Q = "",
    outlet: Opt = None,
    since: Opt = None,
    until: Opt = None,
    entity: Opt = None,
    province: Opt = None,
    page_type: Opt = None,
    sort: Literal["relevance", "date"] = "relevance",
    page: Page = 1,
    limit: Limit = 20,
) -> StoryQuery:
    """The query and filters of a request (empty values are no filter)."""
    return StoryQuery(
        q=q,
        outlet=outlet or None,
        since=since or None,
        until=until or None,
        entity=entity or None,
        province=province or None,
        page_type=page_type or None,
        sort=sort,
        page=page,
        limit=limit,
    )


SQ = Annotated[StoryQuery, Depends(story_query)]
