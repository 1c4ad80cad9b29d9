"""The REST API: reading, summaries, writing with a token, one error shape, limits."""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import replace
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsbrief import summarizers
from newsbrief.config import Settings
from newsbrief.storage import Store
from newsbrief.web.app import create_app

STORY = (
    "The regional rail operator will add forty trains a day from June, its chief executive said "
    "on Monday. The extra services will run mostly at peak hours on the two busiest lines. "
    "Fares will not rise this year, the operator added, despite higher energy costs. "
    "Passenger groups welcomed the news but asked for more late-night trains. "
    "The operator said it would review night services in the autumn. "
    "New carriages ordered last year will arrive in stages from March."
)


def post(client: TestClient, body: object, headers: dict[str, str]) -> Any:
    return client.post("/api/v1/articles", json=body, headers=headers)


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, str]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code
    detail: dict[str, str] = body["error"]
    return detail


def test_post_list_get_and_summary(client: TestClient, auth: dict[str, str]) -> None:
    created = post(
        client, {"text": STORY, "title": "More trains", "url": "https://r.example/t"}, auth
    )
    assert created.status_code == 201, created.text
    report = created.json()
    assert (report["added"], report["skipped"], report["failed"]) == (1, 0, 0)
    article_id = report["items"][0]["id"]
    again = post(client, {"text": STORY}, auth)
    assert again.status_code == 200 and again.json()["items"][0]["status"] == "skipped"

    listing = client.get("/api/v1/articles").json()
    assert listing["total"] == 1 and listing["items"][0]["title"] == "More trains"
    assert listing["items"][0]["source"] == "r.example"
    one = client.get(f"/api/v1/articles/{article_id}").json()
    assert one["text"].startswith("The regional rail operator")
    found = client.get("/api/v1/articles", params={"q": "carriages"}).json()
    assert [a["id"] for a in found["items"]] == [article_id]

    summary = client.get(f"/api/v1/articles/{article_id}/summary", params={"sentences": 2})
    assert summary.status_code == 200
    data = summary.json()
    assert data["article_id"] == article_id and len(data["sentences"]) == 2
    for sentence in data["sentences"]:
        assert one["text"][sentence["start"] : sentence["end"]] == sentence["text"]
    words = client.get(f"/api/v1/articles/{article_id}/summary", params={"words": 25}).json()
    assert words["words"] <= 25


@pytest.mark.parametrize("method", summarizers.available())
def test_every_registered_method_is_served(
    client: TestClient, auth: dict[str, str], method: str
) -> None:
    article_id = post(client, {"text": STORY}, auth).json()["items"][0]["id"]
    response = client.get(f"/api/v1/articles/{article_id}/summary", params={"method": method})
    # With no LLM server configured, the abstractive method answers with its extractive fallback.
    expected = "news" if method in summarizers.ABSTRACTIVE else method
    assert response.status_code == 200 and response.json()["method"] == expected


def test_summary_formats(client: TestClient, auth: dict[str, str]) -> None:
    article_id = post(client, {"text": STORY}, auth).json()["items"][0]["id"]
    url = f"/api/v1/articles/{article_id}/summary"
    as_json = client.get(url, params={"sentences": 2}).json()
    plain = client.get(url, params={"sentences": 2, "format": "text"})
    assert plain.headers["content-type"].startswith("text/plain")
    assert plain.text.strip() == as_json["summary"]
    markdown = client.get(url, params={"sentences": 2, "format": "markdown"}).text
    assert markdown.count("\n- ") + markdown.startswith("- ") == 2
    assert_error(client.get(url, params={"format": "pdf"}), 422, "invalid_request")


def test_key_points_by_the_api(client: TestClient, auth: dict[str, str]) -> None:
    article_id = post(client, {"text": STORY}, auth).json()["items"][0]["id"]
    url = f"/api/v1/articles/{article_id}/summary"
    points = client.get(url, params={"points": 3})
    assert points.status_code == 200, points.text
    assert len(points.json()["sentences"]) == 3
    markdown = client.get(url, params={"points": 3, "format": "markdown"})
    assert markdown.headers["content-type"].startswith("text/markdown")
    lines = markdown.text.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("- ") for line in lines)
    for other in ({"sentences": 2}, {"words": 30}, {"ratio": 0.5}):
        conflict = client.get(url, params={"points": 3, **other})
        assert_error(conflict, 400, "conflicting_length")
    assert_error(client.get(url, params={"points": 0}), 422)
    said = client.post("/api/v1/summarize", json={"text": STORY, "points": 2})
    assert said.status_code == 200 and len(said.json()["sentences"]) == 2


