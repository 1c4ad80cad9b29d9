"""Whether the site's LLM server answers, asked at most once per ``ttl`` seconds per worker: the
summary panel offers "AI rewrite" only when it did. Why it did not goes to the log, never to
readers (a setup error names settings they cannot change).

The check is blocking (a short HTTP request): call :meth:`LlmHealth.answered` on a thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from newsbrief.config import LlmSettings
from newsbrief.errors import UpstreamError
from newsbrief.llm.client import LlmClient

log = logging.getLogger("newsbrief.llm")
# Long enough that a busy site asks rarely, short enough that a server started after the site
# is offered soon.
HEALTH_TTL = 30.0
# A server that takes longer than this to list its models is not one to offer readers.
PING_TIMEOUT = 2.0


class LlmHealth:
    """The last answer of the LLM server's health check, refreshed when older than ``ttl``."""

    def __init__(
        self,
        settings: LlmSettings | None,
        *,
        ttl: float = HEALTH_TTL,
        timeout: float = PING_TIMEOUT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.ttl = ttl
        self.timeout = timeout
        self._clock = clock
        self._lock = threading.Lock()
        self._checked: float | None = None
        self._ok = False
        self.checks = 0

    def answered(self) -> bool:
        """Whether the server answered its last check (made now when that one is stale).
        Blocking; concurrent callers share one check."""
        if self.settings is None:
            return False
        with self._lock:
            now = self._clock()
            if self._checked is not None and now - self._checked < self.ttl:
                return self._ok
            ok = self._check(self.settings)
            if ok != self._ok or self._checked is None:
                log.info("llm server %s", "answers" if ok else "does not answer")
            self._ok, self._checked = ok, self._clock()
            return ok

    def _check(self, settings: LlmSettings) -> bool:
        self.checks += 1
        try:
            LlmClient(settings).ping(self.timeout)
        except UpstreamError as error:
            log.warning("llm health check failed: %s (%s)", error.message, error.code)
            return False
        return True


__all__ = ["HEALTH_TTL", "LlmHealth"]
