"""A publisher's site for the widget tests: article pages (with or without the widget) served by a
real HTTP server on a loopback address of our choosing, which counts every request it gets.

The story is our own text. Pages honour ``If-None-Match`` (304), so conditional revalidation can
be observed.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Table, delete

from newsbrief.config import Settings
from newsbrief.storage import Store
from newsbrief.storage.database import write_transaction
from newsbrief.storage.schema import PageRow, SiteRow
from newsbrief.storage.sites import Publishers
from newsbrief.web.app import create_app
from newsbrief.web.embed_state import Embed

TITLE = "Harbour Ferry Returns After Winter Overhaul"
STORY = [
    "The harbour ferry between Eastport and Skerrow returned to service on Monday after three "
    "months in dry dock. Engineers replaced both engines with a hybrid system that cuts fuel use "
    "by a third.",
    "Commuters said the detour round the estuary had added forty minutes to each journey. The "
    "operator has frozen fares until the end of the summer to win back passengers.",
    "A later evening sailing will be added on Fridays and Saturdays from May. Councillors asked "
    "for a reserve vessel so that future repairs do not cut the service entirely.",
    "The overhaul cost 4.2 million, half of it paid by the regional transport fund. The rest came "
    "from the operator's own savings and a loan from the harbour board.",
    "Local businesses on the Skerrow side welcomed the return of the ferry. The bakery by the "
    "pier said its weekday trade had fallen by half while the boat was away.",
    "The operator expects passenger numbers to recover by the autumn. It will publish monthly "
    "figures on its website from June.",
]
HOSTILE_CSS = (
    "* { display: inline !important; color: red !important; font-size: 40px !important; "
    "background: yellow !important; position: relative !important; top: 7px !important; "
    "line-height: 0.5 !important; font-family: fantasy !important; } "
    "button { display: none !important; } div { visibility: hidden !important; }"
)
# Reserves the button's box before the script arrives (docs/embed.md gives the same line).
RESERVE_CSS = "newsbrief-summary { display: block; min-height: 48px; }"


def article_page(
    *,
    service: str | None,
    key: str = "",
    paragraphs: list[str] | None = None,
    title: str = TITLE,
    canonical: str | None = None,
    css: str = "",
    lang: str = "en",
    widgets: bool = True,
    tail: str = "",
) -> bytes:
    """A plain article page (light, or dark when the reader prefers it); with ``service``, the
    widget's script from it and two buttons; ``tail``: markup at the end of the body."""
    head = [f'<meta charset="utf-8"><title>{html.escape(title)}</title>']
    if canonical:
        head.append(f'<link rel="canonical" href="{html.escape(canonical)}">')
    head.append(
        "<style>body{font-family:Georgia,serif;max-width:40rem;margin:2rem auto;padding:0 1rem;"
        "line-height:1.6;background:#fff;color:#222}"
        "@media (prefers-color-scheme:dark){body{background:#0d1117;color:#d8dee4}a{color:#8ab4f8}}"
        f" {RESERVE_CSS} {css}</style>"
    )
    if service:
        head.append(f'<script src="{service}/embed.js" data-site="{key}" defer></script>')
    button = "<newsbrief-summary></newsbrief-summary>" if widgets else ""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs or STORY)
    return (
        f'<!doctype html><html lang="{lang}"><head>{"".join(head)}</head><body>'
        f'<header><a href="/">Eastport Gazette</a></header><main><article id="story">'
        f'<h1>{html.escape(title)}</h1>{button}<div id="story-body">{body}</div>{button}'
        "</article></main><footer><p>Eastport Gazette, 1 Quay Street</p></footer>"
        f"{tail}</body></html>"
    ).encode()


@dataclass
class Page:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    path: str
    headers: dict[str, str]

    @property
    def from_newsbrief(self) -> bool:
        return self.headers.get("User-Agent", "").startswith("newsbrief/")


class PublisherSite:
    """``pages`` by path on http://HOST:PORT; every request is kept in ``hits``."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.pages: dict[str, Page] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0]
                with site._lock:
                    site.hits.append(Hit(self.path, dict(self.headers)))
                page = site.pages.get(path)
                if page is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                time.sleep(page.delay)
                etag = '"' + hashlib.sha256(page.body).hexdigest()[:16] + '"'
                if page.status == 200 and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(page.status)
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(page.body)))
                self.send_header("ETag", etag)
                for name, value in page.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(page.body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.server.daemon_threads = True
        self.origin = f"http://{host}:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def url(self, path: str) -> str:
        return self.origin + path

    def fetches(self, path: str) -> list[Hit]:
        """The requests newsbrief (not a browser) made for ``path``."""
        with self._lock:
            return [h for h in self.hits if h.from_newsbrief and h.path.split("?")[0] == path]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextlib.contextmanager
def serving(host: str = "127.0.0.1") -> Iterator[PublisherSite]:
    site = PublisherSite(host)
    try:
        yield site
    finally:
        site.close()


def wait_for(condition: Callable[[], object], timeout: float = 10.0, message: str = "it") -> None:
    """Poll ``condition()`` until it is true or ``timeout`` seconds pass (then fail)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {message}")
        time.sleep(0.02)


def empty_tables(store: Store) -> Store:
    """The shared PostgreSQL test database keeps rows between tests (its fixture empties only
    articles and summaries); the widget's tables start empty here."""
    with write_transaction(store.engine) as connection:
        connection.execute(delete(cast(Table, SiteRow.__table__)))
        connection.execute(delete(cast(Table, PageRow.__table__)))
    return store


API_TOKEN = "test-token-0123456789"


@dataclass
class Newsbrief:
    """The app under a test client, with ``publisher`` registered as a site (loopback allowed)."""

    client: TestClient
    app: FastAPI
    key: str
    publisher: PublisherSite

    @property
    def embed(self) -> Embed:
        embed: Embed = self.app.state.embed
        return embed

    def summary(
        self, path: str, origin: str | None = "", key: str | None = None, **params: str
    ) -> Any:
        """GET /api/v1/summary for the publisher's ``path`` (or a full URL), from its origin
        unless ``origin`` says otherwise (None: no Origin header)."""
        url = path if "://" in path else self.publisher.url(path)
        headers = {} if origin is None else {"Origin": origin or self.publisher.origin}
        query = {"url": url, "site": self.key if key is None else key, **params}
        return self.client.get("/api/v1/summary", params=query, headers=headers)


@contextlib.contextmanager
def newsbrief_for(
    store: Store,
    publisher: PublisherSite,
    *,
    allow_private: bool = True,
    empty: bool = True,
    **settings: object,
) -> Iterator[Newsbrief]:
    """A fresh app on ``store`` (its widget tables emptied unless ``empty`` is false) with the
    publisher registered."""
    if empty:
        empty_tables(store)
    host = publisher.origin.split("//", 1)[1].rsplit(":", 1)[0]
    site = Publishers(store.engine).add([host], [publisher.origin], allow_private=allow_private)
    chosen = Settings(
        database_url=str(store.engine.url),
        api_token=API_TOKEN,
        **settings,  # type: ignore[arg-type]
    )
    app = create_app(chosen, store=store)
    with TestClient(app) as client:
        yield Newsbrief(client, app, site.key, publisher)
