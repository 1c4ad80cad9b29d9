"""Feeds: parsing (RSS, Atom, JSON Feed, hostile and broken ones), SSRF-safe fetching, polling
into the real databases, and the `newsbrief feeds` commands. Feeds and pages come from a real
HTTP server on 127.0.0.1, which the tests allow explicitly (the default policy refuses it)."""

from __future__ import annotations

import contextlib
import ipaddress
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import text

from newsbrief.cli import main
from newsbrief.cli.feeds import parse_interval
from newsbrief.config import Settings
from newsbrief.errors import InputError, UpstreamError
from newsbrief.feeds.parse import parse_feed
from newsbrief.feeds.poll import Poller
from newsbrief.net.fetch import Fetcher, Policy, why_refused
from newsbrief.storage import Store
from newsbrief.storage.feeds import FeedRepository
from newsbrief.web.app import create_app

LOOPBACK_ONLY = Policy(networks=(ipaddress.ip_network("127.0.0.1/32"),))
_TOPICS = ["harbour", "library", "tram line", "flood wall", "market hall", "ferry", "orchard"]


def story(number: int, words: int = 160) -> str:
    """A long paragraph of our own, different per number."""
    topic = _TOPICS[number % len(_TOPICS)]
    sentences = [
        f"The {topic} project in district {number} moved ahead on Tuesday after a long debate.",
        f"Council members said the {topic} would open before the end of the year.",
        f"Residents near the {topic} asked for quieter building work at night.",
        f"The budget for the {topic} grew by {number + 3} percent since the spring.",
        "Engineers said the weather had slowed the first stage of the work.",
        "A public meeting on the plans is due next month in the town hall.",
    ]
    out: list[str] = []
    while sum(len(s.split()) for s in out) < words:
        out.extend(sentences)
    return " ".join(out)


def rss(items: list[str], title: str = "Eastport Gazette") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{title}</title>'
        f"<link>http://127.0.0.1/</link><description>Local news</description>{''.join(items)}"
        "</channel></rss>"
    ).encode()


def item(guid: str | None, link: str | None, body: str, date: str = "") -> str:
    parts = [f"<title>Story {guid or link or 'untitled'}</title>"]
    if guid:
        parts.append(f'<guid isPermaLink="false">{guid}</guid>')
    if link:
        parts.append(f"<link>{link}</link>")
    if body:
        parts.append(f"<description><![CDATA[<p>{body}</p>]]></description>")
    parts.append(f"<pubDate>{date or 'Tue, 10 Mar 2026 08:00:00 +0000'}</pubDate>")
    return "<item>" + "".join(parts) + "</item>"


@dataclass
class Route:
    body: bytes
    status: int = 200
    content_type: str = "application/rss+xml"
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