def test_summary_is_computed_once_under_concurrent_requests(
    settings: Settings, auth: dict[str, str], store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One client address asking 8 at once: let it (the limits have their own tests).
    app = create_app(replace(settings, busy_per_client=8), store=store)
    with TestClient(app) as client:
        _computed_once(client, auth, monkeypatch)


def _computed_once(
    client: TestClient, auth: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    article_id = post(client, {"text": STORY}, auth).json()["items"][0]["id"]
    calls: list[int] = []
    real_segment = summarizers.segment
    lock = threading.Lock()

    def counting_segment(article: Any) -> Any:
        with lock:
            calls.append(1)
        return real_segment(article)

    monkeypatch.setattr(summarizers, "segment", counting_segment)
    barrier = threading.Barrier(8)
    statuses: list[int] = []

    def ask() -> None:
        barrier.wait()
        statuses.append(
            client.get(f"/api/v1/articles/{article_id}/summary?sentences=3").status_code
        )

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 8
    assert len(calls) == 1


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic dGVzdA=="}]
)
def test_writing_needs_the_token(client: TestClient, store: Store, headers: dict[str, str]) -> None:
    response = client.post("/api/v1/articles", json={"text": STORY}, headers=headers)
    assert_error(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"
    # Even a malformed body gets 401 first, and nothing is written.
    assert_error(client.post("/api/v1/articles", content=b"{", headers=headers), 401)
    assert store.articles.count() == 0


def test_without_a_configured_token_nobody_writes(store: Store) -> None:
    app = create_app(Settings(database_url="sqlite://", api_token=None), store=store)
    with TestClient(app) as client:
        assert_error(client.post("/api/v1/articles", json={"text": STORY}, headers={}), 401)
        assert_error(
            client.post(
                "/api/v1/articles", json={"text": STORY}, headers={"Authorization": "Bearer "}
            ),
            401,
        )


def test_malformed_and_invalid_bodies(client: TestClient, auth: dict[str, str]) -> None:
    bad_json = client.post(
        "/api/v1/articles",
        content=b'{"text": "x",',
        headers={**auth, "content-type": "application/json"},
    )
    assert "malformed JSON" in assert_error(bad_json, 422, "invalid_json")["message"]
    assert_error(post(client, {"text": STORY, "colour": "red"}, auth), 422, "invalid_request")
    assert_error(post(client, {"title": "no body"}, auth), 400, "missing_field")
    assert_error(post(client, {"text": STORY, "published": "soon"}, auth), 400, "invalid_field")
    batch = post(client, [{"text": STORY}, {"title": "no body"}], auth)
    assert batch.status_code == 201
    assert [i["status"] for i in batch.json()["items"]] == ["added", "failed"]


@pytest.mark.parametrize("published", ["9999-12-31T23:59:59-23:59", "0001-01-01T00:00:00+14:00"])
def test_a_date_utc_cannot_hold_is_a_400_not_a_500(
    client: TestClient, store: Store, auth: dict[str, str], published: str
) -> None:
    """issue 14: such a date was a 500 on both databases (UTC could not place it). It is the
    record's ``invalid_field`` now, and the articles around it in one body are still stored."""
    alone = assert_error(post(client, {"text": STORY, "published": published}, auth), 400)
    assert alone["code"] == "invalid_field" and "'published'" in alone["message"]
    batch = post(client, [{"text": STORY}, {"text": THREE, "published": published}], auth)
    assert batch.status_code == 201
    assert [i["status"] for i in batch.json()["items"]] == ["added", "failed"]
    assert store.articles.count() == 1


def test_bodies_follow_the_record_rules(
    client: TestClient, store: Store, auth: dict[str, str]
) -> None:
    """New rules: a boolean id is refused (validation alone would store it as 1), and so is an
    article given twice (``text`` used to win)."""
    refused = assert_error(post(client, {"text": STORY, "id": True}, auth), 400, "invalid_field")
    assert "'id'" in refused["message"]
    both = assert_error(post(client, {"text": STORY, "article": STORY}, auth), 400)
    assert both["code"] == "invalid_record" and "'text' and 'article'" in both["message"]
    assert_error(client.post("/api/v1/summarize", json={"text": STORY, "html": "<p>x</p>"}), 400)
    assert store.articles.count() == 0
    stored = post(client, {"article": STORY, "id": 12}, auth).json()["items"][0]
    assert store.articles.get(stored["id"]).external_id == "12"


def test_unknown_ids_and_routes_are_404(client: TestClient) -> None:
    for path in ["/api/v1/articles/999", "/api/v1/articles/abc", "/api/v1/articles/99999999999999"]:
        assert_error(client.get(path), 404)
    assert_error(client.get("/api/v1/articles/999/summary"), 404, "article_not_found")
    assert_error(client.get("/api/v1/nothing"), 404)


def test_bad_summary_options_are_400(client: TestClient, auth: dict[str, str]) -> None:
    article_id = post(client, {"text": STORY}, auth).json()["items"][0]["id"]
    url = f"/api/v1/articles/{article_id}/summary"
    message = assert_error(client.get(url, params={"method": "magic"}), 400, "unknown_method")
    assert all(name in message["message"] for name in summarizers.available())
    assert_error(client.get(url, params={"sentences": 2, "words": 10}), 400, "conflicting_length")
    assert_error(client.get(url, params={"sentences": 0}), 422)


def test_summarize_text_and_html_without_storing(client: TestClient, store: Store) -> None:
    response = client.post("/api/v1/summarize", json={"text": STORY, "sentences": 2})
    assert response.status_code == 200
    assert len(response.json()["sentences"]) == 2
    html = (
        "<html><body><article>"
        + "".join(f"<p>{s}.</p>" for s in STORY.split(". "))
        + "</article></body></html>"
    )
    assert client.post("/api/v1/summarize", json={"html": html}).status_code == 200
    assert store.articles.count() == 0
    assert_error(client.post("/api/v1/summarize", json={}), 400)
    assert_error(client.post("/api/v1/summarize", json={"text": "   "}), 400, "empty_input")


def test_summarize_is_rate_limited(store: Store) -> None:
    settings = Settings(database_url="sqlite://", summarize_per_minute=3)
    with TestClient(create_app(settings, store=store)) as client:
        codes = [
            client.post("/api/v1/summarize", json={"text": STORY}).status_code for _ in range(5)
        ]
        assert codes == [200, 200, 200, 429, 429]
        limited = client.post("/api/v1/summarize", json={"text": STORY})
        assert_error(limited, 429, "rate_limited")
        assert int(limited.headers["retry-after"]) >= 1


def test_oversized_bodies_get_413(store: Store, auth: dict[str, str]) -> None:
    settings = Settings(
        database_url="sqlite://", api_token=auth["Authorization"][7:], max_body_bytes=1000
    )
    with TestClient(create_app(settings, store=store)) as client:
        big = {"text": "word " * 1000}
        assert_error(client.post("/api/v1/summarize", json=big), 413, "too_large")
        assert_error(client.post("/api/v1/articles", json=big, headers=auth), 413, "too_large")

        def chunks() -> Any:
            yield b'{"text": "'
            for _ in range(50):
                yield b"word " * 10
            yield b'"}'

        # Streamed without a Content-Length: counted as it arrives.
        streamed = client.post(
            "/api/v1/summarize", content=chunks(), headers={"content-type": "application/json"}
        )
        assert_error(streamed, 413, "too_large")
    assert store.articles.count() == 0


def test_a_page_too_complex_to_extract_gets_413_fast(client: TestClient) -> None:
    # issue 14: this 1.98 MB body cost 243 s of CPU; extraction now refuses it before it runs
    start = time.perf_counter()
    answer = client.post("/api/v1/summarize", json={"html": "<p>a.</p>" * 220_000})
    assert time.perf_counter() - start < 3.0
    assert_error(answer, 413, "too_complex")


def test_health_docs_and_openapi(client: TestClient) -> None:
    health = client.get("/api/v1/health").json()
    assert health["status"] == "ok" and health["articles"] == 0
    assert health["methods"] == summarizers.available()
    assert client.get("/api/v1/methods").json() == summarizers.describe()
    spec = client.get("/openapi.json").json()
    for path in ["/api/v1/articles", "/api/v1/articles/{article_id}/summary", "/api/v1/summarize"]:
        assert path in spec["paths"]
    assert "requestBody" in spec["paths"]["/api/v1/articles"]["post"]
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/docs-assets/swagger-ui-bundle.js" in docs.text
    assert client.get("/docs-assets/swagger-ui-bundle.js").status_code == 200


HOSTILE_TEXT = ["a\x00b", "a\ud800b"]  # NUL; a lone surrogate (JSON's "\ud800"), not UTF-8


@pytest.mark.parametrize("value", HOSTILE_TEXT)
@pytest.mark.parametrize("field", ["text", "html", "title", "url", "author", "published", "id"])
def test_nul_or_a_lone_surrogate_in_a_body_is_a_clear_400(
    client: TestClient, store: Store, auth: dict[str, str], field: str, value: str
) -> None:
    """Neither database stores a NUL (PostgreSQL refuses it) nor a lone surrogate (no UTF-8):
    every body field that reaches SQL is checked first, so the answer is a 4xx, never 500
    (the JSON reader already refuses a lone surrogate as malformed JSON)."""
    body = {"text": STORY, field: value} if field not in {"text", "html"} else {field: value * 20}
    raw = json.dumps(body).encode()  # json.dumps writes the surrogate as "\ud800"
    headers = {**auth, "content-type": "application/json"}
    single = client.post("/api/v1/articles", content=raw, headers=headers)
    assert_error(single, 422 if single.status_code == 422 else 400)
    good = json.dumps({"text": "The ferry sailed on time. Nobody complained."}).encode()
    listed = client.post(
        "/api/v1/articles", content=b"[" + good + b"," + raw + b"]", headers=headers
    )
    if listed.status_code != 422:
        assert listed.status_code == 201
        assert [item["status"] for item in listed.json()["items"]] == ["added", "failed"]
    assert store.articles.count() == (listed.status_code != 422)


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/articles?q=a%00b",
        "/?q=a%00b",
        "/api/v1/articles?q=%00",
        "/api/v1/articles?q=a%ED%A0%80b",
        "/?q=a%ED%A0%80b",
        "/api/v1/articles/1%00",
        "/api/v1/articles/1%00/summary",
        "/articles/1%00",
        "/api/v1/articles/1/summary?method=news%00",
        "/articles/1/summary?length=short%00",
    ],
)
def test_nul_in_a_query_or_path_is_never_a_500(
    client: TestClient, auth: dict[str, str], path: str
) -> None:
    post(client, {"text": STORY, "title": "a b"}, auth)
    response = client.get(path)
    assert response.status_code < 500, response.text


