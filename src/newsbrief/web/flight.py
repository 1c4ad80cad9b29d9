"""Single flight on the event loop: one piece of work per key at a time, whoever asks.

Callers that ask for a key while its work runs await the same task instead of starting their own,
and hold no thread while they wait (the work itself may run in the thread pool). A caller that
goes away (the client disconnected) does not cancel the work the others are waiting for.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


class Flights(Generic[K, T]):
    def __init__(self) -> None:
        self._running: dict[K, asyncio.Future[T]] = {}

    def running(self, key: K) -> bool:
        return key in self._running

    async def run(self, key: K, work: Callable[[], Awaitable[T]]) -> tuple[T, bool]:
        """The result of ``work()`` for ``key``, and whether this call started it (False: it
        joined a flight already under way)."""
        task = self._running.get(key)
        leader = task is None
        if task is None:
            task = asyncio.ensure_future(work())
            self._running[key] = task
            task.add_done_callback(lambda done: self._landed(key, done))
        return await asyncio.shield(task), leader

    def _landed(self, key: K, task: asyncio.Future[T]) -> None:
        if self._running.get(key) is task:
            del self._running[key]
        if not task.cancelled():
            # Retrieved here so that a failure whose callers all went away is not reported as
            # "never retrieved"; the callers still present get it raised.
            task.exception()


__all__ = ["Flights"]
