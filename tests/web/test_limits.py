"""Bounded cost per client: expensive requests (computing, extracting, asking the LLM) are
admitted a few at a time per client address and up to a cap in all, the LLM ones at a rate too;
cheap requests (health, cached summaries) never wait behind them. Each simulated client has its
own address through httpx's ASGI transport; the LLM server is a scripted slow one on loopback."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TypeVar

import httpx
from fastapi import FastAPI
from scripted_llm import GOOD, STORY, Script, Step, scripted

from newsbrief.config import LlmSettings, Settings
from newsbrief.models import Article
from newsbrief.storage import Store
from newsbrief.web.app import create_app
from newsbrief.web.limits import Busy

T = TypeVar("T")


@contextmanager
def slow_llm_site(
    settings: Settings, store: Store, step: Step, **limits: int
) -> Iterator[tuple[FastAPI, Script]]:
    with scripted(step) as (url, script):
        llm = LlmSettings(url=url, retries=0, timeout=20)
        limited = replace(replace(settings, llm=llm), **limits)  # type: ignore[arg-type]
        yield create_app(limited, store=store), script


def client_at(app: FastAPI, address: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    return httpx.AsyncClient(transport=transport, base_url="http://site", timeout=60)


async def gather(*calls: Awaitable[T]) -> list[T]:
    return list(await asyncio.gather(*calls))


async def until(condition: Callable[[], bool], seconds: float = 20.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not condition():
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.02)


def summarize(client: httpx.AsyncClient, sentences: int = 2) -> Awaitable[httpx.Response]:
    body = {"text": STORY, "method": "llm", "sentences": sentences}
    return client.post("/api/v1/summarize", json=body)


def test_a_client_has_at_most_two_expensive_requests_in_flight(
    settings: Settings, store: Store
) -> None:
    """The third and fourth concurrent LLM summaries of one address are refused at once (429,
    Retry-After), while another address is still served."""

    async def run(app: FastAPI) -> tuple[list[httpx.Response], httpx.Response]:
        async with client_at(app, "10.0.0.1") as one, client_at(app, "10.0.0.2") as two:
            mine = [summarize(one) for _ in range(4)]
            return await gather(*mine), await summarize(two)

    with slow_llm_site(settings, store, Step(text=GOOD, delay=1.5)) as (app, _):
        answers, other = asyncio.run(run(app))
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200, 200, 429, 429]
    refused = next(a for a in answers if a.status_code == 429)
    assert refused.json()["error"]["code"] == "rate_limited"
    assert int(refused.headers["retry-after"]) >= 1
    assert other.status_code == 200


def test_a_client_has_at_most_two_extractions_in_flight(settings: Settings, store: Store) -> None:
    """issue 14: one client could keep as many HTML extractions running as its rate allowed (60
    a minute). Extracting a page is expensive work too: the third and fourth pages one address
    sends at once are refused, and another address is still served."""
    page = (
        "<html><body><article>"
        + "".join(f"<p>Paragraph {n}. {STORY}</p>" for n in range(300))
        + "</article></body></html>"
    )

    def extract(client: httpx.AsyncClient) -> Awaitable[httpx.Response]:
        return client.post("/api/v1/summarize", json={"html": page})

    async def run(app: FastAPI) -> tuple[list[httpx.Response], httpx.Response]:
        async with client_at(app, "10.0.5.1") as one, client_at(app, "10.0.5.2") as two:
            return await gather(*(extract(one) for _ in range(4))), await extract(two)

    answers, other = asyncio.run(run(create_app(settings, store=store)))
    assert sorted(a.status_code for a in answers) == [200, 200, 429, 429]
    refused = next(a for a in answers if a.status_code == 429)
    assert refused.json()["error"]["code"] == "rate_limited" and refused.headers["retry-after"]
    assert other.status_code == 200


def test_llm_work_has_a_cap_in_all(settings: Settings, store: Store) -> None:
    async def run(app: FastAPI) -> list[int]:
        clients = [client_at(app, f"10.0.1.{n}") for n in range(4)]
        answers = await gather(*(summarize(c) for c in clients))
        for client in clients:
            await client.aclose()
        return sorted(a.status_code for a in answers)

    step = Step(text=GOOD, delay=1.0)
    with slow_llm_site(settings, store, step, llm_concurrency=2) as (app, script):
        assert asyncio.run(run(app)) == [200, 200, 429, 429]
    assert len(script.requests) == 2


def test_llm_requests_are_rate_limited_per_client(settings: Settings, store: Store) -> None:
    """Every request that reaches the LLM counts; a cached answer does not."""

    async def run(app: FastAPI, article_id: int) -> list[int]:
        async with client_at(app, "10.0.2.1") as client:
            path = f"/api/v1/articles/{article_id}/summary?method=llm&sentences="
            statuses = [(await client.get(path + str(n))).status_code for n in (1, 2, 1, 3)]
            statuses.append((await summarize(client)).status_code)
            return statuses

    article_id = store.articles.add(Article(STORY, title="Bridges")).id
    with slow_llm_site(settings, store, Step(text=GOOD), llm_per_minute=3) as (app, script):
        assert asyncio.run(run(app, article_id)) == [200, 200, 200, 200, 429]
    assert len(script.requests) == 3


def test_slow_llm_streams_cannot_starve_cheap_requests(settings: Settings, store: Store) -> None:
    """45 anonymous streams against an LLM that takes seconds to answer: the health check and a
    cached summary still answer at once (they used to wait for a thread of the shared pool)."""
    article_id = store.articles.add(Article(STORY, title="Bridges")).id
    summary = f"/api/v1/articles/{article_id}/summary?sentences=2"

    async def run(app: FastAPI, script: Script) -> tuple[float, float, list[int]]:
        loop = asyncio.get_running_loop()
        async with client_at(app, "10.0.3.1") as reader:
            assert (await reader.get(summary)).status_code == 200  # now cached
            clients = [client_at(app, f"10.1.0.{n}") for n in range(45)]
            streams = [
                asyncio.create_task(c.get(f"/api/v1/articles/{article_id}/summary/stream"))
                for c in clients
            ]
            await until(lambda: len(script.requests) >= 10)
            await asyncio.sleep(0.3)
            started = loop.time()
            health = await reader.get("/api/v1/health")
            health_seconds = loop.time() - started
            started = loop.time()
            cached = await reader.get(summary)
            cached_seconds = loop.time() - started
            assert health.status_code == 200 and cached.status_code == 200
            answers = await asyncio.gather(*streams)
            for client in clients:
                await client.aclose()
        return health_seconds, cached_seconds, [a.status_code for a in answers]

    with slow_llm_site(settings, store, Step(text=GOOD, delay=4.0)) as (app, script):
        health_seconds, cached_seconds, statuses = asyncio.run(run(app, script))
    assert health_seconds < 0.5 and cached_seconds < 0.5
    assert set(statuses) <= {200, 429} and 200 in statuses


def test_a_slot_is_given_back_whatever_the_request_did(settings: Settings, store: Store) -> None:
    """Failed, refused and finished requests all return their slot: one at a time, a client
    can go on forever."""

    async def run(app: FastAPI) -> list[int]:
        async with client_at(app, "10.0.4.1") as client:
            statuses = []
            for body in [{"text": STORY}, {"text": "   "}, {"html": 5}, {"text": STORY}] * 2:
                statuses.append((await client.post("/api/v1/summarize", json=body)).status_code)
            return statuses

    app = create_app(replace(settings, busy_per_client=1), store=store)
    assert asyncio.run(run(app)) == [200, 400, 422, 200] * 2


def test_busy_counts_per_client_and_in_all() -> None:
    busy = Busy(per_client=2, total=3)
    assert busy.enter("a") and busy.enter("a") and not busy.enter("a")
    assert busy.enter("b") and not busy.enter("c")
    busy.leave("a")
    assert busy.enter("c") and not busy.enter("a")
    for client in ("a", "b", "c"):
        busy.leave(client)
    busy.leave("a")
    assert busy.in_flight == 0 and busy.enter("a")
