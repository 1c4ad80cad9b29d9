"""The reader site as an ASGI app: ``create_app(settings)`` wires pages, API, errors and limits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import swagger_ui_bundle  # type: ignore[import-untyped]
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsbrief.config import VERSION, Settings
from newsbrief.storage import Store, open_store
from newsbrief.storage.summaries import LRU
from newsbrief.threads import single_threaded_numerics
from newsbrief.web import api, embed, pages, stories, stream
from newsbrief.web.embed_state import create_embed, embed_lifespan
from newsbrief.web.errors import install_error_handlers
from newsbrief.web.limits import Limits
from newsbrief.web.llm_health import LlmHealth
from newsbrief.web.middleware import BodyLimit, HeadAsGet, RateLimiter, SecurityHeaders
from newsbrief.web.openapi30 import as_openapi_30
from newsbrief.web.state import Site, site_of

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
# The files of the swagger-ui-bundle package the docs page loads, and nothing else: the package
# also ships Swagger's stock pages (index.html, oauth2-redirect.html), which run inline script
# and read their configuration from the URL.
DOCS_ASSETS = {
    "swagger-ui.css": "text/css",
    "swagger-ui-bundle.js": "text/javascript",
}
STORY_CACHE_SIZE = 256
FAVICON = STATIC / "favicon.svg"
# The icon never changes within a version: browsers may keep it for a week.
FAVICON_CACHE = "public, max-age=604800"

DESCRIPTION = """Read stored news articles and their extractive summaries; store new articles
(with the API token) and summarize text that is not stored. Errors always have the shape
`{"error": {"code": "...", "message": "..."}}`."""


def create_app(settings: Settings, *, store: Store | None = None) -> FastAPI:
    """The site for ``settings``. Pass ``store`` to share an open database (tests do); otherwise
    one is opened on ``settings.database_url``, whose schema must be migrated already
    (``newsbrief serve`` and ``newsbrief ingest`` do that)."""
    single_threaded_numerics()
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.globals["version"] = VERSION
    store = store or open_store(
        settings.database_url, memory_cache_size=settings.memory_cache_size, upgrade=False
    )
    app = FastAPI(
        title="newsbrief",
        version=VERSION,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=embed_lifespan,
    )
    app.state.site = Site(
        settings=settings,
        store=store,
        limiter=RateLimiter(settings.summarize_per_minute),
        limits=Limits.of(settings),
        templates=templates,
        responses=LRU(settings.memory_cache_size),
        stories=LRU(STORY_CACHE_SIZE),
        llm_health=LlmHealth(settings.llm),
    )
    # The widget's state; its CORS headers are the embed router's own (registered origins only).
    app.state.embed = create_embed(settings, store)
    install_error_handlers(app, templates)
    app.include_router(embed.router)
    app.include_router(api.router)
    app.include_router(stories.router)
    app.include_router(stream.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    _add_docs(app)
    _add_favicon(app)

    # The last added runs outermost: security headers wrap everything, the 413 included; the
    # size limit answers before any handler reads the body; HEAD is routed as GET.
    app.add_middleware(HeadAsGet)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def _add_docs(app: FastAPI) -> None:
    """The OpenAPI document and Swagger UI. Plain (sync) handlers: the framework runs them on
    its threads, so building the document the first time never holds up the event loop."""

    @app.get("/openapi.json", include_in_schema=False)
    def openapi() -> JSONResponse:
        schema: dict[str, Any] = app.openapi()
        return JSONResponse(schema)

    @app.get("/docs/openapi.json", include_in_schema=False)
    def openapi_30() -> JSONResponse:
        """The document as OpenAPI 3.0, which the vendored Swagger UI can render."""
        return JSONResponse(as_openapi_30(app.openapi()))

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs(request: Request) -> HTMLResponse:
        """Swagger UI from the swagger-ui-bundle package: no CDN, no inline script."""
        return site_of(request).templates.TemplateResponse(request, "docs.html", {})

    @app.get("/docs-assets/{name}", include_in_schema=False)
    def docs_asset(name: str) -> FileResponse:
        if name not in DOCS_ASSETS:
            raise StarletteHTTPException(404)
        path = Path(swagger_ui_bundle.swagger_ui_path) / name
        return FileResponse(path, media_type=DOCS_ASSETS[name])


def _add_favicon(app: FastAPI) -> None:
    """``/favicon.ico``, which browsers and feed readers ask for unprompted: the site's SVG icon
    (pages link the same file), cacheable."""

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return FileResponse(
            FAVICON, media_type="image/svg+xml", headers={"Cache-Control": FAVICON_CACHE}
        )


def app_from_env() -> FastAPI:
    """Factory for uvicorn workers: each reads its settings (the LLM server's included) from the
    environment once, here (``newsbrief serve`` sets the environment they read)."""
    return create_app(Settings.from_env())


__all__ = ["app_from_env", "create_app"]
