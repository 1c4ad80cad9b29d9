"""The embeddable widget's two endpoints: ``/embed.js`` and ``GET /api/v1/summary?url=``.

A request names a site by its publishable key; it is answered only when it comes from one of the
site's origins (``Origin``, else the origin of ``Referer``) and asks for a page on one of its
domains, and CORS headers go to registered origins only. A fresh answer is served from this
worker's memory on the event loop (no thread hop, no database round trip); the rest goes through
one flight per (page, length, method), so concurrent first requests do the work once. Errors have
the API's one shape and carry the same CORS headers, so the widget can read them.
"""

from __future__ import annotations

import json
import time
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from starlette.datastructures import Headers

from newsbrief.errors import ErrorCode, NewsbriefError, UpstreamError
from newsbrief.storage.sites import Publisher
from newsbrief.web.by_url import DEFAULT_WIDGET_LENGTH, WidgetLength, page_url, widget_length
from newsbrief.web.embed_state import Cached, Embed, Outcome, ResponseKey, embed_of
from newsbrief.web.errors import ApiError, error_body, status_of
from newsbrief.web.schemas import ErrorOut, SummaryOut

router = APIRouter()
_JSON = "application/json"
_SUMMARY_CACHE = "max-age=60"
_SCRIPT_CACHE = "public, max-age=3600"
_DEFAULT_PORTS = {"http": "80", "https": "443"}


class UrlSummaryOut(SummaryOut):
    """A summary by URL: the page's normalised URL, its title and language, the length asked
    for and how the widget lays it out (``paragraph`` or ``list``)."""

    url: str
    title: str | None
    language: str | None
    length: str
    layout: str


_ERRORS: dict[int | str, dict[str, Any]] = {
    200: {"model": UrlSummaryOut, "description": "The summary"},
    400: {"model": ErrorOut, "description": "Invalid URL, length or method"},
    403: {"model": ErrorOut, "description": "Unknown key, origin or domain not the site's"},
    429: {"model": ErrorOut, "description": "Too many requests that fetch or summarize"},
    502: {"model": ErrorOut, "description": "The publisher's page could not be fetched"},
}


def request_origin(headers: Headers) -> str | None:
    """The page a request comes from: its ``Origin``, else the origin of its ``Referer``."""
    origin = headers.get("origin")
    if origin is not None:
        return origin.strip().lower()
    referer = headers.get("referer")
    if not referer:
        return None
    parts = urlsplit(referer.strip())
    if parts.scheme not in _DEFAULT_PORTS or not parts.netloc:
        return None
    host = parts.netloc.rsplit("@", 1)[-1].lower()
    host = host.removesuffix(":" + _DEFAULT_PORTS[parts.scheme])
    return f"{parts.scheme}://{host}"


def cors_headers(site: Publisher | None, origin: str | None) -> dict[str, str]:
    """CORS for a registered origin of the site, and nothing for anyone else."""
    if site is not None and origin is not None and site.allows_origin(origin):
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}
    return {"Vary": "Origin"}


def checked_page(
    site: Publisher | None, origin: str | None, url: str | None
) -> tuple[Publisher, str]:
    """The site and the page's URL, once the key, the origin and the URL's domain are the
    site's."""
    if site is None:
        raise ApiError(
            403, ErrorCode.SITE_NOT_FOUND, "unknown site key (register it: newsbrief sites add)"
        )
    if not site.allows_origin(origin):
        shown = origin or "a request without Origin or Referer"
        raise ApiError(403, ErrorCode.ORIGIN_REFUSED, f"{shown} is not an origin of this site")
    page = page_url(url)
    if not site.allows_url(page):
        host = urlsplit(page).hostname
        raise ApiError(403, ErrorCode.URL_REFUSED, f"{host} is not a domain of this site")
    return site, page


def _respond(cached: Cached, headers: dict[str, str]) -> Response:
    cache = _SUMMARY_CACHE if cached.status == 200 else "no-store"
    return Response(
        cached.body,
        status_code=cached.status,
        media_type=_JSON,
        headers={**headers, "Cache-Control": cache},
    )


def _error_entry(error: NewsbriefError, now: float, ttl: float) -> Cached:
    body = json.dumps(error_body(error.code, error.message)).encode()
    return Cached(body, status_of(error), now + ttl)


