"""Which addresses may be fetched: every spelling of an internal address is refused, including
the IPv4 addresses embedded in IPv6 ones (mapped, compatible, translated, 6to4, Teredo, NAT64),
whether given as an address or reached through a URL's host, with no request made."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

import pytest
from feed_site import Route, Site, rss, serving

from newsbrief.errors import ErrorCode, NewsbriefError
from newsbrief.net.fetch import Fetcher, Policy, why_refused

# (address, what the reason names): each one reaches something internal.
REFUSED_ADDRESSES = [
    ("127.0.0.1", "loopback"),
    ("10.1.2.3", "private"),
    ("169.254.169.254", "link-local"),
    ("100.64.0.1", "non-global"),
    ("::1", "loopback"),
    ("::", "unspecified"),
    ("fe80::1", "link-local"),
    ("fd00::1", "private"),
    ("::ffff:127.0.0.1", "IPv4-mapped address of 127.0.0.1"),
    ("::ffff:a9fe:a9fe", "IPv4-mapped address of 169.254.169.254"),
    ("::127.0.0.1", "IPv4-compatible address of 127.0.0.1"),
    ("::a00:1", "IPv4-compatible address of 10.0.0.1"),
    ("::ffff:0:7f00:1", "IPv4-translated address of 127.0.0.1"),
    ("2002:7f00:1::", "6to4 address of 127.0.0.1"),
    ("2002:7f00:0001:0000:0000:0000:0000:0001", "6to4 address of 127.0.0.1"),
    ("2002:a00:1::1", "6to4 address of 10.0.0.1"),
    ("2002:a9fe:a9fe::", "6to4 address of 169.254.169.254"),
    ("2001:0:4136:e378:8000:63bf:80ff:fffe", "Teredo address of 127.0.0.1"),
    ("2001:0:7f00:1:8000:63bf:f7f7:f7f7", "Teredo address of 127.0.0.1"),
    ("64:ff9b::7f00:1", "NAT64 address of 127.0.0.1"),
    ("64:ff9b::10.0.0.1", "NAT64 address of 10.0.0.1"),
    ("64:ff9b::a9fe:a9fe", "NAT64 address of 169.254.169.254"),
    ("64:ff9b:1::808:808", "local-use NAT64"),
    ("64:ff9b:1:ffff::1", "local-use NAT64"),
]


@pytest.mark.parametrize(("address", "reason"), REFUSED_ADDRESSES)
def test_internal_addresses_are_refused_with_the_embedded_one_named(
    address: str, reason: str
) -> None:
    found = why_refused(ipaddress.ip_address(address))
    assert found is not None and reason in found, found


@pytest.mark.parametrize(
    "address", ["93.184.216.34", "2606:2800:220:1::1", "::ffff:93.184.216.34",
                "64:ff9b::93.184.216.34", "2002:5db8:d822::1"],
)  # fmt: skip
def test_public_addresses_and_their_public_embeddings_pass(address: str) -> None:
    assert why_refused(ipaddress.ip_address(address)) is None


@pytest.fixture
def site() -> Iterator[Site]:
    with serving() as served:
        served.routes["/feed"] = Route(rss([]))
        yield served


# URL hosts that all mean an internal address; {port} is the test server's. None of these needs
# DNS: getaddrinfo reads the numeric forms itself (inet_aton: octal, hex, integer, short forms).
REFUSED_HOSTS = [
    "127.0.0.1", "127.1", "127.0.1", "0x7f000001", "0x7F000001", "0x7f.0x0.0x0.0x1", "0x7f.1",
    "017700000001", "0177.0.0.1", "0177.0.0.01", "127.000.000.001", "2130706433", "0",
    "0.0.0.0", "localhost", "LocalHost", "10.0.0.1", "012.0.0.1", "167772161", "192.168.0.1",
    "172.16.0.1", "100.64.0.1", "169.254.169.254", "0xa9fea9fe", "2852039166",
    "[::1]", "[0:0:0:0:0:0:0:1]", "[0000::1]", "[::]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]",
    "[::FFFF:7F00:1]", "[::127.0.0.1]", "[::7f00:1]", "[::ffff:0:127.0.0.1]",
    "[2002:7f00:1::]", "[2002:7f00:0001::1]", "[2002:a00:1::]", "[2002:a9fe:a9fe::1]",
    "[2001:0:4136:e378:8000:63bf:80ff:fffe]", "[64:ff9b::127.0.0.1]", "[64:ff9b::7f00:1]",
    "[64:ff9b::a9fe:a9fe]", "[64:ff9b:1::7f00:1]", "[fe80::1%25lo]", "[fe80::1%25eth0]",
    "[fd00::1]", "[fc00::7f00:1]", "[::ffff:a9fe:a9fe]", "user:pw@127.0.0.1",
]  # fmt: skip


@pytest.mark.parametrize("host", REFUSED_HOSTS)
def test_no_spelling_of_an_internal_host_is_fetched(site: Site, host: str) -> None:
    port = site.server.server_address[1]
    with pytest.raises(NewsbriefError) as raised:
        Fetcher(Policy(), host_delay=0, timeout=2).get(f"http://{host}:{port}/feed")
    assert raised.value.code == ErrorCode.FORBIDDEN_ADDRESS, raised.value.message
    assert site.requests == []


@pytest.mark.parametrize(
    "url", ["http://[oops/feed", "http://[::1/feed", "http://127.0.0.1:99999/feed",
            "http://127.0.0.1:-1/feed", "http://①②⑦.0.0.1/feed", "http:///feed",
            "ftp://127.0.0.1/feed", "http://a\x00b/feed"],
)  # fmt: skip
def test_malformed_urls_are_one_clear_error(site: Site, url: str) -> None:
    with pytest.raises(NewsbriefError) as raised:
        Fetcher(Policy(), host_delay=0, timeout=2).get(url)
    assert raised.value.code in (ErrorCode.INVALID_URL, ErrorCode.FORBIDDEN_ADDRESS)
    assert site.requests == []
