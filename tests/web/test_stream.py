"""The ``llm`` method on the site: the SSE stream (extractive first, guarded sentences, done or
fallback), the API's guard report, and no caching of fallbacks. The site's LLM server is part of
the settings the app is built with."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from fastapi.testclient import TestClient
from scripted_llm import GOOD, INVENTED, STORY, Step, scripted

from newsbrief.config import LlmSettings, Settings
from newsbrief.storage import Store
from newsbrief.web.app import create_app

THIRD = "The library reopened on Friday after repairs. Readers queued outside before nine."


@contextmanager
def site(settings: Settings, store: Store, llm: LlmSettings | None = None) -> Iterator[TestClient]:
    with TestClient(create_app(replace(settings, llm=llm), store=store)) as client:
        yield client


def add_story(client: TestClient, auth: dict[str, str]) -> int:
    response = client.post("/api/v1/articles", json={"text": STORY}, headers=auth)
    article_id: int = response.json()["items"][0]["id"]
    return article_id


def events(body: str) -> list[tuple[str, dict[str, object]]]:
    found = []
    for block in body.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        found.append((lines["event"], json.loads(lines["data"])))
    return found


def test_stream_sends_extractive_then_guarded_sentences(
    settings: Settings, store: Store, auth: dict[str, str]
) -> None:
    first = GOOD.split(". ")[0] + "."
    with (
        scripted(Step(text=f"{first} {INVENTED}")) as (url, _),
        site(settings, store, LlmSettings(url=url)) as client,
    ):
        article_id = add_story(client, auth)
        response = client.get(f"/api/v1/articles/{article_id}/summary/stream?sentences=2")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    got = events(response.text)
    assert got[0][0] == "extractive" and got[0][1]["method"] == "news"
    shown = [d["text"] for e, d in got if e == "sentence"]
    assert shown[0] == first and INVENTED not in shown
    assert got[-1][0] == "done"
    guard = got[-1][1]["guard"]
    assert isinstance(guard, dict) and guard["removed"][0]["text"] == INVENTED


def test_stream_falls_back_when_the_server_fails(
    settings: Settings, store: Store, auth: dict[str, str]
) -> None:
    with (
        scripted(Step(status=503)) as (url, _),
        site(settings, store, LlmSettings(url=url, retries=0)) as client,
    ):
        article_id = add_story(client, auth)
        got = events(client.get(f"/api/v1/articles/{article_id}/summary/stream").text)
    assert [e for e, _ in got] == ["extractive", "fallback"]
    assert got[1][1]["code"] == "llm_server_error"


def test_stream_without_a_server_falls_back(client: TestClient, auth: dict[str, str]) -> None:
    article_id = add_story(client, auth)
    got = events(client.get(f"/api/v1/articles/{article_id}/summary/stream").text)
    assert [e for e, _ in got] == ["extractive", "fallback"]
    assert got[1][1]["code"] == "llm_not_configured"
    # How the site is set up is for its log, not its readers.
    assert got[1][1]["message"] == "the AI model is not available right now"


def test_a_stream_waits_longer_than_a_one_shot_request(
    settings: Settings, store: Store, auth: dict[str, str]
) -> None:
    # A slow (local) model: too slow for the API's time limit, not for a reader watching.
    with (
        scripted(Step(text=GOOD, delay=1.0)) as (url, _),
        site(settings, store, LlmSettings(url=url, retries=0, timeout=0.5)) as client,
    ):
        article_id = add_story(client, auth)
        path = f"/api/v1/articles/{article_id}/summary"
        one_shot = client.get(path, params={"method": "llm", "sentences": 2}).json()
        got = events(client.get(f"{path}/stream?sentences=2").text)
    assert one_shot["llm"]["code"] == "llm_timeout"
    assert got[-1][0] == "done" and got[-1][1]["method"] == "llm"


def test_a_stream_out_of_time_keeps_the_sentences_it_showed(
    settings: Settings, store: Store, auth: dict[str, str]
) -> None:
    first = GOOD.split(". ")[0] + "."
    endless = first + " And" + " then" * 400  # a second sentence that never ends
    with (
        scripted(Step(text=endless, gap=0.01)) as (url, _),
        site(settings, store, LlmSettings(url=url, retries=0, timeout=0.5)) as client,
    ):
        article_id = add_story(client, auth)
        got = events(client.get(f"/api/v1/articles/{article_id}/summary/stream?points=3").text)
    assert [d["text"] for e, d in got if e == "sentence"] == [first]
    final: dict[str, Any] = got[-1][1]
    assert got[-1][0] == "done"
    assert [s["text"] for s in final["sentences"]] == [first]
    assert "ran out of time" in " ".join(final["notes"])


def test_api_reports_the_guard_and_does_not_cache_fallbacks(
    settings: Settings, store: Store, auth: dict[str, str]
) -> None:
    # The server fails once, then answers: the fallback must not be served again from a cache.
    with (
        scripted(Step(status=500), Step(text=GOOD)) as (url, _),
        site(settings, store, LlmSettings(url=url, retries=0)) as client,
    ):
        article_id = add_story(client, auth)
        url_path = f"/api/v1/articles/{article_id}/summary"
        down = client.get(url_path, params={"method": "llm", "sentences": 2})
        up = client.get(url_path, params={"method": "llm", "sentences": 2}).json()
    assert down.status_code == 200 and down.json()["llm"]["code"] == "llm_server_error"
    assert down.headers["cache-control"] == "no-store"
    assert up["method"] == "llm" and up["guard"]["removed"] == []


def test_api_without_a_server_falls_back(client: TestClient, auth: dict[str, str]) -> None:
    article_id = add_story(client, auth)
    url_path = f"/api/v1/articles/{article_id}/summary"
    down = client.get(url_path, params={"method": "llm", "sentences": 2})
    assert down.status_code == 200 and down.json()["llm"]["code"] == "llm_not_configured"
    assert down.headers["cache-control"] == "no-store"


def test_ai_rewrite_is_offered_only_while_the_llm_answers(
    settings: Settings, store: Store, client: TestClient, auth: dict[str, str]
) -> None:
    article_id = add_story(client, auth)
    fragment = client.get(f"/articles/{article_id}/summary/fragment").text
    assert "data-ai-stream" not in fragment and "AI rewrite" not in fragment
    page = client.get(f"/articles/{article_id}/summary", params={"ai": 1}).text
    assert "AI rewrite unavailable: the AI model is not available right now." in page
    assert "NEWSBRIEF_LLM_URL" not in page and "not configured" not in page
    assert "picked from the article" in page and 'aria-pressed="true">AI' not in page
    with (
        scripted(Step(text=GOOD)) as (url, script),
        site(settings, store, LlmSettings(url=url)) as up,
    ):
        points = up.get(f"/articles/{article_id}/summary/fragment?length=points").text
        assert "data-ai-stream" in points and "stream?points=5" in points
        up.get(f"/articles/{article_id}/summary/fragment")
        assert script.pings == 1  # the health check's answer is kept a while


def test_a_slow_llm_summary_never_holds_up_writers(
    settings: Settings, store: Store, auth: dict[str, str]
) -> None:
    """While an LLM summary waits for a slow server, storing articles goes on: the summary is
    computed outside any transaction (inside SQLite's write transaction, every writer waited
    for the LLM, then failed with "database is locked")."""
    with (
        scripted(Step(text=GOOD, delay=4.0)) as (url, script),
        site(settings, store, LlmSettings(url=url, retries=0)) as client,
    ):
        article_id = add_story(client, auth)
        summary: list[int] = []
        asking = threading.Thread(
            target=lambda: summary.append(
                client.get(f"/api/v1/articles/{article_id}/summary?method=llm").status_code
            )
        )
        asking.start()
        deadline = time.monotonic() + 10
        while not script.requests:
            assert time.monotonic() < deadline, "the LLM was never asked"
            time.sleep(0.02)
        started = time.monotonic()
        stored = client.post("/api/v1/articles", json={"text": THIRD}, headers=auth)
        writing = time.monotonic() - started
        asking.join()
    assert stored.status_code == 201 and summary == [200]
    assert writing < 2.0, f"storing waited {writing:.1f} s for the LLM"
