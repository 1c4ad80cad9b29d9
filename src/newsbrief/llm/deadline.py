"""One wall-clock budget for a whole exchange with a server, enforced at every socket operation.

httpx's timeouts bound each read, so a server that sends a byte just before each read would time
out never keeps a caller forever. Here every connect, read and write waits at most for what is
left of the budget, and fails as a timeout once it is spent: the exchange ends on time whether
the server is silent, slow to send headers or trickling one byte at a time.
"""

from __future__ import annotations

import functools
import time
import typing
from ssl import SSLContext

import httpcore
import httpx


class Deadline:
    """A budget of ``seconds`` counted from now."""

    __slots__ = ("at", "seconds")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds

    def left(self) -> float:
        return self.at - time.monotonic()

    def limit(self, timeout: float | None, error: type[httpcore.TimeoutException]) -> float:
        """``timeout`` cut to the time left; ``error`` when none is left."""
        left = self.left()
        if left <= 0:
            raise error(f"the {self.seconds:g} s budget is spent")
        return left if timeout is None else min(timeout, left)


class _Stream(httpcore.NetworkStream):
    def __init__(self, inner: httpcore.NetworkStream, deadline: Deadline) -> None:
        self._inner = inner
        self._deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._deadline.limit(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._deadline.limit(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        limit = self._deadline.limit(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.start_tls(ssl_context, server_hostname, limit), self._deadline)

    def get_extra_info(self, info: str) -> typing.Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    def __init__(self, deadline: Deadline) -> None:
        self._inner = httpcore.SyncBackend()
        self._deadline = deadline

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        limit = self._deadline.limit(timeout, httpcore.ConnectTimeout)
        stream = self._inner.connect_tcp(host, port, limit, local_address, socket_options)
        return _Stream(stream, self._deadline)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: typing.Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        limit = self._deadline.limit(timeout, httpcore.ConnectTimeout)
        return _Stream(self._inner.connect_unix_socket(path, limit, socket_options), self._deadline)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


@functools.cache
def _ssl_context() -> SSLContext:
    """One TLS context per process: building one loads the CA bundle, tens of milliseconds in C
    that hold the interpreter's lock (every other thread of a web worker waits), and a context
    is safe to share between threads."""
    return httpx.create_ssl_context()


class DeadlineTransport(httpx.HTTPTransport):
    """httpx's own transport (its request handling and error mapping), over a connection pool
    whose sockets keep ``deadline``. httpx offers no public way to hand its pool a network
    backend, so the pool is replaced after construction; the LLM client's deadline tests fail if
    that ever stops taking effect."""

    def __init__(self, deadline: Deadline) -> None:
        context = _ssl_context()
        super().__init__(verify=context)
        self._pool = httpcore.ConnectionPool(
            ssl_context=context, network_backend=_Backend(deadline)
        )


__all__ = ["Deadline", "DeadlineTransport"]