THREE = "The ferry left at dawn. The sea was calm all morning. It reached the island by noon."


@pytest.mark.parametrize("order", [("0.4999999", "0.5"), ("0.5", "0.4999999")])
def test_a_ratio_is_its_own_summary_in_either_order(
    client: TestClient, auth: dict[str, str], order: tuple[str, str]
) -> None:
    """0.4999999 of 3 sentences is 1, 0.5 is 2: whichever is asked first, the other must not be
    served from its cache entry (the key once formatted the ratio with ``:g``)."""
    article_id = post(client, {"text": THREE}, auth).json()["items"][0]["id"]
    expected = {"0.4999999": 1, "0.5": 2}
    for ratio in order:
        answer = client.get(f"/api/v1/articles/{article_id}/summary", params={"ratio": ratio})
        assert len(answer.json()["sentences"]) == expected[ratio], ratio


def test_spellings_of_one_request_share_an_answer_and_others_do_not(
    client: TestClient, auth: dict[str, str]
) -> None:
    """The per-worker response memory is keyed by what the request means: every spelling of
    one ratio (and of one id) gets that ratio's summary, and a different ratio never does."""
    article_id = post(client, {"text": THREE}, auth).json()["items"][0]["id"]

    def count(ident: str, ratio: str, fmt: str = "json") -> int:
        answer = client.get(
            f"/api/v1/articles/{ident}/summary", params={"ratio": ratio, "format": fmt}
        )
        assert answer.status_code == 200, answer.text
        if fmt == "json":
            return len(answer.json()["sentences"])
        return answer.text.count(".")  # each sentence of THREE ends with its only full stop

    assert count(str(article_id), "0.4999999") == 1
    for ratio in ["0.50", "5e-1", "0.5", "0.500000000000000001"]:
        assert count(str(article_id), ratio) == 2, ratio
        assert count(f"0{article_id}", ratio) == 2, ratio
        assert count(str(article_id), ratio, "text") == 2, ratio
    assert count(f"00{article_id}", "0.4999999") == 1
    assert count(str(article_id), "0.4999999", "markdown") == 1


