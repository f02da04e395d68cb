"""The web app and the JSON API (FastAPI, Jinja2 templates with autoescaping), over a read-only store.

Pages are rendered on the server and work without JavaScript; the app ships no script at all, and the
Content-Security-Policy forbids any (and inline styles): text of a record can never run. The only
module of baochi that imports the web framework (with ``server.py``, which imports uvicorn).
"""

from __future__ import annotations

import pathlib
from typing import Annotated, Any, Literal

from fastapi import FastAPI, HTTPException, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint

from baochi import __version__
from baochi.errors import BaochiError, QueryError
from baochi.store.queries import LIST_LIMIT, MAX_EXPORT, Reader, attention_csv
from baochi.web import pages
from baochi.web.chart import attention_svg
from baochi.web.marks import segments, snippet_html
from baochi.web.params import SQ, Limit, Q

HERE = pathlib.Path(__file__).parent
CSP = (
    "default-src 'none'; script-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self';"
    " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# the raw input of a record is shown as text, never interpreted (a saved page holds scripts)
RAW_CSP = "default-src 'none'; sandbox"


class SecurityHeaders(BaseHTTPMiddleware):
    """CSP and friends on every answer."""

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def create_app(db: str | pathlib.Path) -> FastAPI:
    """The app over the store at ``db`` (opened read-only now: StoreError when it cannot be)."""
    reader = Reader(db)
    app = FastAPI(
        title="baochi",
        version=__version__,
        description="Search, attention over time and public-affairs entities of a baochi store (read-only).",
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")  # autoescape on for .html
    templates.env.globals.update(snippet_html=snippet_html, segments=segments, chart=attention_svg)
    templates.env.filters["qs"] = pages.query_string
    app.state.reader = reader

    def html(request: Request, name: str, code: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=code)

    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith("/api/")

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "path"))
        message = f"invalid {where or 'request'}: {first.get('msg', 'bad value')}"
        if wants_html(request):
            return html(request, "error.html", 400, status=400, message=message)
        return _error(400, message)

    @app.exception_handler(BaochiError)
    async def baochi_error(request: Request, exc: BaochiError) -> Response:
        status = 400 if isinstance(exc, QueryError) else 503
        if wants_html(request):
            return html(request, "error.html", status, status=status, message=str(exc))
        return _error(status, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_html(request):
            return html(
                request, "error.html", exc.status_code, status=exc.status_code, message=str(exc.detail)
            )
        return _error(exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> Response:
        return _error(500, "internal error")

    # -- JSON API --------------------------------------------------------------------------------

    @app.get("/api/search", tags=["api"], summary="Stories matching a query: one hit per story cluster")
    def api_search(sq: SQ) -> dict[str, Any]:
        """``total`` counts story clusters, as the hits do; ``copies``: records of the hit's story."""
        return reader.search(sq)

    @app.get("/api/attention", tags=["api"], summary="Matching stories per day, week or month")
    def api_attention(
        sq: SQ,
        interval: Literal["day", "week", "month"] | None = None,
        by: Literal["outlet"] | None = None,
    ) -> dict[str, Any]:
        """Counts and shares of all stories of each period; ``by=outlet``: one series per outlet too.
        The counts of the ``outlet: null`` series plus ``undated`` add up to ``total``."""
        return reader.attention(sq, interval, by == "outlet")

    @app.get("/api/entities", tags=["api"], summary="Top persons, organisations and places of a query")
    def api_entities(sq: SQ, top: Annotated[int, Query(ge=1, le=100)] = 10) -> dict[str, Any]:
        return reader.top_entities(sq, top)

    @app.get("/api/articles/{article_id}", tags=["api"], summary="One record in its JSON form (format v1)")
    def api_article(article_id: Annotated[str, Path(max_length=64)]) -> dict[str, Any]:
        a = reader.article(article_id)
        if a is None:
            raise HTTPException(404, f"no record {article_id}")
        return a.to_dict()

    @app.get("/api/articles/{article_id}/copies", tags=["api"], summary="The other records of its story")
    def api_copies(article_id: Annotated[str, Path(max_length=64)]) -> dict[str, Any]:
        a = reader.article(article_id)
        if a is None:
            raise HTTPException(404, f"no record {article_id}")
        return {"id": a.id, "cluster_id": a.cluster_id, "copies": reader.copies(a.id)}

    def _found(value: dict[str, Any] | None, what: str, entity_id: str) -> dict[str, Any]:
        if value is None:
            raise HTTPException(404, f"no {what} {entity_id}")
        return value

    @app.get("/api/people", tags=["api"], summary="Persons whose name holds q (diacritics optional)")
    def api_people(q: Q = "", limit: Limit = LIST_LIMIT) -> dict[str, Any]:
        return {"q": q, "results": reader.people(q, limit)}

    @app.get("/api/people/{entity_id}", tags=["api"], summary="One person: names, posts over time, articles")
    def api_person(entity_id: Annotated[str, Path(max_length=64)]) -> dict[str, Any]:
        return _found(reader.person(entity_id), "person", entity_id)

    @app.get("/api/organizations", tags=["api"], summary="Organisations whose name holds q")
    def api_organizations(q: Q = "", limit: Limit = LIST_LIMIT) -> dict[str, Any]:
        return {"q": q, "results": reader.organizations(q, limit)}

    @app.get(
        "/api/organizations/{entity_id}", tags=["api"], summary="One organisation: meetings, posts, articles"
    )
    def api_organization(entity_id: Annotated[str, Path(max_length=64)]) -> dict[str, Any]:
        return _found(reader.organization(entity_id), "organization", entity_id)

    @app.get("/api/places", tags=["api"], summary="Places whose name holds q")
    def api_places(q: Q = "", limit: Limit = LIST_LIMIT) -> dict[str, Any]:
        return {"q": q, "results": reader.places(q, limit)}

    @app.get(
        "/api/places/{entity_id}", tags=["api"], summary="One place: unit codes before/after 2025, articles"
    )
    def api_place(entity_id: Annotated[str, Path(max_length=64)]) -> dict[str, Any]:
        return _found(reader.place(entity_id), "place", entity_id)

    @app.get("/api/outlets", tags=["api"], summary="Every outlet with its records by month")
    def api_outlets() -> dict[str, Any]:
        return {"outlets": reader.outlets()}

    pages.register(app, reader, html)

    @app.get("/api/export", tags=["api"], summary=f"Every match, streamed (at most {MAX_EXPORT:,} records)")
    def api_export(sq: SQ, format: Literal["csv", "jsonl"] = "csv") -> StreamingResponse:
        """One row (CSV) or one record in its JSON form (JSON lines) per matching record, newest
        first, with the filters of search; streamed, never held in memory."""
        reader.export_rows(sq)  # a bad filter is a 400 before the answer starts
        media = "text/csv; charset=utf-8" if format == "csv" else "application/x-ndjson; charset=utf-8"
        return StreamingResponse(
            reader.export(sq, format),
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="baochi-export.{format}"'},
        )

    @app.get("/api/attention.csv", tags=["api"], summary="The numbers of /api/attention as CSV")
    def api_attention_csv(
        sq: SQ,
        interval: Literal["day", "week", "month"] | None = None,
        by: Literal["outlet"] | None = None,
    ) -> PlainTextResponse:
        data = reader.attention(sq, interval, by == "outlet")
        return PlainTextResponse(
            attention_csv(data),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="baochi-attention.csv"'},
        )

    @app.get("/articles/{article_id}/raw", include_in_schema=False)
    def raw(article_id: str) -> Response:
        doc = reader.raw(article_id)
        if doc is None:
            raise HTTPException(404, f"no raw input for record {article_id}")
        return Response(
            doc.data,
            media_type="text/plain; charset=utf-8",
            headers={"Content-Security-Policy": RAW_CSP, "Content-Disposition": "inline"},
        )

    return app
