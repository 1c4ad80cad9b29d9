"""A real HTTP server on 127.0.0.1 for the feed tests, and the feeds it serves: RSS built from
stories of our own, and hostile XML. The tests allow 127.0.0.1 explicitly (the fetcher's default
policy refuses it)."""

from __future__ import annotations

import contextlib
import ipaddress
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from newsbrief.net.fetch import Policy

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
    # Seconds between two bytes of the body: a server that trickles (and never times out a read).
    trickle: float = 0.0
    # Trickle the status line and headers too, padded with this many bytes of a header.
    trickle_head: int = 0


class Site:
    """A real HTTP server on 127.0.0.1 serving ``routes``; it honours If-None-Match."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        # When each request arrived (time.monotonic), by path.
        self.arrivals: list[tuple[str, float]] = []
        # The paths whose answer is being sent right now.
        self.active: set[str] = set()
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append((self.path, dict(self.headers)))
                site.arrivals.append((self.path, time.monotonic()))
                site.active.add(self.path)
                try:
                    self._answer()
                finally:
                    site.active.discard(self.path)

            def _answer(self) -> None:
                route = site.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                time.sleep(route.delay)
                if route.trickle_head:
                    self._trickle_all(route)
                    return
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
                    if not route.trickle:
                        self.wfile.write(route.body)
                        return
                    for index in range(len(route.body)):
                        self.wfile.write(route.body[index : index + 1])
                        self.wfile.flush()
                        time.sleep(route.trickle)

            def _trickle_all(self, route: Route) -> None:
                head = (
                    f"HTTP/1.1 {route.status} OK\r\nContent-Length: {len(route.body)}\r\n"
                    f"X-Padding: {'p' * route.trickle_head}\r\n\r\n"
                ).encode()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    for byte in head + route.body:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(route.trickle)

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


@contextlib.contextmanager
def serving() -> Iterator[Site]:
    served = Site()
    try:
        yield served
    finally:
        served.close()


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
