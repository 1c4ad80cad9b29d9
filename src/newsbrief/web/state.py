"""What every request handler shares: settings, the store, the limits, the templates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from fastapi import Request
from fastapi.templating import Jinja2Templates

from newsbrief.config import Settings
from newsbrief.errors import ErrorCode, NotFound
from newsbrief.storage import Store
from newsbrief.storage.summaries import LRU
from newsbrief.web.limits import Limits
from newsbrief.web.llm_health import LlmHealth
from newsbrief.web.middleware import RateLimiter

# Ids are 32-bit on PostgreSQL; a larger number cannot name an article (and would overflow).
MAX_ID = 2**31 - 1


# A rendered API response: body and media type.
Rendered = tuple[bytes, str]


@dataclass(frozen=True, slots=True)
class Site:
    settings: Settings
    store: Store
    # POST /api/v1/summarize's rate per client; the lanes of expensive work.
    limiter: RateLimiter
    limits: Limits
    templates: Jinja2Templates
    # Summary responses by request, per worker. Stored articles never change (there is no update
    # or delete), so an answer for an id and options stays right for the worker's lifetime.
    responses: LRU[tuple[object, ...], Rendered]
    # Stories' timelines and catch-ups, keyed by the story's size and last change with the
    # request, so a story that grows is computed afresh.
    stories: LRU[tuple[object, ...], object]
    # Whether the LLM server answers: "AI rewrite" is offered only then.
    llm_health: LlmHealth


def site_of(request: Request) -> Site:
    return cast(Site, request.app.state.site)


def parse_id(raw: str) -> int:
    """An article id from a URL; anything that is not one is simply not found."""
    if not raw.isdecimal() or len(raw) > 10 or not 0 < int(raw) <= MAX_ID:
        raise NotFound(f"no article with id {raw!r}", code=ErrorCode.ARTICLE_NOT_FOUND)
    return int(raw)


def parse_story_id(raw: str) -> int:
    """A story id from a URL; anything that is not one is simply not found."""
    if not raw.isdecimal() or len(raw) > 10 or not 0 < int(raw) <= MAX_ID:
        raise NotFound(f"no story with id {raw!r}", code=ErrorCode.STORY_NOT_FOUND)
    return int(raw)


__all__ = ["MAX_ID", "Rendered", "Site", "parse_id", "parse_story_id", "site_of"]
