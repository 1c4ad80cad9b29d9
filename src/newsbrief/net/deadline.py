"""One deadline for a whole HTTP exchange, enforced on every socket operation.

An HTTP client's timeout bounds each read; a server that sends a byte just before each read times
out holds it for as long as it likes. Here every connect, TLS handshake, write and read waits at
most the time left until the deadline, so the exchange (headers, body, redirects) ends by then.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterable
from typing import Any

import httpcore


class Deadline:
    """A point in time (``time.monotonic``) that a fetch must end by."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds

    def extend(self, seconds: float) -> None:
        """Move the deadline later (time spent waiting for our own turn is not the server's)."""
        self.at += seconds

    def left(self, timeout: float | None) -> float:
        """The time an operation may take: its own timeout, capped by the time left."""
        remaining = self.at - time.monotonic()
        if remaining <= 0:
            raise httpcore.ReadTimeout("the deadline passed")
        return remaining if timeout is None else min(timeout, remaining)


class _Stream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, deadline: Deadline) -> None:
        self._stream = stream
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._deadline.left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._deadline.left(timeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        secured = self._stream.start_tls(ssl_context, server_hostname, self._deadline.left(timeout))
        return _Stream(secured, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._stream.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's blocking sockets, each operation bounded by ``deadline``."""

    def __init__(self, deadline: Deadline) -> None:
        self.deadline = deadline
        self._backend = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._backend.connect_tcp(
            host, port, self.deadline.left(timeout), local_address, socket_options
        )
        return _Stream(stream, self.deadline)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.UnsupportedProtocol("fetches go over TCP only")

    def sleep(self, seconds: float) -> None:
        time.sleep(min(seconds, max(0.0, self.deadline.at - time.monotonic())))


__all__ = ["Deadline", "DeadlineBackend"]
