"""Fetching feeds and pages over HTTP without becoming a server-side request forgery tool.

Every request resolves the host itself and checks *every* address the DNS answer holds before
connecting (:mod:`.address`); it then connects to the checked address (the Host header and TLS
name stay the original host), so a second DNS answer cannot swap in an internal address between
check and use. Redirects are followed by hand, each hop checked the same way. A fetch has one
deadline for the whole exchange, redirects included (:mod:`.deadline`); bodies are capped in size
after decoding, without ever being inflated whole (:mod:`.body`); requests to one host are spaced
out (politeness); ``ETag`` / ``Last-Modified`` make repeat polls cheap.
"""

from __future__ import annotations

import ipaddress
import re
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urljoin, urlsplit

import httpcore
import httpx
import idna

from newsbrief.config import VERSION
from newsbrief.errors import ErrorCode, InputError, UpstreamError
from newsbrief.net.address import Policy, Resolver, resolve, trusted_networks, why_refused
from newsbrief.net.body import ACCEPTED_ENCODINGS, BodyReader, too_large
from newsbrief.net.deadline import Deadline, DeadlineBackend

USER_AGENT = f"newsbrief/{VERSION} (offline news summarizer; feed reader)"
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 15.0
# Seconds between two requests to the same host: one request a second is the common courtesy
# of crawlers that honour no Crawl-delay.
HOST_DELAY_SECONDS = 1.0
_REDIRECTS = (301, 302, 303, 307, 308)
# A host name after IDNA encoding (letters, digits, hyphens, dots; underscores occur in real
# names): anything else (%, NUL, spaces) is no host to resolve.
_HOST_NAME = re.compile(r"[A-Za-z0-9._-]{1,253}")
# What a request target may hold unescaped (RFC 3986 pchar, "/" and "?", and existing escapes).
_TARGET_SAFE = "/?:@!$&'()*+,;=-._~%"
_HTTP_FAILURES = (
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.UnsupportedProtocol,
    httpcore.ConnectionNotAvailable,
    OSError,
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


@dataclass(frozen=True, slots=True)
class _Target:
    """A URL taken apart for one request: where to connect, and what to tell the server."""

    scheme: str
    host: str  # the ASCII (IDNA) host name or the address literal, as sent in Host and SNI
    port: int
    path: str
    literal: ipaddress.IPv4Address | ipaddress.IPv6Address | None

    @property
    def host_header(self) -> str:
        name = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return name if self.port == default else f"{name}:{self.port}"


def _target(url: str) -> _Target:
    """``url`` parsed once, by one parser; :class:`InputError` for what is no http(s) URL."""
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        raise InputError(f"not a valid URL: {url!r}", code=ErrorCode.INVALID_URL) from None
    if parts.scheme not in ("http", "https") or not host:
        raise InputError(f"not an http(s) URL: {url!r}", code=ErrorCode.INVALID_URL)
    port = port or (443 if parts.scheme == "https" else 80)
    path = quote(parts.path or "/", safe=_TARGET_SAFE)
    if parts.query:
        path += "?" + quote(parts.query, safe=_TARGET_SAFE)
    literal = _address_literal(host)
    if literal is None:
        host = _ascii_host(host, url)
    return _Target(parts.scheme, host if literal is None else str(literal), port, path, literal)


def _address_literal(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host names by itself: dotted IPv4, or IPv6 with its zone id (RFC 6874's
    ``%25``) dropped; ``None`` for a name (and for the other numeric forms, which resolve)."""
    try:
        return ipaddress.ip_address(unquote(host).split("%", 1)[0])
    except ValueError:
        return None


def _ascii_host(host: str, url: str) -> str:
    try:
        encoded = idna.encode(host, uts46=True).decode("ascii") if not host.isascii() else host
    except (idna.IDNAError, UnicodeError, ValueError):
        raise InputError(f"not a valid host name in {url!r}", code=ErrorCode.INVALID_URL) from None
    if not _HOST_NAME.fullmatch(encoded):
        raise InputError(f"not a valid host name in {url!r}", code=ErrorCode.INVALID_URL)
    return encoded.lower()


@dataclass(slots=True)
class Fetcher:
    """An HTTP client for feeds and pages, shared by the threads of one poll run (it remembers
    hosts' last visits)."""

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
    _tls: ssl.SSLContext | None = None

    def get(self, url: str, *, etag: str | None = None, modified: str | None = None) -> Response:
        """GET ``url`` (conditionally, given a validator), following up to 5 checked redirects,
        all within one deadline of ``timeout`` seconds."""
        headers = _request_headers(etag, modified)
        deadline = Deadline(self.timeout)
        current = url
        with httpcore.ConnectionPool(
            ssl_context=self._ssl_context(), network_backend=DeadlineBackend(deadline), retries=0
        ) as pool:
            for _hop in range(MAX_REDIRECTS + 1):
                response = self._one(pool, deadline, current, headers)
                if isinstance(response, str):
                    current = response
                    continue
                return response
        raise UpstreamError(
            f"{url}: more than {MAX_REDIRECTS} redirects", code=ErrorCode.HTTP_ERROR
        )

    def _ssl_context(self) -> ssl.SSLContext:
        # Made on first use (loading the CA bundle is slow) and shared by later fetches.
        with self._lock:
            if self._tls is None:
                self._tls = httpx.create_ssl_context()
            return self._tls

    def _one(
        self, pool: httpcore.ConnectionPool, deadline: Deadline, url: str, headers: dict[str, str]
    ) -> Response | str:
        """One request: its response, or the URL it redirects to."""
        target = _target(url)
        if self.allow_url is not None:
            self.allow_url(url)
        address = self._checked_address(target)
        deadline.extend(self._wait_turn(target.host))
        connect_to = f"[{address}]" if address.version == 6 else str(address)
        request_url = f"{target.scheme}://{connect_to}:{target.port}{target.path}"
        request_headers = [(b"Host", target.host_header.encode("ascii"))] + [
            (name.encode("ascii"), value.encode("latin-1", "replace"))
            for name, value in headers.items()
        ]
        with self._http_errors(url):
            timeout = deadline.left(None)
            extensions = {
                "timeout": {"connect": timeout, "read": timeout, "write": timeout, "pool": timeout},
                **({"sni_hostname": target.host} if target.scheme == "https" else {}),
            }
            with pool.stream(
                "GET", request_url, headers=request_headers, extensions=extensions
            ) as r:
                answer = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in r.headers}
                location = answer.get("location")
                if r.status in _REDIRECTS and location:
                    return _redirect(url, location)
                if r.status >= 400:
                    raise UpstreamError(
                        f"{url} answered HTTP {r.status}", code=ErrorCode.HTTP_ERROR
                    )
                content = self._read_body(r.iter_stream(), answer, url)
        return Response(
            url,
            r.status,
            content,
            answer.get("content-type", ""),
            answer.get("etag"),
            answer.get("last-modified"),
        )

    def _checked_address(self, target: _Target) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
        """The address to connect to, after checking every address the host resolves to."""
        if target.literal is not None:
            return self.policy.check(target.host, str(target.literal))
        addresses = self.resolver(target.host, target.port)
        if not addresses:
            raise UpstreamError(f"cannot resolve {target.host}", code=ErrorCode.DNS_ERROR)
        # All of them, not just the first: a client may connect to any address of the answer.
        checked = [self.policy.check(target.host, address) for address in addresses]
        return checked[0]

    def _wait_turn(self, host: str) -> float:
        """Wait until this host may be asked again; how long that took."""
        with self._lock:
            last = self._last_visit.get(host)
            now = time.monotonic()
            wait = 0.0 if last is None else max(0.0, last + self.host_delay - now)
            self._last_visit[host] = now + wait
        if wait:
            time.sleep(wait)
        return wait

    def _read_body(self, chunks: Iterator[bytes], headers: dict[str, str], url: str) -> bytes:
        """The decoded body, refused as soon as it is known to exceed ``max_bytes``."""
        encoding = headers.get("content-encoding", "")
        declared = headers.get("content-length", "")
        if not encoding and declared.isdigit() and int(declared) > self.max_bytes:
            raise too_large(url, self.max_bytes)
        body = BodyReader(url, encoding, self.max_bytes)
        for chunk in chunks:
            body.feed(chunk)
        return body.finish()

    @contextmanager
    def _http_errors(self, url: str) -> Iterator[None]:
        """The transport's failures as the project's one-line upstream errors."""
        try:
            yield
        except httpcore.TimeoutException:
            raise UpstreamError(
                f"{url}: timed out after {self.timeout:g} s", code=ErrorCode.TIMEOUT
            ) from None
        except _HTTP_FAILURES as error:
            raise UpstreamError(
                f"{url}: {type(error).__name__}: {error}", code=ErrorCode.CONNECTION_ERROR
            ) from None


def _redirect(url: str, location: str) -> str:
    try:
        return urljoin(url, location.strip())
    except ValueError:
        raise InputError(
            f"{url} redirects to what is not a valid URL: {location!r}", code=ErrorCode.INVALID_URL
        ) from None


def _request_headers(etag: str | None, modified: str | None) -> dict[str, str]:
    headers = {"User-Agent": USER_AGENT, "Accept-Encoding": ACCEPTED_ENCODINGS}
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    return headers


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
