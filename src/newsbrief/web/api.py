"""The REST API under /api/v1: articles, their summaries, one-off summaries and a health check."""

from __future__ import annotations

import hmac
import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import TypeAdapter, ValidationError
from sqlalchemy import text

from newsbrief import records, summarizers
from newsbrief.errors import ErrorCode, InputError, NewsbriefError
from newsbrief.render import markdown_bullets, summary_record
from newsbrief.storage.ingest import to_store
from newsbrief.summarizers.base import SummaryOptions
from newsbrief.web.errors import ApiError
from newsbrief.web.limits import client_of
from newsbrief.web.schemas import (
    ArticleIn,
    ArticleListOut,
    ArticleOut,
    ArticleSummaryOut,
    ErrorOut,
    HealthOut,
    IngestItemOut,
    IngestOut,
    SummarizeIn,
    SummaryOut,
)
from newsbrief.web.state import Site, parse_id, site_of
from newsbrief.web.summaries import is_fallback, summary_of

MAX_BATCH = 100
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "Invalid input or options"},
    404: {"model": ErrorOut, "description": "No such article"},
    422: {"model": ErrorOut, "description": "Malformed request"},
}
_BUSY: dict[int | str, dict[str, Any]] = {
    429: {"model": ErrorOut, "description": "Too many requests, or too many in progress"}
}
_BATCH = TypeAdapter(ArticleIn | list[ArticleIn])

router = APIRouter(prefix="/api/v1", responses=_ERRORS)
SiteDep = Annotated[Site, Depends(site_of)]
Format = Literal["json", "text", "markdown"]


def require_token(request: Request) -> None:
    """Writing needs ``Authorization: Bearer <NEWSBRIEF_API_TOKEN>``; with no token configured
    nobody can write over HTTP."""
    expected = site_of(request).settings.api_token
    given = request.headers.get("authorization", "")
    scheme, _, token = given.partition(" ")
    ok = (
        expected is not None
        and scheme.lower() == "bearer"
        and hmac.compare_digest(token.strip().encode(), expected.encode())
    )
    if not ok:
        raise ApiError(
            401,
            ErrorCode.UNAUTHORIZED,
            "a valid API token is required (Authorization: Bearer <token>)",
            {"WWW-Authenticate": "Bearer"},
        )


def _render(payload: dict[str, Any], fmt: Format) -> Response:
    if fmt == "text":
        return PlainTextResponse(str(payload["summary"]) + "\n")
    if fmt == "markdown":
        # Escaped as the CLI's Markdown is: article text must not become markup or links.
        lines = markdown_bullets([str(s["text"]) for s in payload["sentences"]])
        return PlainTextResponse(lines + "\n", media_type="text/markdown")
    return JSONResponse(payload)


@router.get("/health", response_model=HealthOut, tags=["service"])
def health(site: SiteDep) -> HealthOut:
    """Whether the service and its database answer."""
    with site.store.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return HealthOut(
        status="ok",
        database=site.store.engine.dialect.name,
        articles=site.store.articles.count(),
        methods=summarizers.available(),
    )


@router.get("/methods", tags=["service"])
def methods() -> dict[str, str]:
    """The summarization methods, each with a one-line description."""
    return summarizers.describe()


@router.get("/articles", response_model=ArticleListOut, tags=["articles"])
def list_articles(
    site: SiteDep,
    q: Annotated[str | None, Query(max_length=200, description="full-text search")] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
) -> ArticleListOut:
    """The latest articles, newest first, or those matching ``q``, best match first."""
    found = (
        site.store.articles.search(q, page, per_page)
        if q and q.strip()
        else site.store.articles.latest(page, per_page)
    )
    return ArticleListOut(
        items=[ArticleSummaryOut.of(a) for a in found.items],
        total=found.total,
        page=found.page,
        per_page=found.per_page,
        query=q,
    )


@router.get("/articles/{article_id}", response_model=ArticleOut, tags=["articles"])
def get_article(site: SiteDep, article_id: str) -> ArticleOut:
    """One article with its full text."""
    return ArticleOut.full(site.store.articles.get(parse_id(article_id)))


@router.get(
    "/articles/{article_id}/summary",
    response_model=SummaryOut,
    tags=["summaries"],
    responses={200: {"content": {"text/plain": {}, "text/markdown": {}}}, **_BUSY},
)
async def get_summary(
    request: Request,
    article_id: str,
    method: str = "news",
    sentences: Annotated[int | None, Query(ge=1, le=200)] = None,
    words: Annotated[int | None, Query(ge=1, le=10_000)] = None,
    ratio: Annotated[float | None, Query(gt=0, le=1)] = None,
    points: Annotated[
        int | None, Query(ge=1, le=200, description="key points: distinct facts, top to bottom")
    ] = None,
    format: Format = "json",
) -> Response:
    """The article's summary, computed once per length and method and then served from cache.
    Give at most one of ``sentences``, ``words``, ``ratio`` or ``points`` (default: 3
    sentences). Computing one counts against the client's limits (429 when over them)."""
    site = site_of(request)
    ident = parse_id(article_id)
    options = SummaryOptions(method, sentences, words, ratio, points=points)
    # Keyed by what the request means, as the summary cache is: "01" and "1", or "0.50" and
    # "5e-1", are one request; 0.4999999 and 0.5 are two.
    key = (ident, options.key, format)
    hit = site.responses.get(key)
    if hit is not None:
        # The hot path stays on the event loop: no thread hop, no database round trip.
        return Response(hit[0], media_type=hit[1])
    stored = await run_in_threadpool(site.store.articles.get, ident)
    payload = await summary_of(site, client_of(request), stored, options)
    payload["article_id"] = stored.id
    response = _render(payload, format)
    if is_fallback(payload):
        response.headers["Cache-Control"] = "no-store"  # the LLM may answer next time
    else:
        site.responses.put(key, (bytes(response.body), response.media_type or "application/json"))
    return response


