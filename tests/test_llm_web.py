"""The ``llm`` method on the site: the SSE stream (extractive first, guarded sentences, done or
fallback), the API's guard report, and no caching of fallbacks."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from scripted_llm import Step, scripted
from test_llm import GOOD, INVENTED, STORY


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
    client: TestClient, auth: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    article_id = add_story(client, auth)
    first = GOOD.split(". ")[0] + "."
    with scripted(Step(text=f"{first} {INVENTED}")) as (url, _):
        monkeypatch.setenv("NEWSBRIEF_LLM_URL", url)
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
    client: TestClient, auth: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    article_id = add_story(client, auth)
    with scripted(Step(status=503)) as (url, _):
        monkeypatch.setenv("NEWSBRIEF_LLM_URL", url)
        monkeypatch.setenv("NEWSBRIEF_LLM_RETRIES", "0")
        got = events(client.get(f"/api/v1/articles/{article_id}/summary/stream").text)
    assert [e for e, _ in got] == ["extractive", "fallback"]
    assert got[1][1]["code"] == "llm_server_error"


def test_api_reports_the_guard_and_does_not_cache_fallbacks(
    client: TestClient, auth: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    article_id = add_story(client, auth)
    url_path = f"/api/v1/articles/{article_id}/summary"
    monkeypatch.delenv("NEWSBRIEF_LLM_URL", raising=False)
    down = client.get(url_path, params={"method": "llm", "sentences": 2})
    assert down.status_code == 200 and down.json()["llm"]["code"] == "llm_not_configured"
    assert down.headers["cache-control"] == "no-store"
    with scripted(Step(text=GOOD)) as (url, _):
        monkeypatch.setenv("NEWSBRIEF_LLM_URL", url)
        up = client.get(url_path, params={"method": "llm", "sentences": 2}).json()
    assert up["method"] == "llm" and up["guard"]["removed"] == []


def test_summary_page_offers_the_ai_rewrite(
    client: TestClient, auth: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    article_id = add_story(client, auth)
    monkeypatch.delenv("NEWSBRIEF_LLM_URL", raising=False)
    fragment = client.get(f"/articles/{article_id}/summary/fragment").text
    assert "data-ai-stream" in fragment and "AI rewrite" in fragment
    page = client.get(f"/articles/{article_id}/summary", params={"ai": 1}).text
    assert "not configured" in page and "picked from the article" in page