def test_markdown_escapes_what_article_text_could_smuggle_in(
    client: TestClient, auth: dict[str, str]
) -> None:
    """Markdown shown by a renderer must not run or link what an article says: the API escapes
    it the way the CLI does."""
    text = (
        "The notice linked [the results](javascript:alert(1)) in its first line. "
        "The page then showed <script>alert(2)</script> in the middle. "
        "An image <img src=x onerror=alert(3)> closed the story."
    )
    # A title of its own: without one the first sentence becomes the title, and a summary
    # leaves out a sentence that repeats the title.
    body = {"text": text, "title": "A strange notice"}
    article_id = post(client, body, auth).json()["items"][0]["id"]
    markdown = client.get(
        f"/api/v1/articles/{article_id}/summary", params={"sentences": 3, "format": "markdown"}
    ).text
    assert markdown.count("\n") == 3
    # Every character that opens a tag or a link arrives escaped.
    assert re.search(r"(?<!\\)[<>\[\]]", markdown) is None, markdown
    assert "\\<script\\>" in markdown and "\\[the results\\]" in markdown


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/docs-assets/swagger-ui.css", 200),
        ("/docs-assets/swagger-ui-bundle.js", 200),
        ("/docs-assets/oauth2-redirect.html", 404),
        ("/docs-assets/index.html", 404),
        ("/docs-assets/swagger-initializer.js", 404),
        ("/docs-assets/..%2F__init__.py", 404),
    ],
)
def test_only_the_docs_page_assets_are_served(client: TestClient, path: str, status: int) -> None:
    assert client.get(path).status_code == status