@router.post(
    "/articles",
    response_model=IngestOut,
    status_code=201,
    tags=["articles"],
    dependencies=[Depends(require_token)],
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _BATCH.json_schema()}},
        }
    },
    responses={401: {"model": ErrorOut, "description": "Missing or wrong API token"}},
)
async def add_articles(request: Request) -> JSONResponse:
    """Store one article or a list of them (at most 100); duplicates (same URL or same body) are
    skipped. Needs the API token."""
    # The body is parsed after the token check, so an unauthenticated caller learns nothing
    # about the body's validity; parsing, extraction and writing run on the compute threads.
    raw = await request.body()
    site = site_of(request)
    return await site.limits.compute.thread(_store_bodies, site, raw)


def _store_bodies(site: Site, raw: bytes) -> JSONResponse:
    bodies = _article_bodies(raw)
    if len(bodies) == 1:
        # One article: its error is the answer, with its own code.
        return _ingest_response([_add(site, 0, bodies[0])])
    return _ingest_response([_add_or_fail(site, index, body) for index, body in enumerate(bodies)])


def _add(site: Site, index: int, body: object) -> IngestItemOut:
    article, external_id = to_store(records.parse_mapping(body))
    added = site.store.articles.add(article, external_id=external_id)
    return IngestItemOut(index=index, id=added.id, status="added" if added.created else "skipped")


def _add_or_fail(site: Site, index: int, body: object) -> IngestItemOut:
    try:
        return _add(site, index, body)
    except NewsbriefError as error:
        return IngestItemOut(index=index, id=None, status="failed", message=error.message)


def _article_bodies(raw: bytes) -> list[object]:
    """The article objects a request body holds, once it has the documented shape."""
    try:
        _BATCH.validate_json(raw)
    except ValidationError as error:
        raise RequestValidationError(error.errors(include_url=False)) from None
    # The records are read from the JSON as sent: validation coerces (``true`` becomes the id 1)
    # and the record rules must see what the client wrote.
    sent = records.load_json(raw)
    bodies: list[object] = sent if isinstance(sent, list) else [sent]
    if len(bodies) > MAX_BATCH:
        raise InputError(f"send at most {MAX_BATCH} articles at once", code=ErrorCode.TOO_MANY)
    return bodies


def _ingest_response(results: list[IngestItemOut]) -> JSONResponse:
    counts = {s: sum(1 for r in results if r.status == s) for s in ("added", "skipped", "failed")}
    body = IngestOut(items=results, **counts)
    return JSONResponse(
        json.loads(body.model_dump_json()), status_code=201 if counts["added"] else 200
    )


_SUMMARIZE_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": SummarizeIn.model_json_schema()}},
    }
}


@router.post(
    "/summarize",
    response_model=SummaryOut,
    tags=["summaries"],
    responses=_BUSY,
    openapi_extra=_SUMMARIZE_BODY,
)
async def summarize(request: Request) -> Response:
    """Summarize a text or HTML page without storing it. Rate-limited per client, and each
    client may have only a few in progress at once."""
    site = site_of(request)
    client = client_of(request)
    wait = site.limiter.acquire(client)
    if wait > 0:
        raise ApiError(
            429,
            ErrorCode.RATE_LIMITED,
            f"too many summaries; try again in {site.limiter.retry_after(wait)} s",
            {"Retry-After": site.limiter.retry_after(wait)},
        )
    # The body (up to the size limit) is read before admission, so a client sending it slowly
    # holds no slot; it is parsed only once admitted, on a compute thread, not on the event
    # loop. An LLM summary then moves to the LLM lane: waiting for the server holds no compute
    # thread.
    raw = await request.body()
    compute = site.limits.compute
    slot = compute.admit(client)
    try:
        body, options = await compute.thread(_summarize_body, raw)
        lane = site.limits.for_method(options.method)
        if lane is compute:
            return await compute.thread(_summarize, site, body, options)
    finally:
        slot.release()
    return await lane.run(client, _summarize, site, body, options)


def _summarize_body(raw: bytes) -> tuple[SummarizeIn, SummaryOptions]:
    try:
        body = SummarizeIn.model_validate_json(raw)
    except ValidationError as error:
        raise RequestValidationError(error.errors(include_url=False)) from None
    options = SummaryOptions(
        body.method, body.sentences, body.words, body.ratio, body.language, body.points
    )
    return body, options


def _summarize(site: Site, body: SummarizeIn, options: SummaryOptions) -> JSONResponse:
    record = records.parse_mapping(body.model_dump(include={"text", "html"}))
    article = record.article(language=body.language)
    summary = summarizers.summarize_document(
        summarizers.segment(article), options, site.settings.llm
    )
    return JSONResponse(summary_record(summary))


__all__ = ["require_token", "router"]
