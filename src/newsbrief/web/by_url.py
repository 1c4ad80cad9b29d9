"""Summaries of publishers' pages by URL, for the widget: find the page's article, summarize it
through the summary cache, answer the JSON the widget reads.

The article is, in order: one the publisher stored through the API with that URL (no fetch at
all); the page as fetched less than ``ttl`` ago by any worker; else the page fetched now with the
SSRF-safe fetcher (conditionally when it was fetched before), limited to the site's domains at
every redirect. One worker fetches a page at a time (a claim on its row); the summary is keyed by
the article's content hash, so an unchanged page is never summarized twice and a changed one gets
a new summary.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal
from urllib.parse import urlsplit, urlunsplit

from newsbrief import summarizers
from newsbrief.config import LlmSettings
from newsbrief.errors import (
    ErrorCode,
    InputError,
    NewsbriefError,
    UpstreamError,
    unknown_choice,
)
from newsbrief.models import Article
from newsbrief.net.address import Policy, Resolver, resolve
from newsbrief.net.fetch import Fetcher
from newsbrief.reading.extraction import extract
from newsbrief.render import summary_record
from newsbrief.storage import Store, SummaryKey, content_hash
from newsbrief.storage.articles import MAX_URL_BYTES
from newsbrief.storage.pages import Page, PageStore
from newsbrief.storage.sites import Publisher
from newsbrief.summarizers.base import SummaryOptions
from newsbrief.web.summaries import ALIASES, LENGTHS, Length, is_fallback

# A publisher's page is an article, not a download: smaller than the feed fetcher's ceiling.
MAX_PAGE_BYTES = 3 * 1024 * 1024
FETCH_TIMEOUT = 10.0
# Query parameters that only say where a reader came from: the same article, whatever they hold.
_TRACKING = frozenset({"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga"})
# Codes of the fetcher's failures: a page that failed with one of these fails as upstream (502).
_UPSTREAM_CODES = frozenset(
    {
        ErrorCode.DNS_ERROR,
        ErrorCode.CONNECTION_ERROR,
        ErrorCode.TIMEOUT,
        ErrorCode.HTTP_ERROR,
        ErrorCode.FORBIDDEN_ADDRESS,
        ErrorCode.TOO_LARGE,
        ErrorCode.URL_REFUSED,
        ErrorCode.UPSTREAM_ERROR,
    }
)


@dataclass(frozen=True, slots=True)
class WidgetLength:
    """A length the widget offers: the reader site's preset of that name, laid out as a
    paragraph (sentences) or a list (key points)."""

    name: str
    preset: Length

    @property
    def layout(self) -> Literal["paragraph", "list"]:
        return "list" if self.preset.points else "paragraph"

    def options(self, method: str) -> SummaryOptions:
        return self.preset.options(method)


# The reader site's presets under the same names, and its old names as aliases (a page that
# still says length="bullets" gets key points).
WIDGET_LENGTHS: dict[str, WidgetLength] = {
    name: WidgetLength(name, preset) for name, preset in LENGTHS.items()
}
# Key points: what the whole article says, which is what a reader deciding to click wants.
DEFAULT_WIDGET_LENGTH = "points"


def widget_length(name: str | None) -> WidgetLength:
    chosen = ALIASES.get(name or DEFAULT_WIDGET_LENGTH, name or DEFAULT_WIDGET_LENGTH)
    if chosen not in WIDGET_LENGTHS:
        raise unknown_choice("length", chosen, WIDGET_LENGTHS)
    return WIDGET_LENGTHS[chosen]


def _invalid_url(message: str) -> InputError:
    return InputError(message, code=ErrorCode.INVALID_URL)


def page_url(raw: str | None) -> str:
    """The page's URL as the cache and the checks see it: http(s) only, no credentials and no
    fragment, the host lowercase without a default port, tracking parameters dropped (the rest of
    the query kept byte for byte)."""
    if not raw or not raw.strip():
        raise _invalid_url("give the page's URL as url=")
    if len(raw.encode("utf-8")) > MAX_URL_BYTES:
        raise _invalid_url(f"the URL is longer than {MAX_URL_BYTES} bytes")
    parts = urlsplit(raw.strip())
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc:
        raise _invalid_url(f"not an http(s) page URL: {raw[:200]!r}")
    try:
        port = parts.port
    except ValueError:
        raise _invalid_url(f"bad port in URL: {raw[:200]!r}") from None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    default = 443 if scheme == "https" else 80
    netloc = host if port is None or port == default else f"{host}:{port}"
    query = "&".join(p for p in parts.query.split("&") if p and not _is_tracking(p))
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def _is_tracking(pair: str) -> bool:
    name = pair.split("=", 1)[0].lower()
    return name.startswith("utm_") or name in _TRACKING


@dataclass(frozen=True, slots=True)
class Answer:
    """The widget's JSON; whether this request computed the summary (not a cache hit); how many
    seconds it stays right without a check (what is left of the page's ``ttl``); whether it may
    be kept at all (an LLM fallback may not: the LLM may answer next time)."""

    body: bytes
    computed: bool
    fresh_for: float
    cacheable: bool


class _Fallback(Exception):
    """The LLM's extractive stand-in: answered, never cached (it rolls the cache write back)."""

    def __init__(self, payload: str) -> None:
        super().__init__("fallback")
        self.payload = payload


def _now() -> datetime:
    return datetime.now(UTC)


class UrlSummaries:
    """Summaries by URL; safe to share between threads."""

    def __init__(
        self,
        store: Store,
        *,
        ttl: float,
        error_ttl: float,
        llm: LlmSettings | None = None,
        resolver: Resolver = resolve,
        timeout: float = FETCH_TIMEOUT,
    ) -> None:
        self.store = store
        self.pages = PageStore(store.engine)
        self.ttl = timedelta(seconds=ttl)
        self.error_ttl = timedelta(seconds=min(ttl, error_ttl))
        self.llm = llm
        self.resolver = resolver
        self.timeout = timeout
        # A claim outlives the slowest fetch the fetcher allows, extraction included.
        self.lease = timedelta(seconds=3 * timeout + 5)
        self._lock = threading.Lock()
        self.computations = 0
        self.fetches = 0

    def answer(self, publisher: Publisher, url: str, length: WidgetLength, method: str) -> Answer:
        """The JSON for ``url`` (already checked against the site) at ``length``."""
        options = length.options(method)
        digest, article, checked = self.article(publisher, url)
        payload, computed = self._summary(digest, article, options)
        record: dict[str, Any] = {
            "url": url,
            "title": article.title,
            "language": article.language,
            "length": length.name,
            "layout": length.layout,
            **payload,
        }
        body = json.dumps(record, ensure_ascii=False).encode("utf-8")
        left = (checked + self.ttl - _now()).total_seconds()
        return Answer(body, computed, max(0.0, left), cacheable=not is_fallback(payload))

    def article(self, publisher: Publisher, url: str) -> tuple[str, Article, datetime]:
        """The article at ``url``, its content hash, and when it was last known right: pushed
        (now: stored articles never change), recently fetched by any worker, or fetched now."""
        pushed = self.pages.pushed(url)
        if pushed is not None:
            return (*pushed, _now())
        page = self.pages.get(url)
        if page is not None and self._fresh(page, _now()):
            return _usable(page)
        deadline = time.monotonic() + self.lease.total_seconds()
        while True:
            if self.pages.claim(url, _now(), self.lease):
                return self._fetch(publisher, url, page)
            # Another thread or worker is fetching it: its answer is ours.
            waited = self.pages.wait(url, deadline)
            if waited is not None and not waited.claimed(_now()) and self._fresh(waited, _now()):
                return _usable(waited)
            if time.monotonic() >= deadline:
                raise UpstreamError(f"{url}: still being fetched", code=ErrorCode.TIMEOUT)
            page = waited

    def _fresh(self, page: Page, now: datetime) -> bool:
        if page.error_code is None and page.article is None:
            return False  # a row claimed for its first fetch: nothing known yet
        return page.fresh(now, self.error_ttl if page.error_code else self.ttl)

    def _fetch(
        self, publisher: Publisher, url: str, known: Page | None
    ) -> tuple[str, Article, datetime]:
        """Fetch ``url`` under this worker's claim, store what it gave, release the claim."""
        previous = known if known is not None and known.article is not None else None
        try:
            with self._lock:
                self.fetches += 1
            response = self._fetcher(publisher).get(
                url,
                etag=previous.etag if previous else None,
                modified=previous.last_modified if previous else None,
            )
            now = _now()
            if response.not_modified and previous is not None and previous.content_hash:
                self.pages.unchanged(url, now)
                return previous.content_hash, previous.article, now  # type: ignore[return-value]
            article = extract(response.content, url=url)
            digest = content_hash(article.text)
            self.pages.store(
                url,
                digest,
                article,
                etag=response.etag,
                last_modified=response.last_modified,
                now=now,
            )
            return digest, article, now
        except NewsbriefError as error:
            self.pages.failed(url, error.code, error.message, _now())
            raise
        except BaseException:
            self.pages.release(url)
            raise

    def _fetcher(self, publisher: Publisher) -> Fetcher:
        def within_site(url: str) -> None:
            if not publisher.allows_url(url):
                raise UpstreamError(
                    f"{url}: outside the domains of site {publisher.name}",
                    code=ErrorCode.URL_REFUSED,
                )

        return Fetcher(
            Policy(allow_private=publisher.allow_private),
            timeout=self.timeout,
            max_bytes=MAX_PAGE_BYTES,
            # Fetches of one site are already few: one per page per ttl, whatever the readers.
            host_delay=0,
            resolver=self.resolver,
            allow_url=within_site,
        )

    def _summary(
        self, digest: str, article: Article, options: SummaryOptions
    ) -> tuple[dict[str, Any], bool]:
        """The summary payload from the cache, and whether this call computed it."""

        def compute() -> str:
            summarizer = summarizers.get(options.method, self.llm)
            summary = summarizer(summarizers.segment(article), options)
            record = summary_record(summary)
            with self._lock:
                self.computations += 1
            payload = json.dumps(record, ensure_ascii=False)
            if is_fallback(record):
                raise _Fallback(payload)
            return payload

        try:
            payload, cached = self.store.summaries.get_or_compute(
                SummaryKey.of(digest, options), compute
            )
        except _Fallback as fallback:
            return json.loads(fallback.payload), True
        result: dict[str, Any] = json.loads(payload)
        return result, not cached


def _usable(page: Page) -> tuple[str, Article, datetime]:
    """The page's article and when it was checked, or its stored error raised again."""
    if page.error_code is not None:
        code = ErrorCode(page.error_code)
        message = page.error or "the page could not be read"
        if code in _UPSTREAM_CODES:
            raise UpstreamError(message, code=code)
        raise InputError(message, code=code)
    if page.article is None or page.content_hash is None or page.checked_at is None:
        raise UpstreamError(f"{page.url}: not fetched yet", code=ErrorCode.UPSTREAM_ERROR)
    return page.content_hash, page.article, page.checked_at


__all__ = [
    "DEFAULT_WIDGET_LENGTH",
    "MAX_PAGE_BYTES",
    "WIDGET_LENGTHS",
    "Answer",
    "UrlSummaries",
    "WidgetLength",
    "page_url",
    "widget_length",
]