class Site:
    """A real HTTP server on 127.0.0.1 serving ``routes``; it honours If-None-Match."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append((self.path, dict(self.headers)))
                route = site.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                time.sleep(route.delay)
                etag = f'"{hash(route.body) & 0xFFFFFFFF:x}"'
                if route.status == 200 and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
                self.send_header("ETag", etag)
                for name, value in route.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(route.body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    served = Site()
    try:
        yield served
    finally:
        served.close()


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


# ---------------------------------------------------------------- parsing


def test_the_shared_fixture_feeds_parse(shared_data: Path) -> None:
    folder = shared_data / "feeds"
    atom = parse_feed((folder / "feed1.atom").read_bytes())
    assert atom.title == "Example Feed" and len(atom.entries) == 2
    assert atom.entries[0].link == "http://example.org/2003/12/13/atom03"
    rss2 = parse_feed((folder / "feed2.rss").read_bytes())
    assert rss2.entries[0].link == "http://www.example.com/blog/post/1"
    assert rss2.entries[0].teaser  # a one-sentence description
    json_feed = parse_feed((folder / "feed.json").read_bytes())
    assert json_feed.entries and all(
        e.link and e.link.startswith("https://") for e in json_feed.entries
    )


def test_rss_atom_and_json_entries_and_their_skip_reasons() -> None:
    body = story(1)
    parsed = parse_feed(
        rss(
            [
                item("g1", "http://127.0.0.1/a", body),
                item("g1", "http://127.0.0.1/b", story(2)),  # duplicate GUID
                item(None, None, story(3)),  # no link: kept, keyed by its text
                item(None, None, ""),  # nothing to key it by
                item("g4", "javascript:alert(1)", story(4), date="last Tuesday-ish"),
            ]
        )
    )
    assert [e.guid for e in parsed.entries] == ["g1", None, "g4"]
    assert parsed.entries[0].published == "2026-03-10T08:00:00+00:00"
    assert parsed.entries[0].text == body and not parsed.entries[0].teaser
    assert parsed.entries[2].link is None and parsed.entries[2].published is None
    reasons = [reason for _label, reason in parsed.skipped]
    assert reasons == ["duplicate GUID of an earlier entry", "no GUID, no link and no text"]
    assert any("unreadable date" in note for note in parsed.notes)
    assert any("not http(s)" in note for note in parsed.notes)

    atom = parse_feed(
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:1</id>'
        b'<link href="http://127.0.0.1/x"/><title>X</title><updated>2026-01-02T03:04:05Z</updated>'
        b"<content type='html'>&lt;p&gt;Atom body.&lt;/p&gt;</content></entry></feed>"
    )
    assert atom.entries[0].text == "Atom body." and atom.entries[0].guid == "urn:1"
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "J",
        "items": [
            {"id": 7, "url": "http://127.0.0.1/j", "content_text": "Json body.",
             "date_published": "2026-02-03T04:05:06Z"},
            {"id": 7, "url": "http://127.0.0.1/k", "content_text": "Again."},
            "not an object",
        ],
    }  # fmt: skip
    parsed_json = parse_feed(json.dumps(document).encode())
    assert [e.guid for e in parsed_json.entries] == ["7"]
    assert parsed_json.entries[0].published == "2026-02-03T04:05:06+00:00"
    assert len(parsed_json.skipped) == 2


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>
"""
EXTERNAL = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<rss version="2.0"><channel><title>&x;</title></channel></rss>'
)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (BILLION_LAUGHS, "refused: the feed declares XML entities"),
        (EXTERNAL, "refused: the feed declares XML entities"),
        (b"Just some words, not a feed at all.", "neither XML nor JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "neither XML nor JSON"),
        (b"<html><body><p>A web page.</p></body></html>", "not a feed: not RSS or Atom"),
        (b'{"items": []}', "JSON without a JSON Feed version"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": [', "invalid JSON"),
        (b"<rss version='2.0'><chan", "not a feed: not well-formed XML"),
        (b"   ", "the feed is empty"),
    ],
)
def test_hostile_and_broken_feeds_get_one_clear_error(content: bytes, message: str) -> None:
    started = time.perf_counter()
    with pytest.raises(InputError, match=message):
        parse_feed(content)
    assert time.perf_counter() - started < 2  # no entity expansion happened


def test_a_truncated_feed_keeps_the_entries_that_were_whole() -> None:
    whole = rss([item("t1", "http://127.0.0.1/t1", story(1)), item("t2", "http://x/t2", story(2))])
    parsed = parse_feed(whole[: whole.index(b"<guid", whole.index(b"Story t2"))])
    assert [e.guid for e in parsed.entries][:1] == ["t1"]
    assert any("not well-formed" in note for note in parsed.notes)


def test_a_huge_feed_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newsbrief.feeds.parse.MAX_FEED_BYTES", 1000)
    with pytest.raises(InputError, match="larger than"):
        parse_feed(rss([item(f"h{n}", None, story(n)) for n in range(5)]))


# ---------------------------------------------------------------- fetching


@pytest.mark.parametrize(
    "address",
    ["127.0.0.1", "10.1.2.3", "172.16.0.9", "192.168.1.1", "169.254.169.254", "::1", "fd00::1",
     "fe80::1", "0.0.0.0", "224.0.0.1", "::ffff:127.0.0.1", "100.64.0.1"],
)  # fmt: skip
def test_internal_addresses_are_refused(address: str) -> None:
    assert why_refused(ipaddress.ip_address(address)) is not None
    with pytest.raises(UpstreamError, match="refused to fetch"):
        Policy().check("example.test", address)


def test_public_addresses_pass() -> None:
    assert why_refused(ipaddress.ip_address("93.184.216.34")) is None
    assert why_refused(ipaddress.ip_address("2606:2800:220:1::1")) is None


def test_the_test_server_itself_is_refused_by_default(site: Site) -> None:
    site.routes["/feed"] = Route(rss([]))
    with pytest.raises(UpstreamError, match="loopback"):
        Fetcher(host_delay=0).get(site.url("/feed"))
    assert site.requests == []  # refused before connecting
    assert Fetcher(Policy(allow_private=True), host_delay=0).get(site.url("/feed")).status == 200


