"""Every route of the app against slow inputs (a slow database, a slow LLM server, a large page to
extract): none may block the event loop, whatever it does. A probe task measures how late
``asyncio.sleep`` wakes while each request runs in the same loop (httpx's ASGI transport), so a
blocking call anywhere in a handler shows up as lag. A new route fails the test until it gets a
request in :data:`REQUESTS`."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from scripted_llm import GOOD, STORY, Step, scripted
from sqlalchemy import event
from starlette.routing import Mount

from newsbrief import summarizers
from newsbrief.config import LlmSettings, Settings
from newsbrief.models import Article
from newsbrief.records import Record
from newsbrief.storage import Store, open_store
from newsbrief.storage.sites import Publishers
from newsbrief.summarizers.base import SummaryOptions
from newsbrief.web.app import create_app

TOKEN = "loop-token-0123456789"
SLOW_QUERY_SECONDS = 0.3
LLM_DELAY_SECONDS = 2.0
# How late a 10 ms sleep may wake while a request runs. Threads doing the work take the GIL in
# turns with the loop, and on a loaded machine the loop's thread also waits for a core: that
# noise reached 0.6 s once in a clean-clone run. What this catches is a handler computing or
# waiting on the loop: the LLM's delay, or extracting the large page, each longer than this. A
# database statement on the loop is caught exactly, by the thread it runs on, whatever the load.
MAX_LAG_SECONDS = 1.0
# The threads that ran database statements, and the event loop's, during one request.
STATEMENT_THREADS: list[int] = []
LOOP_THREADS: list[int] = []
WIDGET_PAGE = "https://news.example/bridges"
PAGE = "<html><body><article>" + "<p>The harbour wall was repaired again.</p>" * 4000 + "</article>"


@dataclass(frozen=True)
class Call:
    """A request that makes a route do its slowest work; ``slow``: it must take a while (so the
    test is not vacuous), which a route that touches nothing slow cannot."""

    path: str
    method: str = "GET"
    json: object = None
    headers: dict[str, str] = field(default_factory=dict)
    slow: bool = True


AUTH = {"Authorization": f"Bearer {TOKEN}"}
REQUESTS: dict[tuple[str, str], Call] = {
    ("GET", "/api/v1/health"): Call("/api/v1/health"),
    ("GET", "/api/v1/methods"): Call("/api/v1/methods", slow=False),
    ("GET", "/api/v1/articles"): Call("/api/v1/articles?q=council"),
    ("GET", "/api/v1/articles/{article_id}"): Call("/api/v1/articles/1"),
    ("GET", "/api/v1/articles/{article_id}/summary"): Call(
        "/api/v1/articles/1/summary?method=llm&sentences=2"
    ),
    ("GET", "/api/v1/articles/{article_id}/summary/stream"): Call(
        "/api/v1/articles/1/summary/stream?sentences=2"
    ),
    ("POST", "/api/v1/articles"): Call(
        "/api/v1/articles", "POST", {"html": PAGE, "title": "Walls"}, AUTH
    ),
    ("POST", "/api/v1/summarize"): Call(
        "/api/v1/summarize", "POST", {"text": STORY, "method": "llm", "sentences": 2}
    ),
    ("GET", "/"): Call("/?q=council"),
    ("GET", "/articles/{article_id}"): Call("/articles/1"),
    ("GET", "/articles/{article_id}/summary"): Call("/articles/1/summary?ai=1&length=medium"),
    ("GET", "/articles/{article_id}/summary/fragment"): Call(
        "/articles/1/summary/fragment?ai=1&length=points"
    ),
    ("GET", "/api/v1/stories"): Call("/api/v1/stories"),
    ("GET", "/api/v1/stories/{story_id}"): Call("/api/v1/stories/1"),
    ("GET", "/api/v1/stories/{story_id}/timeline"): Call("/api/v1/stories/1/timeline?dates=3"),
    ("GET", "/api/v1/stories/{story_id}/catchup"): Call("/api/v1/stories/1/catchup"),
    ("GET", "/stories/{story_id}"): Call("/stories/1"),
    ("GET", "/stories/{story_id}/catchup"): Call("/stories/1/catchup?since=2020-01-01"),
    ("GET", "/stories/{story_id}/catchup/fragment"): Call("/stories/1/catchup/fragment"),
    # The site's key is only known once the fixture registers it.
    ("GET", "/api/v1/summary"): Call(
        "/api/v1/summary?url=https://news.example/bridges&site={key}",
        headers={"Origin": "https://news.example"},
    ),
    ("GET", "/embed.js"): Call("/embed.js", slow=False),
    ("GET", "/docs"): Call("/docs", slow=False),
    ("GET", "/docs/openapi.json"): Call("/docs/openapi.json", slow=False),
    ("GET", "/favicon.ico"): Call("/favicon.ico", slow=False),
    ("GET", "/docs-assets/{name}"): Call("/docs-assets/swagger-ui.css", slow=False),
    ("GET", "/openapi.json"): Call("/openapi.json", slow=False),
}


def routes(app: FastAPI) -> set[tuple[str, str]]:
    """Every (method, path) the app answers, its static mounts aside (Starlette serves files
    from a thread)."""
    found: set[tuple[str, str]] = set()
    pending = list(app.routes)
    while pending:
        route = pending.pop()
        # FastAPI keeps an included router whole (its routes carry the router's prefix).
        included = getattr(route, "original_router", None)
        if included is not None:
            pending.extend(included.routes)
        elif not isinstance(route, Mount):
            methods = getattr(route, "methods", None) or set()
            found.update((m, getattr(route, "path", "")) for m in methods if m != "HEAD")
    return found


@pytest.fixture(scope="module")
def slow_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    """The app on a SQLite file whose every statement takes a while, and a slow LLM server."""
    database = tmp_path_factory.mktemp("loop") / "slow.db"
    store: Store = open_store(f"sqlite:///{database}")
    store.articles.add(Article(STORY, title="Council bridges"))
    # A publisher of the widget, whose page the site already stores (pushed: nothing to fetch).
    publisher = Publishers(store.engine).add(["news.example"])
    store.articles.add(Article(STORY + " Updated.", title="Bridges", url=WIDGET_PAGE))

    @event.listens_for(store.engine, "before_cursor_execute")
    def _slow(*_args: Any) -> None:
        STATEMENT_THREADS.append(threading.get_ident())
        time.sleep(SLOW_QUERY_SECONDS)

    with scripted(Step(text=GOOD, delay=LLM_DELAY_SECONDS)) as (url, _):
        llm = LlmSettings(url=url, retries=0, timeout=10)
        _warm_up(llm)
        settings = Settings(database_url=f"sqlite:///{database}", api_token=TOKEN, llm=llm)
        app = create_app(settings, store=store)
        app.state.test_site_key = publisher.key
        yield app
    store.close()


def _warm_up(llm: LlmSettings) -> None:
    """Load what the first use of each method loads (models, language profiles): a thread
    loading them holds the GIL for a while, once per process, which is not a handler blocking
    the loop."""
    document = summarizers.segment(Record(PAGE, "html").article())
    for method in ("news", "llm"):
        summarizers.summarize_document(document, SummaryOptions(method=method), llm)


def test_every_route_has_a_slow_request(slow_site: FastAPI) -> None:
    assert routes(slow_site) == set(REQUESTS)


async def _lag_during(app: FastAPI, call: Call) -> tuple[float, float, httpx.Response]:
    """The worst lateness of a 10 ms sleep while ``call`` runs, its duration and its answer."""
    loop = asyncio.get_running_loop()
    LOOP_THREADS.append(threading.get_ident())
    worst = 0.0
    finished = asyncio.Event()

    async def probe() -> None:
        nonlocal worst
        while not finished.is_set():
            started = loop.time()
            await asyncio.sleep(0.01)
            worst = max(worst, loop.time() - started - 0.01)

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://site") as client:
        task = asyncio.create_task(probe())
        await asyncio.sleep(0.05)
        started = loop.time()
        response = await client.request(
            call.method, call.path, json=call.json, headers=call.headers
        )
        elapsed = loop.time() - started
        finished.set()
        await task
    return worst, elapsed, response


@pytest.mark.parametrize("route", sorted(REQUESTS), ids=" ".join)
def test_no_route_blocks_the_event_loop(
    slow_site: FastAPI, route: tuple[str, str], tmp_path: Path
) -> None:
    call = REQUESTS[route]
    call = replace(call, path=call.path.format(key=slow_site.state.test_site_key))
    STATEMENT_THREADS.clear()
    LOOP_THREADS.clear()
    lag, elapsed, response = asyncio.run(_lag_during(slow_site, call))
    assert response.status_code < 400, response.text
    assert not set(LOOP_THREADS) & set(STATEMENT_THREADS), "a database statement ran on the loop"
    if call.slow:
        assert elapsed >= SLOW_QUERY_SECONDS, "the request met nothing slow: it proves nothing"
    assert lag < MAX_LAG_SECONDS, f"the event loop stalled {lag:.2f} s during {route}"
