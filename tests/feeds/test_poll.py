"""Polling feeds into the real databases: each entry stored once, teasers completed from their
pages, failing feeds backed off without stopping the others, nothing stored ever lost."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from feed_site import BILLION_LAUGHS, LOOPBACK_ONLY, Route, Site, item, rss, serving, story
from sqlalchemy import text

from newsbrief.config import Settings
from newsbrief.feeds.poll import Poller
from newsbrief.net.fetch import Fetcher
from newsbrief.storage import Store
from newsbrief.storage.feeds import FeedRepository
from newsbrief.web.app import create_app


@pytest.fixture
def site() -> Iterator[Site]:
    with serving() as served:
        yield served


@pytest.fixture
def feeds(store: Store) -> FeedRepository:
    # The shared PostgreSQL database is emptied of articles by conftest; feeds are ours to clear.
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM feed_entries"))
        connection.execute(text("DELETE FROM feeds"))
    return FeedRepository(store.engine)


def poller(store: Store, feeds: FeedRepository, *, pages: bool = False, **kw: object) -> Poller:
    fetcher = Fetcher(LOOPBACK_ONLY, host_delay=0, **kw)  # type: ignore[arg-type]
    return Poller(feeds, store.articles, fetcher, fetch_pages=pages)


def test_poll_stores_each_entry_once_and_the_site_shows_its_source(
    site: Site, store: Store, feeds: FeedRepository, database_url: str
) -> None:
    site.routes["/feed"] = Route(
        rss([item("p1", site.url("/p1"), story(1)), item("p2", site.url("/p2"), story(2))])
    )
    _feed, created = feeds.add(site.url("/feed"))
    assert created and not feeds.add(site.url("/feed"))[1]
    first = poller(store, feeds).poll()
    assert (first[0].added, first[0].known, first[0].error) == (2, 0, None)
    assert store.articles.count() == 2
    # Unchanged: a conditional GET answered 304, nothing parsed.
    second = poller(store, feeds).poll()
    assert second[0].not_modified and site.requests[-1][1].get("If-None-Match")
    # A new entry alongside the old ones: only it is added.
    site.routes["/feed"] = Route(
        rss([item("p3", site.url("/p3"), story(3)), item("p1", site.url("/p1"), story(1))])
    )
    third = poller(store, feeds).poll()
    assert (third[0].added, third[0].known) == (1, 1)
    assert store.articles.count() == 3
    assert feeds.all()[0].entries == 3 and feeds.all()[0].title == "Eastport Gazette"
    app = create_app(Settings(database_url=database_url), store=store)
    with TestClient(app) as client:
        listing = client.get("/").text
        assert "127.0.0.1" in listing  # the source column
        first_id = store.articles.latest().items[0].id
        assert site.url("/p") in client.get(f"/articles/{first_id}").text


def test_teasers_take_the_linked_page_when_fetching_is_enabled(
    site: Site, store: Store, feeds: FeedRepository
) -> None:
    page = (
        "<html><head><title>Tram Line Opens</title></head><body><nav>Home | News</nav>"
        f"<article><h1>Tram Line Opens</h1><p>{story(5)}</p><p>{story(6)}</p></article>"
        "<footer>Contact us</footer></body></html>"
    )
    site.routes["/story"] = Route(page.encode(), content_type="text/html")
    site.routes["/feed"] = Route(rss([item("s1", site.url("/story"), "The tram line opens.")]))
    site.routes["/broken-feed"] = Route(rss([item("s2", site.url("/missing"), "A teaser.")]))
    feeds.add(site.url("/feed"))
    feeds.add(site.url("/broken-feed"))
    results = poller(store, feeds, pages=True).poll()
    assert results[0].added == 1
    stored = store.articles.latest().items[0]
    assert "district 5" in stored.article.text and "Home | News" not in stored.article.text
    assert stored.article.url == site.url("/story")
    # The page that answered 404: the entry is skipped with the reason, and retried next time.
    assert results[1].added == 0 and "HTTP 404" in results[1].skipped[0][1]
    other = page.replace("district 5", "district 50").replace("district 6", "district 60")
    site.routes["/missing"] = Route(other.encode(), content_type="text/html")
    assert poller(store, feeds, pages=True).poll()[1].added == 1


def test_a_failing_feed_is_recorded_backed_off_and_never_stops_the_poll(
    site: Site, store: Store, feeds: FeedRepository
) -> None:
    site.routes["/good"] = Route(rss([item("ok", site.url("/ok"), story(7))]))
    site.routes["/bad"] = Route(b"oops", status=503)
    site.routes["/slow"] = Route(rss([]), delay=1.5)
    for path in ("/bad", "/slow", "/good"):
        feeds.add(site.url(path))
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    results = poller(store, feeds, timeout=0.5).poll(now=now)
    assert [r.error is not None for r in results] == [True, True, False]
    assert "HTTP 503" in (results[0].error or "") and "timed out" in (results[1].error or "")
    assert results[2].added == 1
    bad = feeds.all()[0]
    assert bad.failures == 1 and bad.next_poll == now + timedelta(minutes=5)
    # The next poll within the backoff does not ask the failing site again.
    asked = len(site.requests)
    again = poller(store, feeds, timeout=0.5).poll(now=now + timedelta(minutes=1))
    assert "backing off" in (again[0].error or "")
    assert [p for p, _h in site.requests[asked:]].count("/bad") == 0
    # Failing again doubles the wait; then the site recovers and the count resets.
    poller(store, feeds, timeout=0.5).poll(now=now + timedelta(minutes=6))
    assert feeds.all()[0].failures == 2
    assert feeds.all()[0].next_poll == now + timedelta(minutes=16)
    site.routes["/bad"] = Route(rss([item("back", site.url("/back"), story(8))]))
    later = poller(store, feeds, timeout=0.5).poll(now=now + timedelta(hours=1))
    assert later[0].added == 1 and feeds.all()[0].failures == 0


def test_a_feed_turning_bad_loses_nothing_already_stored(
    site: Site, store: Store, feeds: FeedRepository
) -> None:
    site.routes["/feed"] = Route(rss([item("k1", site.url("/k1"), story(9))]))
    feeds.add(site.url("/feed"))
    poller(store, feeds).poll()
    for broken in (BILLION_LAUGHS, b"not a feed", rss([item("k1", None, "")])[:40]):
        site.routes["/feed"] = Route(broken)
        results = poller(store, feeds).poll(now=datetime.now(UTC) + timedelta(days=1))
        assert results[0].error is not None
        assert store.articles.count() == 1
