"""Fetching feeds and pages over HTTP without becoming a server-side request forgery tool.

Every request resolves the host itself and checks *every* address the DNS answer holds before
connecting; it then connects to the checked address (the Host header and TLS name stay the
original host), so a second DNS answer cannot swap in an internal address between check and use.
Redirects are followed by hand, each hop checked the same way. Private, loopback, link-local,
reserved and multicast addresses are refused unless the caller allows them (``--allow-private``)
or names the networks it trusts. Responses are capped in size, requests in time, and requests to
one host are spaced out (politeness); ``ETag`` / ``Last-Modified`` make repeat polls cheap.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from newsbrief.config import VERSION
from newsbrief.errors import ErrorCode, InputError, UpstreamError

USER_AGENT = f"newsbrief/{VERSION} (offline news summarizer; feed reader)"
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 15.0
# Seconds between two requests to the same host: one request a second is the common courtesy
# of crawlers that honour no Crawl-delay.
HOST_DELAY_SECONDS = 1.0

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise UpstreamError(f"cannot resolve {host}: {error}", code=ErrorCode.DNS_ERROR) from None
    return list(dict.fromkeys(str(answer[4][0]) for answer in answers))


def why_refused(address: Address) -> str | None:
    """Why connecting to ``address`` could reach something internal; ``None`` when it is public."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return why_refused(address.ipv4_mapped)
    for kind, flag in (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("private", address.is_private),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("unspecified", address.is_unspecified),
        # The rest that is not globally routable: carrier-grade NAT 100.64/10, 6to4 relays...
        ("non-global", not address.is_global),
    ):
        if flag:
            return f"a {kind} address"
    return None


@dataclass(frozen=True, slots=True)
class Policy:
    """Which addresses may be fetched: public ones always; private ones only when allowed, all
    (``allow_private``) or those in ``networks`` (tests name 127.0.0.1/32 and nothing else)."""

    allow_private: bool = False
    networks: tuple[Network, ...] = ()

    def check(self, host: str, address_text: str) -> Address:
        address = ipaddress.ip_address(address_text.split("%", 1)[0])
        reason = why_refused(address)
        if reason is None or self.allow_private or any(address in n for n in self.networks):
            return address
        raise UpstreamError(
            f"refused to fetch from {host}: it resolves to {address}, {reason} "
            "(use --allow-private to allow it)",
            code=ErrorCode.FORBIDDEN_ADDRESS,
        )


@dataclass(frozen=True, slots=True)
class Response:
    url: str
    status: int
    content: bytes
    content_type: str
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(slots=True)
class Fetcher:
    """An HTTP client for feeds and pages; one per poll run (it remembers hosts' last visits)."""

    policy: Policy = field(default_factory=Policy)
    timeout: float = TIMEOUT_SECONDS
    max_bytes: int = MAX_BYTES
    host_delay: float = HOST_DELAY_SECONDS
    resolver: Resolver = resolve
    # The caller's own check of every URL requested, redirects included (the widget's: only the
    # publisher's domains); it raises to refuse one.
    allow_url: Callable[[str], None] | None = None
    _last_visit: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, url: str, *, etag: str | None = None, modified: str | None = None) -> Response:
        """GET ``url`` (conditionally, given a validator), following up to 5 checked redirects."""
        headers = _request_headers(etag, modified)
        current = url
        with httpx.Client(timeout=self.timeout, follow_redirects=False, trust_env=False) as client:
            for _hop in range(MAX_REDIRECTS + 1):
                status, response_headers, content = self._one(client, current, headers)
                location = response_headers.get("location")
                if status in (301, 302, 303, 307, 308) and location:
                    current = urljoin(current, location)
                    continue
                if status >= 400:
                    raise UpstreamError(
                        f"{current} answered HTTP {status}", code=ErrorCode.HTTP_ERROR
                    )
                return Response(
                    current,
                    status,
                    content,
                    response_headers.get("content-type", ""),
                    response_headers.get("etag"),
                    response_headers.get("last-modified"),
                )
        raise UpstreamError(
            f"{url}: more than {MAX_REDIRECTS} redirects", code=ErrorCode.HTTP_ERROR
        )

    def _target(self, url: str) -> tuple[str, str, str]:
        """(URL to connect to, with the checked address as its host; Host header; host name)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise InputError(f"not an http(s) URL: {url!r}", code=ErrorCode.INVALID_URL)
        if self.allow_url is not None:
            self.allow_url(url)
        host = parts.hostname
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise InputError(f"bad port in URL: {url!r}", code=ErrorCode.INVALID_URL) from None
        addresses = self.resolver(host, port)
        if not addresses:
            raise UpstreamError(f"cannot resolve {host}", code=ErrorCode.DNS_ERROR)
        # All of them, not just the first: a client may connect to any address of the answer.
        checked = [self.policy.check(host, address) for address in addresses]
        first = checked[0]
        literal = f"[{first}]" if first.version == 6 else str(first)
        pinned = urlunsplit((parts.scheme, f"{literal}:{port}", parts.path or "/", parts.query, ""))
        return pinned, parts.netloc.rsplit("@", 1)[-1], host

    def _wait_turn(self, host: str) -> None:
        with self._lock:
            last = self._last_visit.get(host)
            now = time.monotonic()
            wait = 0.0 if last is None else max(0.0, last + self.host_delay - now)
            self._last_visit[host] = now + wait
        if wait:
            time.sleep(wait)

    def _one(
        self, client: httpx.Client, url: str, headers: dict[str, str]
    ) -> tuple[int, httpx.Headers, bytes]:
        pinned, host_header, host = self._target(url)
        self._wait_turn(host)
        extensions = {"sni_hostname": host} if url.startswith("https:") else {}
        request = client.build_request(
            "GET", pinned, headers={**headers, "Host": host_header}, extensions=extensions
        )
        with self._http_errors(url):
            response = client.send(request, stream=True)
        try:
            content = self._read_body(response, url)
        finally:
            response.close()
        return response.status_code, response.headers, content

    def _read_body(self, response: httpx.Response, url: str) -> bytes:
        """The body, refused as soon as it is known to exceed ``max_bytes`` (declared or read)."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise self._too_large(url)
        chunks: list[bytes] = []
        size = 0
        with self._http_errors(url):
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise self._too_large(url)
                chunks.append(chunk)
        return b"".join(chunks)

    @contextmanager
    def _http_errors(self, url: str) -> Iterator[None]:
        """httpx's failures as the project's one-line upstream errors."""
        try:
            yield
        except httpx.TimeoutException:
            raise UpstreamError(
                f"{url}: timed out after {self.timeout:g} s", code=ErrorCode.TIMEOUT
            ) from None
        except httpx.HTTPError as error:
            raise UpstreamError(f"{url}: {error}", code=ErrorCode.CONNECTION_ERROR) from None

    def _too_large(self, url: str) -> UpstreamError:
        limit = self.max_bytes / (1024 * 1024)
        return UpstreamError(
            f"{url}: response is larger than {limit:g} MB", code=ErrorCode.TOO_LARGE
        )


def _request_headers(etag: str | None, modified: str | None) -> dict[str, str]:
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    return headers


def trusted_networks(values: Sequence[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(value, strict=False) for value in values)


__all__ = [
    "MAX_BYTES",
    "USER_AGENT",
    "Fetcher",
    "Policy",
    "Response",
    "resolve",
    "trusted_networks",
    "why_refused",
]