def test_every_dns_answer_is_checked(site: Site) -> None:
    site.routes["/feed"] = Route(rss([]))
    port = site.server.server_address[1]

    def rebinding(_host: str, _port: int) -> list[str]:
        return ["127.0.0.1", "10.0.0.7"]

    fetcher = Fetcher(LOOPBACK_ONLY, host_delay=0, resolver=rebinding)
    with pytest.raises(UpstreamError, match=r"10\.0\.0\.7"):
        fetcher.get(f"http://news.example:{port}/feed")
    named = Fetcher(LOOPBACK_ONLY, host_delay=0, resolver=lambda _h, _p: ["127.0.0.1"])
    response = named.get(f"http://news.example:{port}/feed")
    assert response.status == 200  # connected to the checked address...
    assert site.requests[-1][1]["Host"] == f"news.example:{port}"  # ...as the named host


@pytest.mark.parametrize("target", ["http://127.0.0.2:{port}/feed", "http://169.254.169.254/"])
def test_each_redirect_is_checked_again(site: Site, target: str) -> None:
    port = site.server.server_address[1]
    site.routes["/go"] = Route(b"", status=302, headers={"Location": target.format(port=port)})
    with pytest.raises(UpstreamError, match="refused to fetch"):
        Fetcher(LOOPBACK_ONLY, host_delay=0).get(site.url("/go"))


def test_redirect_loops_timeouts_errors_and_size_are_reported(site: Site) -> None:
    site.routes["/loop"] = Route(b"", status=301, headers={"Location": "/loop"})
    site.routes["/slow"] = Route(rss([]), delay=1.5)
    site.routes["/gone"] = Route(b"gone", status=410)
    site.routes["/big"] = Route(b"<rss>" + b" " * 5000 + b"</rss>")
    fetcher = Fetcher(LOOPBACK_ONLY, host_delay=0, timeout=0.5, max_bytes=4096)
    for path, message in [
        ("/loop", "more than 5 redirects"),
        ("/slow", "timed out"),
        ("/gone", "HTTP 410"),
        ("/big", "larger than"),
    ]:
        with pytest.raises(UpstreamError, match=message):
            fetcher.get(site.url(path))
    assert all(h["User-Agent"].startswith("newsbrief/") for _p, h in site.requests)


def test_requests_to_one_host_are_spaced_out(site: Site) -> None:
    site.routes["/feed"] = Route(rss([]))
    fetcher = Fetcher(LOOPBACK_ONLY, host_delay=0.3)
    started = time.perf_counter()
    for _ in range(3):
        fetcher.get(site.url("/feed"))
    assert time.perf_counter() - started >= 0.6


# ---------------------------------------------------------------- polling


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


# ---------------------------------------------------------------- commands


def test_feeds_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    database = ["--database-url", f"sqlite:///{tmp_path / 'nb.db'}"]
    feed_file = tmp_path / "local.rss"
    feed_file.write_bytes(rss([item("c1", "http://127.0.0.1/c1", story(10))]))
    added = runner.invoke(main, ["feeds", "add", str(feed_file), *database])
    assert added.exit_code == 0 and "added: feed 1" in added.output
    again = runner.invoke(main, ["feeds", "add", str(feed_file), *database])
    assert "already added" in again.output
    polled = runner.invoke(main, ["feeds", "poll", *database])
    assert polled.exit_code == 0, polled.output
    assert "Eastport Gazette: 1 new, 0 already stored, 0 skipped" in polled.output
    listed = runner.invoke(main, ["feeds", "list", *database])
    assert "Eastport Gazette\t1 entries" in listed.output
    # A loopback URL without --allow-private: recorded as failed, exit 1, one line.
    runner.invoke(main, ["feeds", "add", "http://127.0.0.1:9/feed", *database])
    refused = runner.invoke(main, ["feeds", "poll", *database])
    assert refused.exit_code == 1 and "refused to fetch from 127.0.0.1" in refused.output
    assert "1 failures" in runner.invoke(main, ["feeds", "list", *database]).output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["feeds", "poll", "--every", "soon"], "error: not an interval: 'soon'"),
        (["feeds", "add", "ftp://example.com/feed"], "error: not a feed URL or file"),
        (["feeds", "add", "missing.rss"], "error: no such file: missing.rss"),
    ],
)
def test_feeds_command_errors_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, [*args, "--database-url", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 2 and result.output.strip() == result.output.strip().splitlines()[0]
    assert message in result.output


def test_intervals() -> None:
    assert parse_interval("15m") == 900 and parse_interval("30s") == 30
    assert parse_interval("2h") == 7200 and parse_interval("45") == 45
    assert parse_interval("1d") == 86400
