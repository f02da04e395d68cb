"""The HTML pages: search (filters with counts, attention chart, who and what), article, person,
organisation, place, outlets. Server-rendered from the same ``Reader`` answers as the JSON API."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse

from baochi.search.query import MAX_QUERY
from baochi.search.stories import StoryQuery
from baochi.store.queries import Reader
from baochi.web.params import SQ

Html = Callable[..., HTMLResponse]
PATH_ID = Annotated[str, Path(max_length=64)]
Q = Annotated[str, Query(max_length=MAX_QUERY)]

FILTERS = ("q", "outlet", "since", "until", "entity", "province", "page_type", "sort")


def query_string(params: dict[str, Any], **changes: Any) -> str:
    """``params`` with ``changes`` (None removes a key) as a query string, empty values left out."""
    merged = {**params, **changes}
    return urlencode({k: v for k, v in merged.items() if v not in (None, "")})


def _params(sq: StoryQuery) -> dict[str, Any]:
    return {k: getattr(sq, k) for k in FILTERS if getattr(sq, k) not in (None, "", "relevance")}


def register(app: FastAPI, reader: Reader, html: Html) -> None:
    """Add the HTML pages to ``app``."""

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def search_page(
        request: Request,
        sq: SQ,
        chart: Literal["count", "ratio"] = "count",
        by: Literal["outlet", ""] = "",
        interval: Literal["day", "week", "month", ""] = "",
    ) -> HTMLResponse:
        params = _params(sq)
        result = reader.search(sq)
        attention = reader.attention(sq, interval or None, by == "outlet")
        who = reader.top_entities(sq, 8)
        pages = (result["total"] + sq.limit - 1) // sq.limit
        return html(
            request,
            "search.html",
            sq=sq,
            params=params,
            result=result,
            attention=attention,
            who=who,
            chart_kind=chart,
            by=by,
            interval=interval,
            pages=pages,
            labels={"LOC": "Places", "PER": "Persons", "ORG": "Organisations"},
        )

    @app.get("/articles/{article_id}", response_class=HTMLResponse, include_in_schema=False)
    def article_page(request: Request, article_id: PATH_ID, show: str = "") -> HTMLResponse:
        a = reader.article(article_id)
        if a is None:
            raise HTTPException(404, f"no record {article_id}")
        marks = {s for s in show.split(",") if s in ("spelling", "times")}
        fields = [("lead", a.lead)] if a.lead else []
        fields += [(f"body[{i}]", p) for i, p in enumerate(a.body)]
        captions = [(f"captions[{i}]", c) for i, c in enumerate(a.captions)]
        return html(
            request,
            "article.html",
            a=a,
            show=marks,
            fields=fields,
            captions=captions,
            copies=reader.copies(a.id),
            has_raw=reader.raw(a.id) is not None,
        )

    @app.get("/people", response_class=HTMLResponse, include_in_schema=False)
    def people_page(request: Request, q: Q = "") -> HTMLResponse:
        return html(request, "entities.html", kind="people", title="Persons", q=q, items=reader.people(q))

    @app.get("/people/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def person_page(request: Request, entity_id: PATH_ID) -> HTMLResponse:
        p = reader.person(entity_id)
        if p is None:
            raise HTTPException(404, f"no person {entity_id}")
        return html(request, "person.html", p=p)

    @app.get("/organizations", response_class=HTMLResponse, include_in_schema=False)
    def organizations_page(request: Request, q: Q = "") -> HTMLResponse:
        items = reader.organizations(q)
        return html(request, "entities.html", kind="organizations", title="Organisations", q=q, items=items)

    @app.get("/organizations/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def organization_page(request: Request, entity_id: PATH_ID) -> HTMLResponse:
        o = reader.organization(entity_id)
        if o is None:
            raise HTTPException(404, f"no organisation {entity_id}")
        return html(request, "organization.html", o=o)

    @app.get("/places", response_class=HTMLResponse, include_in_schema=False)
    def places_page(request: Request, q: Q = "") -> HTMLResponse:
        return html(request, "entities.html", kind="places", title="Places", q=q, items=reader.places(q))

    @app.get("/places/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def place_page(request: Request, entity_id: PATH_ID) -> HTMLResponse:
        p = reader.place(entity_id)
        if p is None:
            raise HTTPException(404, f"no place {entity_id}")
        return html(request, "place.html", p=p)

    @app.get("/outlets", response_class=HTMLResponse, include_in_schema=False)
    def outlets_page(request: Request) -> HTMLResponse:
        outlets = reader.outlets()
        months = sorted({m for o in outlets for m in o["months"] if m != "undated"})
        return html(request, "outlets.html", outlets=outlets, months=months)
