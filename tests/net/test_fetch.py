"""The SSRF-safe fetcher: internal addresses refused (every DNS answer and every redirect
checked), limits on time, size and redirects, and politeness per host. Against a real HTTP server
on 127.0.0.1."""

from __future__ import annotations

import functools
import ipaddress
import time
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest
from feed_site import LOOPBACK_ONLY, Route, Site, rss, serving

from newsbrief.errors import InputError, UpstreamError
from newsbrief.net.fetch import Fetcher, Policy, why_refused


@pytest.fixture
def site() -> Iterator[Site]:
    with serving() as served:
        yield served


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


def test_the_callers_url_check_runs_on_every_hop(site: Site) -> None:
    site.routes["/feed"] = Route(rss([]))
    site.routes["/go"] = Route(b"", status=302, headers={"Location": "/elsewhere/feed"})
    checked: list[str] = []

    def not_elsewhere(url: str) -> None:
        checked.append(url)
        if "/elsewhere/" in url:
            raise UpstreamError(f"{url}: not allowed")

    fetcher = Fetcher(LOOPBACK_ONLY, host_delay=0, allow_url=not_elsewhere)
    assert fetcher.get(site.url("/feed")).status == 200
    with pytest.raises(UpstreamError, match="elsewhere/feed: not allowed"):
        fetcher.get(site.url("/go"))
    assert checked == [site.url("/feed"), site.url("/go"), site.url("/elsewhere/feed")]
    # Refused before connecting: the server never saw the refused hop.
    assert [path for path, _h in site.requests] == ["/feed", "/go"]


@pytest.mark.parametrize(
    "route",
    [
        Route(b"<rss>" + b" " * 400 + b"</rss>", trickle=0.05),  # a byte every 50 ms: 20 s
        Route(b"<rss></rss>", trickle=0.05, trickle_head=400),  # the headers trickle too
    ],
)
def test_the_timeout_bounds_the_whole_response_redirects_included(site: Site, route: Route) -> None:
    site.routes["/trickle"] = route
    site.routes["/hop"] = Route(b"", status=302, headers={"Location": "/trickle"})
    fetcher = Fetcher(LOOPBACK_ONLY, host_delay=0, timeout=1.0)
    for path in ("/trickle", "/hop"):
        started = time.monotonic()
        with pytest.raises(UpstreamError, match="timed out after 1 s"):
            fetcher.get(site.url(path))
        assert time.monotonic() - started < 1.5


@functools.cache
def _gzip_bomb(megabytes: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: the gzip container
    zeros = bytes(1024 * 1024)
    return b"".join(packer.compress(zeros) for _ in range(megabytes)) + packer.flush()


def test_a_gzip_bomb_is_refused_without_inflating_it_in_memory(site: Site) -> None:
    site.routes["/bomb"] = Route(_gzip_bomb(256), headers={"Content-Encoding": "gzip"})
    limit = 4 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(UpstreamError, match="larger than 4 MB"):
            Fetcher(LOOPBACK_ONLY, host_delay=0, max_bytes=limit).get(site.url("/bomb"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 3 * limit, f"peak {peak / 2**20:.0f} MiB"


def test_compressed_bodies_are_decoded_and_unknown_codings_refused(site: Site) -> None:
    body = rss([]) * 50
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)
    site.routes["/gzip"] = Route(
        packer.compress(body) + packer.flush(), headers={"Content-Encoding": "gzip"}
    )
    site.routes["/deflate"] = Route(zlib.compress(body), headers={"Content-Encoding": "deflate"})
    site.routes["/brotli"] = Route(b"\x0b\x02\x80", headers={"Content-Encoding": "br"})
    site.routes["/broken"] = Route(b"\x1f\x8b not gzip", headers={"Content-Encoding": "gzip"})
    fetcher = Fetcher(LOOPBACK_ONLY, host_delay=0)
    assert fetcher.get(site.url("/gzip")).content == body
    assert fetcher.get(site.url("/deflate")).content == body
    for path in ("/brotli", "/broken"):
        with pytest.raises(UpstreamError, match=r"content encoding|compressed"):
            fetcher.get(site.url(path))


def test_international_and_odd_host_names_are_sent_as_ascii(site: Site) -> None:
    site.routes["/feed"] = Route(rss([]))
    port = site.server.server_address[1]
    fetcher = Fetcher(LOOPBACK_ONLY, host_delay=0, resolver=lambda _h, _p: ["127.0.0.1"])
    assert fetcher.get(f"http://bücher.example:{port}/feed").status == 200
    assert site.requests[-1][1]["Host"] == f"xn--bcher-kva.example:{port}"
    site.routes["/go"] = Route(b"", status=302, headers={"Location": "http://[oops/"})
    with pytest.raises(InputError, match="not a valid URL"):
        fetcher.get(site.url("/go"))
