"""Polling feeds into the real databases: each entry stored once, teasers completed from their
pages, failing feeds backed off without stopping the others, nothing stored ever lost."""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from feed_site import BILLION_LAUGHS, LOOPBACK_ONLY, Route, Site, item, rss, serving, story
from sqlalchemy import text

from newsbrief.config import Settings
from newsbrief.feeds.poll import Poller, PollResult
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


def _wait_for(condition: Callable[[], bool], within: float) -> bool:
    """Whether ``condition`` held before ``within`` seconds passed (checked every 10 ms)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def test_hostile_entries_are_skipped_or_trimmed_and_the_poll_goes_on(
    site: Site, store: Store, feeds: FeedRepository
) -> None:
    site.routes["/json"] = Route(
        json.dumps(
            {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
                {"id": "h1", "url": "http://[oops", "content_text": story(21)},
                {"id": "h2", "authors": {"name": "x"}, "content_html": ["<p>x</p>"]},
                {"id": "h3", "authors": 5, "content_text": story(22),
                 "date_published": "9999-12-31T23:59:59-23:59"},
                {"id": "h4", "content_text": story(23),
                 "date_published": "0001-01-01T00:00:00+14:00"},
                {"id": "h5", "url": site.url("/h5"), "content_text": story(24)},
            ]}
        ).encode(),
        content_type="application/feed+json",
    )  # fmt: skip
    site.routes["/rss"] = Route(rss([item("r1", "http://[oops", story(25))]))
    feeds.add(site.url("/json"))
    feeds.add(site.url("/rss"))
    for day in range(2):  # and the next poll alike
        results = poller(store, feeds).poll(now=datetime.now(UTC) + timedelta(days=day))
        assert [r.error for r in results] == [None, None]
    assert store.articles.count() == 5
    # The JSON feed is fetched again in full (its empty entry was not stored); the RSS one
    # was stored whole, so it is asked conditionally and has not changed.
    assert results[0].known == 4 and results[1].not_modified


def test_any_failure_of_one_feed_is_recorded_and_never_stops_the_others(
    site: Site, store: Store, feeds: FeedRepository
) -> None:
    site.routes["/good"] = Route(rss([item("g", site.url("/g"), story(26))]))
    port = site.server.server_address[1]

    def resolver(host: str, _port: int) -> list[str]:
        if host == "buggy.example":
            raise RuntimeError("a bug in the resolver")
        return ["127.0.0.1"]

    feeds.add(f"http://buggy.example:{port}/feed")
    feeds.add(site.url("/good"))
    now = datetime(2026, 3, 1, tzinfo=UTC)
    fetcher = Fetcher(LOOPBACK_ONLY, host_delay=0, resolver=resolver)
    results = Poller(feeds, store.articles, fetcher).poll(now=now)
    assert "internal error" in (results[0].error or "") and "RuntimeError" in (
        results[0].error or ""
    )
    assert results[1].added == 1
    buggy = feeds.all()[0]
    assert buggy.failures == 1 and "RuntimeError" in (buggy.last_error or "")
    assert buggy.next_poll == now + timedelta(minutes=5)


def test_feeds_are_polled_at_once_and_a_trickling_one_stops_at_its_deadline(
    site: Site, store: Store, feeds: FeedRepository
) -> None:
    # The slow feed answers at once, then sends a byte every 50 ms: a minute in all.
    site.routes["/slow"] = Route(rss([item("s", site.url("/s"), story(27))]), trickle=0.05)
    site.routes["/fast"] = Route(rss([item("f", site.url("/f"), story(28))]))
    feeds.add(site.url("/slow"))
    feeds.add(site.url("/fast"))
    results: list[PollResult] = []
    started = time.monotonic()
    polling = threading.Thread(
        target=lambda: results.extend(poller(store, feeds, timeout=2.0).poll()), daemon=True
    )
    polling.start()
    # The fast feed is stored while the slow one is still being read...
    assert _wait_for(lambda: store.articles.count() == 1, within=1.5)
    assert "/slow" in site.active
    # ...and the slow one gives up at its deadline, not after its last byte.
    polling.join(timeout=10)
    assert not polling.is_alive() and time.monotonic() - started < 2.0 + 1.0
    assert "timed out after 2 s" in (results[0].error or "") and results[1].added == 1


def test_two_feeds_on_one_host_are_still_spaced_out(
    site: Site, store: Store, feeds: FeedRepository
) -> None:
    for path in ("/one", "/two", "/three"):
        site.routes[path] = Route(rss([]))
        feeds.add(site.url(path))
    fetcher = Fetcher(LOOPBACK_ONLY, host_delay=0.3)
    Poller(feeds, store.articles, fetcher).poll()
    times = sorted(at for _path, at in site.arrivals)
    assert len(times) == 3
    assert all(later - earlier >= 0.28 for earlier, later in itertools.pairwise(times))


def test_a_feed_cannot_claim_another_sites_url(
    site: Site, store: Store, feeds: FeedRepository, database_url: str
) -> None:
    port = site.server.server_address[1]
    claimed = f"http://www.example.com:{port}/news/world-123"
    copied = f"http://www.example.com:{port}/news/world-124"
    # Feed A invents a story at the publisher's address, and copies another one word for word.
    site.routes["/rumours"] = Route(
        rss([item("a1", claimed, story(30)), item("a2", copied, story(31))], title="Rumours")
    )
    # Feed B is the publisher's own (another host of the same registrable domain).
    site.routes["/news"] = Route(
        rss([item("b1", claimed, story(32)), item("b2", copied, story(31))], title="Example News")
    )
    fetcher = Fetcher(LOOPBACK_ONLY, host_delay=0, resolver=lambda _h, _p: ["127.0.0.1"])
    rumours, _ = feeds.add(f"http://rumours.example.org:{port}/rumours")
    poll = Poller(feeds, store.articles, fetcher)
    assert [(r.added, r.known) for r in poll.poll()] == [(2, 0)]
    news, _ = feeds.add(f"http://feeds.example.com:{port}/news")
    second = poll.poll()
    assert second[0].not_modified and (second[1].added, second[1].known) == (1, 1)
    again = poll.poll(now=datetime.now(UTC) + timedelta(days=1))
    assert all(r.added == 0 for r in again)
    by_url = {a.article.url: a for a in store.articles.latest().items}
    # The publisher's copy holds its URL; the copied story now belongs to the publisher too.
    assert by_url[claimed].article.text.startswith(story(32)[:40])
    assert by_url[claimed].source == "example.com" and by_url[claimed].feed_id == news.id
    assert by_url[copied].feed_id == news.id
    # The invented one is shown as what it is: a story from the rumours feed, claiming nothing.
    invented = by_url[None]
    assert invented.feed_id == rumours.id and invented.source == "rumours.example.org"
    app = create_app(Settings(database_url=database_url), store=store)
    with TestClient(app) as client:
        listed = {a["id"]: a for a in client.get("/api/v1/articles").json()["items"]}
        assert listed[invented.id]["source"] == "rumours.example.org"
        assert listed[invented.id]["url"] is None


def test_honest_feeds_still_share_one_copy_of_a_story(
    site: Site, store: Store, feeds: FeedRepository
) -> None:
    link = site.url("/story-1")
    site.routes["/a"] = Route(rss([item("x1", link, story(33))]))
    site.routes["/b"] = Route(rss([item("y1", link, story(33) + " Updated.")]))
    feeds.add(site.url("/a"))
    feeds.add(site.url("/b"))
    results = poller(store, feeds).poll()
    assert sorted((r.added, r.known) for r in results) == [(0, 1), (1, 0)]
    assert store.articles.count() == 1


def test_only_the_newest_entries_are_taken_per_poll(
    site: Site, store: Store, feeds: FeedRepository
) -> None:
    entries = [item(f"e{n}", site.url(f"/e{n}"), f"Entry number {n} of many.") for n in range(30)]
    site.routes["/many"] = Route(rss(entries))
    feeds.add(site.url("/many"))
    fetcher = Fetcher(LOOPBACK_ONLY, host_delay=0)
    result = Poller(feeds, store.articles, fetcher, max_entries=10).poll()[0]
    assert result.added == 10 and any("10 newest of 30" in note for note in result.notes)


def test_force_polls_feeds_in_backoff_and_a_refused_one_is_retried_once_allowed(
    site: Site, store: Store, feeds: FeedRepository
) -> None:
    site.routes["/feed"] = Route(b"down", status=503)
    feeds.add(site.url("/feed"))
    now = datetime(2026, 3, 1, tzinfo=UTC)
    assert poller(store, feeds).poll(now=now)[0].error
    site.routes["/feed"] = Route(rss([item("z", site.url("/z"), story(34))]))
    later = now + timedelta(minutes=1)
    assert "backing off" in (poller(store, feeds).poll(now=later)[0].error or "")
    fetcher = Fetcher(LOOPBACK_ONLY, host_delay=0)
    forced = Poller(feeds, store.articles, fetcher, force=True).poll(now=later)
    assert forced[0].added == 1 and feeds.all()[0].failures == 0
    # Refused by the default policy, then allowed: polled at once, backoff or not.
    site.routes["/other"] = Route(rss([item("w", site.url("/w"), story(35))]))
    feeds.add(site.url("/other"))
    refused = Poller(feeds, store.articles, Fetcher(host_delay=0)).poll(now=now)
    assert "refused to fetch" in (refused[1].error or "")
    allowed = Poller(feeds, store.articles, fetcher).poll(now=later)
    assert allowed[1].added == 1
