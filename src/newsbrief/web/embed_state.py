"""What the widget's endpoints share in a worker: the sites by key, the answers in memory, the
limits, the usage counts and the script itself."""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool

from newsbrief.config import Settings
from newsbrief.storage import Store
from newsbrief.storage.sites import Publisher, Publishers, Usage
from newsbrief.storage.summaries import LRU
from newsbrief.web.by_url import UrlSummaries
from newsbrief.web.flight import Flights
from newsbrief.web.middleware import RateLimiter

SCRIPT = Path(__file__).parent / "static" / "embed.js"
# A site added or removed with `newsbrief sites` takes effect in a running server within this
# many seconds; an unknown key reloads the sites at most once per UNKNOWN_RELOAD seconds.
RELOAD_SECONDS = 30.0
UNKNOWN_RELOAD_SECONDS = 1.0
# A page that is not an article, or a server that failed, is asked again after this long.
ERROR_TTL_SECONDS = 60.0
ResponseKey = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Cached:
    """An answer as sent (JSON body and status) and until when it is served without a check."""

    body: bytes
    status: int
    fresh_until: float

    def fresh(self, now: float) -> bool:
        return now < self.fresh_until


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a flight for one key landed with, and whether it computed a summary."""

    cached: Cached
    computed: bool


@dataclass(frozen=True, slots=True)
class Script:
    """embed.js as served: plain and gzipped, with its ETag."""

    body: bytes
    gzipped: bytes
    etag: str

    @classmethod
    def load(cls, path: Path = SCRIPT) -> Script:
        body = path.read_bytes()
        digest = hashlib.sha256(body).hexdigest()[:16]
        return cls(body, gzip.compress(body, compresslevel=9, mtime=0), f'"{digest}"')


class Directory:
    """The registered sites by key, in this worker's memory, reloaded from the database in the
    background every RELOAD_SECONDS."""

    def __init__(self, publishers: Publishers) -> None:
        self.publishers = publishers
        self.reload_every = RELOAD_SECONDS
        self.unknown_every = UNKNOWN_RELOAD_SECONDS
        self._by_key: dict[str, Publisher] = {}
        self._loaded = -float("inf")
        self._reloads: Flights[str, None] = Flights()
        self._background: set[asyncio.Future[tuple[None, bool]]] = set()

    async def find(self, key: str) -> Publisher | None:
        """The site with this key. Only an unknown key may wait for a reload; a known one is
        answered from memory and refreshed behind the scenes when due."""
        site = self._by_key.get(key)
        age = time.monotonic() - self._loaded
        if site is None and age >= self.unknown_every:
            await self._reloads.run("sites", self._reload)
            return self._by_key.get(key)
        if site is not None and age >= self.reload_every and not self._reloads.running("sites"):
            later = asyncio.ensure_future(self._reloads.run("sites", self._reload))
            self._background.add(later)
            later.add_done_callback(self._background.discard)
        return site

    async def _reload(self) -> None:
        sites = await run_in_threadpool(self.publishers.all)
        self._by_key = {site.key: site for site in sites}
        self._loaded = time.monotonic()


@dataclass(slots=True)
class Embed:
    directory: Directory
    summaries: UrlSummaries
    usage: Usage
    responses: LRU[ResponseKey, Cached]
    per_client: RateLimiter
    per_site: RateLimiter
    error_ttl: float
    script: Script
    flights: Flights[ResponseKey, Outcome] = field(default_factory=Flights)


def create_embed(settings: Settings, store: Store) -> Embed:
    publishers = Publishers(store.engine)
    error_ttl = min(settings.embed_ttl, ERROR_TTL_SECONDS)
    return Embed(
        directory=Directory(publishers),
        summaries=UrlSummaries(
            store, ttl=settings.embed_ttl, error_ttl=error_ttl, llm=settings.llm
        ),
        usage=Usage(publishers),
        responses=LRU(settings.memory_cache_size),
        per_client=RateLimiter(settings.embed_per_minute),
        per_site=RateLimiter(settings.embed_site_per_minute),
        error_ttl=error_ttl,
        script=Script.load(),
    )


def embed_of(request: Request) -> Embed:
    return cast(Embed, request.app.state.embed)


@asynccontextmanager
async def embed_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """The app's lifespan: the usage counted since the last flush is written when it stops."""
    yield
    embed: Embed | None = getattr(app.state, "embed", None)
    if embed is not None:
        await run_in_threadpool(embed.usage.close)


__all__ = [
    "Cached",
    "Directory",
    "Embed",
    "Outcome",
    "Script",
    "create_embed",
    "embed_lifespan",
    "embed_of",
]