@router.get("/api/v1/summary", tags=["summaries"], responses=_ERRORS)
async def summary_by_url(
    request: Request,
    url: Annotated[str, Query(description="the page's canonical URL")] = "",
    site: Annotated[str, Query(description="the site's publishable key")] = "",
    length: Annotated[
        str, Query(description="points (key points), short or medium")
    ] = DEFAULT_WIDGET_LENGTH,
    method: Annotated[str, Query(description="summarization method")] = "news",
) -> Response:
    """The summary of a publisher's page, for the widget: ``url``, ``title``, ``method``,
    ``summary``, ``sentences`` (with ``start`` / ``end`` offsets into the extracted article) and
    ``layout``. Needs the site's key and a request from one of its origins."""
    embed = embed_of(request)
    publisher = await embed.directory.find(site) if site else None
    origin = request_origin(request.headers)
    headers = cors_headers(publisher, origin)
    try:
        known, page = checked_page(publisher, origin, url)
        return await _answer(request, embed, known, (page, widget_length(length), method), headers)
    except ApiError as error:
        body = json.dumps(error_body(error.code, error.message)).encode()
        extra = {**headers, **(error.headers or {})}
        return Response(body, status_code=error.status, media_type=_JSON, headers=extra)
    except NewsbriefError as error:
        return _respond(_error_entry(error, 0.0, 0.0), headers)


async def _answer(
    request: Request,
    embed: Embed,
    publisher: Publisher,
    asked: tuple[str, WidgetLength, str],
    headers: dict[str, str],
) -> Response:
    page, length, method = asked
    key: ResponseKey = (page, length.name, method)
    cached = embed.responses.get(key)
    if cached is not None and (cached.fresh(time.monotonic()) or embed.flights.running(key)):
        # The hot path: memory only. A stale answer is served while another request checks
        # the page again.
        if cached.status == 200:
            embed.usage.record(publisher.id, hit=True)
        return _respond(cached, headers)
    length.options(method)  # an unknown method is refused before any work (never cached)
    client = request.client.host if request.client else "unknown"
    wait = max(embed.per_client.acquire(client), embed.per_site.acquire(f"site:{publisher.id}"))
    if wait > 0:
        if cached is not None:
            return _respond(cached, headers)  # a stale summary beats a refusal
        retry = embed.per_client.retry_after(wait)
        raise ApiError(
            429,
            ErrorCode.RATE_LIMITED,
            f"too many new summaries; try again in {retry} s",
            {"Retry-After": retry},
        )

    async def work() -> Outcome:
        return await _refresh(embed, publisher, key, length, cached)

    outcome, leader = await embed.flights.run(key, work)
    if outcome.cached.status == 200:
        embed.usage.record(publisher.id, hit=not (leader and outcome.computed))
    return _respond(outcome.cached, headers)


async def _refresh(
    embed: Embed,
    publisher: Publisher,
    key: ResponseKey,
    length: WidgetLength,
    stale: Cached | None,
) -> Outcome:
    """Answer ``key`` anew (in the thread pool) and keep the answer, errors included."""
    page, _name, method = key
    computed = False
    try:
        answer = await run_in_threadpool(embed.summaries.answer, publisher, page, length, method)
    except UpstreamError as error:
        now = time.monotonic()
        if stale is not None and stale.status == 200:
            # The publisher's server is failing: the last summary stands a while longer.
            entry = Cached(stale.body, 200, now + embed.error_ttl)
        else:
            entry = _error_entry(error, now, embed.error_ttl)
    except NewsbriefError as error:
        entry = _error_entry(error, time.monotonic(), embed.error_ttl)
    else:
        entry = Cached(answer.body, 200, time.monotonic() + answer.fresh_for)
        computed = answer.computed
        if not answer.cacheable:
            return Outcome(entry, computed)  # not kept: the next request asks again
    embed.responses.put(key, entry)
    return Outcome(entry, computed)


@router.get("/embed.js", include_in_schema=False)
async def embed_script(request: Request) -> Response:
    """The widget's script: cacheable for an hour, gzipped when the browser accepts it."""
    script = embed_of(request).script
    headers = {
        "ETag": script.etag,
        "Cache-Control": _SCRIPT_CACHE,
        "Vary": "Accept-Encoding",
        # Loadable by pages that require cross-origin resources to opt in (COEP).
        "Cross-Origin-Resource-Policy": "cross-origin",
    }
    if request.headers.get("if-none-match") == script.etag:
        return Response(status_code=304, headers=headers)
    if _accepts_gzip(request.headers.get("accept-encoding", "")):
        headers["Content-Encoding"] = "gzip"
        return Response(script.gzipped, media_type="text/javascript", headers=headers)
    return Response(script.body, media_type="text/javascript", headers=headers)


def _accepts_gzip(accept: str) -> bool:
    for part in accept.lower().split(","):
        name, _, params = part.strip().partition(";")
        if name.strip() == "gzip":
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


__all__ = ["checked_page", "cors_headers", "request_origin", "router"]
