"""What bounds the cost of a request: a rate per client, admission (how many expensive requests
one client address, and all of them, may have in flight) and the threads expensive work runs on.

Two lanes of expensive work, each with its own threads so neither can take the threads of the
other or of the cheap requests (health, listings, cached summaries, which keep the framework's
shared pool to themselves):

- ``compute``: summarizing and extracting, CPU-bound, on a few threads (more would only add GIL
  contention for everyone else);
- ``llm``: waiting for the LLM server, one thread per request in flight, and a rate per client.

A request over a limit is refused at once with 429 and ``Retry-After``, never queued without
bound. Every worker process keeps its own counts.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

from anyio import CapacityLimiter, to_thread
from fastapi import Request

from newsbrief.config import Settings
from newsbrief.errors import ErrorCode
from newsbrief.summarizers import ABSTRACTIVE
from newsbrief.web.errors import ApiError
from newsbrief.web.middleware import RateLimiter

P = ParamSpec("P")
T = TypeVar("T")
# Seconds a refused client is told to wait for a slot: in-flight work is counted, not timed, so
# this is a polite guess of how soon one frees up.
BUSY_RETRY_AFTER = "1"


def client_of(request: Request) -> str:
    """The client's address, as the connection gives it (``serve`` trusts no proxy headers)."""
    return request.client.host if request.client else "unknown"


class Busy:
    """Requests in flight, per client and in all, with a ceiling on each."""

    def __init__(self, per_client: int, total: int) -> None:
        self.per_client = per_client
        self.total = total
        self.in_flight = 0
        self._by_client: dict[str, int] = {}
        self._lock = threading.Lock()

    def enter(self, client: str) -> bool:
        """Count one more request for ``client``; False (and nothing counted) when over."""
        with self._lock:
            mine = self._by_client.get(client, 0)
            if mine >= self.per_client or self.in_flight >= self.total:
                return False
            self._by_client[client] = mine + 1
            self.in_flight += 1
            return True

    def leave(self, client: str) -> None:
        with self._lock:
            mine = self._by_client.get(client, 0)
            if mine == 0:
                return
            if mine == 1:
                del self._by_client[client]
            else:
                self._by_client[client] = mine - 1
            self.in_flight -= 1


class Slot:
    """One admitted request; ``release`` gives it back (once, however often it is called)."""

    __slots__ = ("_busy", "_client", "_held")

    def __init__(self, busy: Busy, client: str) -> None:
        self._busy = busy
        self._client = client
        self._held = True

    def release(self) -> None:
        if self._held:
            self._held = False
            self._busy.leave(self._client)


@dataclass(frozen=True, slots=True)
class Lane:
    """One kind of expensive work: its threads, its admission and (for the LLM) its rate."""

    name: str
    threads: CapacityLimiter
    busy: Busy
    rate: RateLimiter | None = None

    def admit(self, client: str) -> Slot:
        """A slot for ``client``, or ``ApiError`` 429 when it is over the rate or the counts."""
        if self.rate is not None:
            wait = self.rate.acquire(client)
            if wait > 0:
                retry = self.rate.retry_after(wait)
                raise ApiError(
                    429,
                    ErrorCode.RATE_LIMITED,
                    f"too many {self.name} requests; try again in {retry} s",
                    {"Retry-After": retry},
                )
        if not self.busy.enter(client):
            raise ApiError(
                429,
                ErrorCode.RATE_LIMITED,
                f"too many {self.name} requests in progress; try again shortly",
                {"Retry-After": BUSY_RETRY_AFTER},
            )
        return Slot(self.busy, client)

    async def run(self, client: str, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``work`` on one of this lane's threads, once ``client`` is admitted."""
        slot = self.admit(client)
        try:
            return await self.thread(work, *args, **kwargs)
        finally:
            slot.release()

    async def thread(self, work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """``work`` on one of this lane's threads, for a request admitted already."""
        call = functools.partial(work, *args, **kwargs)
        return await to_thread.run_sync(call, limiter=self.threads)


@dataclass(frozen=True, slots=True)
class Limits:
    """The lanes of one worker."""

    compute: Lane
    llm: Lane

    @classmethod
    def of(cls, settings: Settings) -> Limits:
        per_client = settings.busy_per_client
        return cls(
            compute=Lane(
                "summary",
                CapacityLimiter(settings.compute_threads),
                Busy(per_client, settings.max_computing),
            ),
            llm=Lane(
                "llm",
                CapacityLimiter(settings.llm_concurrency),
                Busy(per_client, settings.llm_concurrency),
                RateLimiter(settings.llm_per_minute),
            ),
        )

    def for_method(self, method: str) -> Lane:
        """The lane a summary by ``method`` runs in: an abstractive one waits for the LLM."""
        return self.llm if method in ABSTRACTIVE else self.compute


__all__ = ["BUSY_RETRY_AFTER", "Busy", "Lane", "Limits", "Slot", "client_of"]
