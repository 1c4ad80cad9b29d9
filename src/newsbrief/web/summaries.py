"""Summaries of stored articles through the cache, and the reader's length presets.

A cached summary is read on the framework's shared threads (cheap); a missing one is computed in
its lane (:mod:`newsbrief.web.limits`), once the client is admitted there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fastapi.concurrency import run_in_threadpool

from newsbrief import summarizers
from newsbrief.config import LlmSettings
from newsbrief.errors import ErrorCode, unknown_choice
from newsbrief.render import summary_record
from newsbrief.storage import Store, StoredArticle, SummaryKey
from newsbrief.summarizers.base import SummaryOptions
from newsbrief.web.state import Site


@dataclass(frozen=True, slots=True)
class Length:
    """A length the article page offers: a label, a count, and whether the count is of key
    points (laid out as a list: distinct facts from the whole article) or of sentences (a
    paragraph of the best ones)."""

    name: str
    label: str
    count: int
    points: bool

    def options(self, method: str = "news") -> SummaryOptions:
        if self.points:
            return SummaryOptions(method=method, points=self.count)
        return SummaryOptions(method=method, sentences=self.count)

    @property
    def query(self) -> str:
        """The length as the API's query parameter (``points=5``, ``sentences=2``)."""
        return f"{'points' if self.points else 'sentences'}={self.count}"


# Short fits a phone screen without scrolling; medium is a full paragraph; key points list the
# article's distinct facts one per line, from top to bottom (each line is quick to scan).
LENGTHS: dict[str, Length] = {
    "short": Length("short", "Short", 2, points=False),
    "medium": Length("medium", "Medium", 4, points=False),
    "points": Length("points", "Key points", 5, points=True),
}
# Older names of a length, still answered: links to "Bullets" were shared before key points.
ALIASES: dict[str, str] = {"bullets": "points"}
DEFAULT_LENGTH = "short"


def length_named(name: str | None) -> Length:
    if name is None or name == "":
        return LENGTHS[DEFAULT_LENGTH]
    name = ALIASES.get(name, name)
    if name not in LENGTHS:
        raise unknown_choice("length", name, LENGTHS)
    return LENGTHS[name]


async def summary_of(
    site: Site, client: str, stored: StoredArticle, options: SummaryOptions
) -> dict[str, Any]:
    """The summary of a stored article: from the cache, else computed in its lane for
    ``client`` (``ApiError`` 429 when the client or the lane is over its limits)."""
    key = SummaryKey.of(stored.content_hash, options)
    payload = await run_in_threadpool(site.store.summaries.get, key)
    if payload is not None:
        found: dict[str, Any] = json.loads(payload)
        return found
    lane = site.limits.for_method(options.method)
    return await lane.run(client, cached_summary, site.store, stored, options, site.settings.llm)


def cached_summary(
    store: Store, stored: StoredArticle, options: SummaryOptions, llm: LlmSettings | None
) -> dict[str, Any]:
    """The summary of a stored article from the summary cache; on a miss it is computed and
    written to the cache (at most once per content, method and length in a process). An LLM
    fallback is returned but not cached. ``llm`` is the site's LLM server (for the ``llm``
    method). Blocking: run it on a lane's thread."""
    key = SummaryKey.of(stored.content_hash, options)

    def compute() -> str:
        summarizer = summarizers.get(options.method, llm)
        summary = summarizer(summarizers.segment(stored.article), options)
        record = summary_record(summary)
        payload = json.dumps(record, ensure_ascii=False)
        if is_fallback(record):
            raise _Uncached(payload)  # leaves the cache before anything is stored
        return payload

    try:
        payload, _cached = store.summaries.get_or_compute(key, compute)
    except _Uncached as uncached:
        payload = uncached.payload
    result: dict[str, Any] = json.loads(payload)
    return result


class _Uncached(Exception):
    """A stand-in answer (the LLM's extractive fallback) that must not be cached: the next
    request should try the LLM again."""

    def __init__(self, payload: str) -> None:
        super().__init__("uncached")
        self.payload = payload


# Failures that say how the site is set up (no server, wrong URL or key, not installed): the
# log gets the details, readers only that the rewrite is unavailable.
SETUP_ERRORS = frozenset(
    {
        ErrorCode.LLM_NOT_CONFIGURED,
        ErrorCode.LLM_NOT_INSTALLED,
        ErrorCode.LLM_UNREACHABLE,
        ErrorCode.LLM_REJECTED,
        ErrorCode.LLM_SERVER_ERROR,
        ErrorCode.LLM_BAD_RESPONSE,
    }
)
UNAVAILABLE = "the AI model is not available right now"


def reader_message(code: str, message: str) -> str:
    """What a reader is told of an LLM failure: its message, unless it is about the setup."""
    return UNAVAILABLE if code in SETUP_ERRORS else message


def is_fallback(payload: dict[str, Any]) -> bool:
    llm = payload.get("llm")
    return isinstance(llm, dict) and llm.get("status") == "fallback"


__all__ = [
    "ALIASES",
    "DEFAULT_LENGTH",
    "LENGTHS",
    "SETUP_ERRORS",
    "UNAVAILABLE",
    "Length",
    "cached_summary",
    "is_fallback",
    "length_named",
    "reader_message",
    "summary_of",
]
