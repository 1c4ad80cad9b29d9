"""Summaries by URL: an unchanged page is revalidated (conditional GET) and never summarized again,
a changed one gets a new summary, a pushed article is used without fetching, the last summary
stands while the publisher's server is down, and 50 concurrent first requests fetch and compute
once. Against a real publisher server on 127.0.0.1 (and uvicorn for the concurrent requests)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
import uvicorn
from hypothesis import given, settings
from hypothesis import strategies as st
from publisher_site import (
    API_TOKEN,
    STORY,
    Newsbrief,
    Page,
    PublisherSite,
    article_page,
    empty_tables,
    newsbrief_for,
    serving,
    wait_for,
)

from newsbrief.config import Settings
from newsbrief.errors import InputError
from newsbrief.storage import Store
from newsbrief.storage.pages import PageStore
from newsbrief.storage.sites import Publishers
from newsbrief.web.app import create_app
from newsbrief.web.by_url import WIDGET_LENGTHS, page_url, widget_length

CHANGED = [
    "The harbour ferry was withdrawn again on Thursday after a fault in the new hybrid engines. "
    "The operator said repairs would take at least a fortnight.",
    *STORY[1:],
]


@pytest.fixture
def publisher() -> Iterator[PublisherSite]:
    with serving("127.0.0.1") as site:
        site.pages["/ferry"] = Page(article_page(service=None))
        yield site


def _stale(nb: Newsbrief, path: str) -> bool:
    key = (nb.publisher.url(path), "points", "news")
    cached = nb.embed.responses.get(key)
    return cached is not None and not cached.fresh(time.monotonic())


def test_pages_are_revalidated_and_only_a_changed_one_is_summarized_again(
    store: Store, publisher: PublisherSite
) -> None:
    with newsbrief_for(store, publisher, embed_ttl=0.3) as nb:
        first = nb.summary("/ferry").json()
        wait_for(lambda: _stale(nb, "/ferry"), message="the answer to go stale")
        same = nb.summary("/ferry").json()
        assert same == first
        fetches = publisher.fetches("/ferry")
        assert len(fetches) == 2 and fetches[1].headers.get("If-None-Match")  # conditional
        assert nb.embed.summaries.computations == 1  # 304: nothing summarized again

        publisher.pages["/ferry"] = Page(article_page(service=None, paragraphs=CHANGED))
        wait_for(lambda: _stale(nb, "/ferry"), message="the answer to go stale")
        changed = nb.summary("/ferry").json()
        assert changed["sentences"][0]["text"].startswith("The harbour ferry was withdrawn")
        assert nb.embed.summaries.computations == 2


def test_the_last_summary_stands_while_the_publisher_is_down(
    store: Store, publisher: PublisherSite
) -> None:
    with newsbrief_for(store, publisher, embed_ttl=0.3) as nb:
        first = nb.summary("/ferry")
        publisher.close()
        wait_for(lambda: _stale(nb, "/ferry"), message="the answer to go stale")
        again = nb.summary("/ferry")
        assert again.status_code == 200 and again.content == first.content


def test_a_pushed_article_is_used_without_fetching(store: Store, publisher: PublisherSite) -> None:
    with newsbrief_for(store, publisher) as nb:
        url = publisher.url("/ferry")
        pushed = {"text": "\n\n".join(CHANGED), "title": "Ferry Withdrawn", "url": url}
        headers = {"Authorization": f"Bearer {API_TOKEN}"}
        assert nb.client.post("/api/v1/articles", json=pushed, headers=headers).status_code == 201
        body = nb.summary("/ferry").json()
        assert body["title"] == "Ferry Withdrawn"
        assert body["sentences"][0]["text"].startswith("The harbour ferry was withdrawn")
    assert publisher.fetches("/ferry") == []


def test_a_page_fetched_by_another_worker_is_not_fetched_again(
    store: Store, publisher: PublisherSite
) -> None:
    with newsbrief_for(store, publisher) as nb:
        nb.summary("/ferry")
    # That worker checked the page 200 s ago: this one takes its answer for the 100 s left.
    PageStore(store.engine).unchanged(
        publisher.url("/ferry"), datetime.now(UTC) - timedelta(seconds=200)
    )
    with newsbrief_for(store, publisher, empty=False) as other_worker:
        assert other_worker.summary("/ferry").status_code == 200
        cached = other_worker.embed.responses.get((publisher.url("/ferry"), "points", "news"))
        assert cached is not None
        assert 90 < cached.fresh_until - time.monotonic() <= 100
    assert len(publisher.fetches("/ferry")) == 1


@pytest.fixture
def live_newsbrief(store: Store, publisher: PublisherSite) -> Iterator[tuple[str, str, Store]]:
    """The real app under uvicorn on a free 127.0.0.1 port, the publisher registered."""
    empty_tables(store)
    site = Publishers(store.engine).add(["127.0.0.1"], [publisher.origin], allow_private=True)
    app = create_app(Settings(database_url="unused://", embed_per_minute=1000), store=store)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    wait_for(lambda: server.started or not thread.is_alive(), 20, "uvicorn to start")
    port = server.servers[0].sockets[0].getsockname()[1]
    app.state.embed.usage.interval = 0.1
    try:
        yield f"http://127.0.0.1:{port}", site.key, store
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def test_fifty_concurrent_first_requests_fetch_and_compute_once(
    live_newsbrief: tuple[str, str, Store], publisher: PublisherSite
) -> None:
    base, key, store = live_newsbrief
    publisher.pages["/slow"] = Page(article_page(service=None), delay=0.5)
    barrier = threading.Barrier(50)
    bodies: list[bytes] = []
    lock = threading.Lock()

    def ask() -> None:
        with httpx.Client(timeout=30) as client:
            barrier.wait()
            response = client.get(
                f"{base}/api/v1/summary",
                params={"url": publisher.url("/slow"), "site": key},
                headers={"Origin": publisher.origin},
            )
            assert response.status_code == 200, response.text
            with lock:
                bodies.append(response.content)

    threads = [threading.Thread(target=ask) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(bodies) == 50 and len(set(bodies)) == 1
    assert len(publisher.fetches("/slow")) == 1
    publishers = Publishers(store.engine)
    wait_for(lambda: publishers.all()[0].served == 50, 10, "the usage to be written")
    counted = publishers.all()[0]
    assert counted.served - counted.cache_hits == 1  # computed once, 49 answered without


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("HTTPS://News.Example:443/a/b?id=7#top", "https://news.example/a/b?id=7"),
        ("http://news.example:8080", "http://news.example:8080/"),
        ("https://n.example/a?utm_source=x&id=1&fbclid=y&UTM_medium=z", "https://n.example/a?id=1"),
        ("https://n.example/a?b=%20c&&d", "https://n.example/a?b=%20c&d"),
        ("http://[::1]:80/x", "http://[::1]/x"),
    ],
)
def test_page_urls_are_normalised(raw: str, expected: str) -> None:
    assert page_url(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "   ", "ftp://a.example/x", "https://u:p@a.example/", "//a.example/", "a" * 3000]
)
def test_what_is_not_a_page_url_is_refused(raw: str) -> None:
    with pytest.raises(InputError) as refused:
        page_url(raw)
    assert refused.value.code == "invalid_url"


_PATHS = st.text(st.sampled_from("abc/-_.~%20"), max_size=20)
_QUERIES = st.lists(
    st.tuples(
        st.sampled_from(["id", "utm_source", "page", "fbclid", "q"]), st.text("xyz", max_size=3)
    )
)


@given(st.sampled_from(["http", "HTTPS"]), st.sampled_from(["A.example", "b.example:8443"]),
       _PATHS, _QUERIES)  # fmt: skip
@settings(max_examples=200)
def test_normalising_twice_changes_nothing_and_drops_every_tracker(
    scheme: str, host: str, path: str, query: list[tuple[str, str]]
) -> None:
    raw = f"{scheme}://{host}/{path}?" + "&".join(f"{k}={v}" for k, v in query)
    once = page_url(raw)
    assert page_url(once) == once
    assert "utm_" not in once and "fbclid" not in once
    kept = [f"{k}={v}" for k, v in query if k in ("id", "page", "q")]
    assert once.endswith(("?" + "&".join(kept)) if kept else "/" + path)


def test_widget_lengths_follow_the_reader_site_presets() -> None:
    assert set(WIDGET_LENGTHS) == {"short", "medium", "points"}
    # Key points are the default, and an old length="bullets" gets them.
    assert widget_length(None).name == "points" and widget_length("").name == "points"
    assert widget_length("bullets") == widget_length("points")
    assert widget_length("points").layout == "list"
    assert widget_length("points").options("news").points == 5
    assert widget_length("short").layout == "paragraph"
    assert widget_length("medium").options("lead").sentences == 4
    with pytest.raises(InputError) as unknown:
        widget_length("points-of-view")
    assert unknown.value.code == "unknown_length"
