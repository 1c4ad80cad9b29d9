"""The widget's endpoints: who may ask (key, origin, domain), CORS for registered origins only,
one error shape, limits per client and per site, the memory-only hot path, and embed.js itself.
Against a real publisher server on 127.0.0.1."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from typing import Any

import pytest
from publisher_site import (
    STORY,
    TITLE,
    Newsbrief,
    Page,
    PublisherSite,
    article_page,
    newsbrief_for,
    serving,
    wait_for,
)
from sqlalchemy import event

from newsbrief.storage import Store
from newsbrief.storage.sites import Publishers
from newsbrief.web.embed_state import SCRIPT

EMBED_BUDGET_BYTES = 8 * 1024


@pytest.fixture
def publisher() -> Iterator[PublisherSite]:
    with serving("127.0.0.1") as site:
        site.pages["/ferry"] = Page(article_page(service=None))
        yield site


@pytest.fixture
def nb(store: Store, publisher: PublisherSite) -> Iterator[Newsbrief]:
    with newsbrief_for(store, publisher) as made:
        yield made


def assert_error(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"] == code and body["error"]["message"]


def test_a_page_is_summarized_by_its_url(nb: Newsbrief, publisher: PublisherSite) -> None:
    response = nb.summary("/ferry", length="short")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["title"] == TITLE and body["method"] == "news"
    assert (body["length"], body["layout"]) == ("short", "paragraph")
    assert body["url"] == publisher.url("/ferry")
    story = " ".join(STORY)
    assert len(body["sentences"]) == 2
    for sentence in body["sentences"]:
        assert sentence["text"] in story
        assert sentence["end"] - sentence["start"] == len(sentence["text"])
    assert body["summary"] == " ".join(s["text"] for s in body["sentences"])
    assert response.headers["access-control-allow-origin"] == publisher.origin
    assert "Origin" in response.headers["vary"]
    assert "set-cookie" not in response.headers
    assert [h.path for h in publisher.fetches("/ferry")] == ["/ferry"]
    # Key points are the widget's default, and an old length=bullets gets them too.
    points = nb.summary("/ferry").json()
    assert (points["length"], points["layout"]) == ("points", "list")
    assert len(points["sentences"]) == 5
    assert nb.summary("/ferry", length="bullets").json() == points
    assert len(publisher.fetches("/ferry")) == 1  # the page is fetched once for every length


def test_a_cached_answer_needs_no_database_and_no_fetch(nb: Newsbrief, store: Store) -> None:
    first = nb.summary("/ferry")
    checkouts: list[int] = []
    event.listen(store.engine, "checkout", lambda *_args: checkouts.append(1))
    for _ in range(20):
        again = nb.summary("/ferry")
        assert again.status_code == 200 and again.content == first.content
    assert checkouts == []
    assert (nb.embed.summaries.fetches, nb.embed.summaries.computations) == (1, 1)


@pytest.mark.parametrize(
    ("change", "status", "code", "cors"),
    [
        ({"key": "pk_" + "0" * 32}, 403, "site_not_found", False),
        ({"key": ""}, 403, "site_not_found", False),
        ({"origin": "http://127.0.0.1:1"}, 403, "origin_refused", False),
        ({"origin": "null"}, 403, "origin_refused", False),
        ({"origin": None}, 403, "origin_refused", False),
        ({"path": "https://elsewhere.example/ferry"}, 403, "url_refused", True),
        ({"path": "javascript:alert(1)"}, 400, "invalid_url", True),
        ({"path": "http://user@127.0.0.1/ferry"}, 400, "invalid_url", True),
        ({"length": "huge"}, 400, "unknown_length", True),
        ({"method": "magic"}, 400, "unknown_method", True),
    ],
)
def test_refusals_have_one_shape_and_fetch_nothing(
    nb: Newsbrief,
    publisher: PublisherSite,
    change: dict[str, Any],
    status: int,
    code: str,
    cors: bool,
) -> None:
    change = dict(change)  # the parameters are shared by both databases' runs
    path = change.pop("path", "/ferry")
    response = nb.summary(path, **change)
    assert_error(response, status, code)
    assert ("access-control-allow-origin" in response.headers) == cors
    if cors:
        assert response.headers["access-control-allow-origin"] == publisher.origin
    assert publisher.fetches("/ferry") == []


def test_the_referer_stands_in_for_a_missing_origin(
    nb: Newsbrief, publisher: PublisherSite
) -> None:
    headers = {"Referer": publisher.url("/ferry?from=home")}
    query = {"url": publisher.url("/ferry"), "site": nb.key}
    response = nb.client.get("/api/v1/summary", params=query, headers=headers)
    assert response.status_code == 200, response.text
    elsewhere = {"Referer": "https://evil.example/page"}
    assert_error(
        nb.client.get("/api/v1/summary", params=query, headers=elsewhere), 403, "origin_refused"
    )


def test_redirects_are_followed_within_the_site_only(
    nb: Newsbrief, publisher: PublisherSite
) -> None:
    publisher.pages["/old"] = Page(b"", status=301, headers={"Location": "/ferry"})
    publisher.pages["/away"] = Page(
        b"", status=302, headers={"Location": "http://elsewhere.example/ferry"}
    )
    assert nb.summary("/old").json()["title"] == TITLE
    assert_error(nb.summary("/away"), 502, "url_refused")


def test_a_site_on_a_private_address_needs_allow_private(
    store: Store, publisher: PublisherSite
) -> None:
    with newsbrief_for(store, publisher, allow_private=False) as nb:
        assert_error(nb.summary("/ferry"), 502, "forbidden_address")
    assert publisher.fetches("/ferry") == []


def test_a_page_without_an_article_is_refused_and_remembered(
    nb: Newsbrief, publisher: PublisherSite
) -> None:
    menu = "".join(f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(8))
    publisher.pages["/menu"] = Page(f"<html><body><ul>{menu}</ul></body></html>".encode())
    for _ in range(3):
        response = nb.summary("/menu")
        assert_error(response, 400, "no_article")
        assert response.headers["access-control-allow-origin"] == publisher.origin
    assert len(publisher.fetches("/menu")) == 1


def test_a_publisher_server_that_is_down_is_one_error(
    store: Store, publisher: PublisherSite
) -> None:
    with newsbrief_for(store, publisher) as nb:
        publisher.close()
        assert_error(nb.summary("/ferry"), 502, "connection_error")


def test_new_summaries_are_rate_limited_per_client_and_per_site(
    store: Store, publisher: PublisherSite
) -> None:
    for n in range(4):
        publisher.pages[f"/s{n}"] = Page(article_page(service=None, title=f"Story {n}"))
    with newsbrief_for(store, publisher, embed_per_minute=2, embed_site_per_minute=100) as nb:
        assert nb.summary("/s0").status_code == 200
        assert nb.summary("/s1").status_code == 200
        limited = nb.summary("/s2")
        assert_error(limited, 429, "rate_limited")
        assert int(limited.headers["retry-after"]) >= 1
        assert limited.headers["access-control-allow-origin"] == publisher.origin
        assert nb.summary("/s0").status_code == 200  # a cached answer costs nothing: not limited
    with newsbrief_for(store, publisher, embed_per_minute=100, embed_site_per_minute=2) as nb:
        other = Publishers(store.engine).add(["127.0.0.1"], [publisher.origin], allow_private=True)
        assert [nb.summary(f"/s{n}").status_code for n in range(3)] == [200, 200, 429]
        assert nb.summary("/s3", key=other.key).status_code == 200  # another site's budget


def test_a_site_added_or_removed_takes_effect_without_a_restart(
    nb: Newsbrief, store: Store, publisher: PublisherSite
) -> None:
    publishers = Publishers(store.engine)
    added = publishers.add(["127.0.0.1"], [publisher.origin], allow_private=True)
    assert nb.summary("/ferry", key=added.key).status_code == 200
    publishers.remove(added.key)
    nb.embed.directory.reload_every = 0.0
    wait_for(lambda: nb.summary("/ferry", key=added.key).status_code == 403, message="the removal")


def test_embed_js_is_small_cacheable_and_gzipped(nb: Newsbrief) -> None:
    plain = nb.client.get("/embed.js", headers={"Accept-Encoding": "identity"})
    assert plain.status_code == 200
    assert plain.headers["content-type"].startswith("text/javascript")
    assert plain.content == SCRIPT.read_bytes()
    assert "max-age" in plain.headers["cache-control"]
    assert plain.headers["cross-origin-resource-policy"] == "cross-origin"
    assert "set-cookie" not in plain.headers
    # httpx decodes gzip itself; the raw bytes on the wire are what the budget is about.
    with nb.client.stream("GET", "/embed.js", headers={"Accept-Encoding": "gzip"}) as zipped:
        assert zipped.headers["content-encoding"] == "gzip"
        wire = b"".join(zipped.iter_raw())
    assert gzip.decompress(wire) == plain.content
    assert len(wire) <= EMBED_BUDGET_BYTES, f"embed.js is {len(wire)} bytes gzipped"
    again = nb.client.get("/embed.js", headers={"If-None-Match": plain.headers["etag"]})
    assert again.status_code == 304


def test_the_llm_stand_in_is_answered_but_not_kept(nb: Newsbrief) -> None:
    first = nb.summary("/ferry", method="llm")
    assert first.status_code == 200, first.text
    assert json.loads(first.content)["llm"]["status"] == "fallback"
    nb.summary("/ferry", method="llm")
    assert nb.embed.summaries.computations == 2  # asked again: the LLM may answer next time


def test_the_endpoint_is_in_the_openapi_document(nb: Newsbrief) -> None:
    spec = nb.client.get("/openapi.json").json()
    operation = spec["paths"]["/api/v1/summary"]["get"]
    assert [p["name"] for p in operation["parameters"]] == ["url", "site", "length", "method"]
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/UrlSummaryOut"}
    fields = spec["components"]["schemas"]["UrlSummaryOut"]["properties"]
    assert {"url", "title", "summary", "sentences", "method", "layout"} <= set(fields)
    assert "/embed.js" not in spec["paths"]
