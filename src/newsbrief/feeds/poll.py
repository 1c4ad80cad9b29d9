"""Polling subscribed feeds: fetch each due feed, parse it, store its new entries.

Feeds are polled several at once (the work is waiting on the network); requests to one host stay
spaced out by the shared fetcher. Each feed is isolated: whatever goes wrong with it (a timeout,
an HTTP error, not a feed, even a bug) is recorded on that feed with its error, retried after a
growing backoff, and never stops the others. Each new entry (keyed by GUID, else link, else text)
is stored once through the article repository, tied to the feed that brought it. A feed vouches
only for links on its own site (:mod:`.sites`): an entry linking elsewhere is stored without
claiming that URL (shown under the feed's site), so it cannot block the publisher's own copy.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newsbrief.errors import ErrorCode, InputError, NewsbriefError
from newsbrief.feeds.fields import usable_date
from newsbrief.feeds.parse import MAX_ENTRIES, MAX_FEED_BYTES, Entry, parse_feed
from newsbrief.feeds.sites import shown_as, vouches_for
from newsbrief.models import Article
from newsbrief.net.fetch import Fetcher
from newsbrief.reading.extraction import extract
from newsbrief.storage import Repository
from newsbrief.storage.feeds import Feed, FeedRepository

log = logging.getLogger("newsbrief.feeds")
# Feeds polled at once: enough that a slow feed does not hold up the rest, few enough to be a
# polite client and to keep database writers few.
WORKERS = 8


@dataclass(slots=True)
class PollResult:
    feed: Feed
    added: int = 0
    known: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str | None = None
    retry_at: datetime | None = None
    not_modified: bool = False

    title: str | None = None

    @property
    def name(self) -> str:
        return self.title or self.feed.title or self.feed.url


def _internal(error: Exception) -> str:
    return f"internal error ({type(error).__name__}: {error}); please report it"


@dataclass(slots=True)
class Poller:
    """Polls every due feed (``force``: every feed, backoff or not): fetch (conditionally),
    parse, store the ``max_entries`` newest entries not seen before, record the outcome."""

    feeds: FeedRepository
    articles: Repository
    fetcher: Fetcher
    fetch_pages: bool = False
    max_entries: int = MAX_ENTRIES
    force: bool = False
    workers: int = WORKERS
    _stop: threading.Event = field(default_factory=threading.Event)

    def poll(
        self, now: datetime | None = None, on_feed: Callable[[PollResult], None] | None = None
    ) -> list[PollResult]:
        """Every feed's outcome, in the feeds' order; ``on_feed`` hears of each (in this thread)
        as soon as it is done."""
        when = now or datetime.now(UTC)
        feeds = self.feeds.all()
        done: dict[int, PollResult] = {}
        pool = ThreadPoolExecutor(max(1, min(self.workers, len(feeds))), "newsbrief-feed")
        try:
            futures = [pool.submit(self._poll_feed, feed, when) for feed in feeds]
            for future in as_completed(futures):
                result = future.result()
                done[result.feed.id] = result
                if on_feed is not None:
                    on_feed(result)
        except BaseException:
            # Interrupted: the feeds in hand stop after their current request.
            self._stop.set()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown()
        return [done[feed.id] for feed in feeds]

    def _due(self, feed: Feed, now: datetime) -> bool:
        if self.force or feed.due(now):
            return True
        # A refused address is this side's policy, not the site failing: once the policy
        # allows more, the feed is tried again at once.
        refused = feed.last_error_code == ErrorCode.FORBIDDEN_ADDRESS
        return refused and self.fetcher.policy.widened

    def _poll_feed(self, feed: Feed, now: datetime) -> PollResult:
        """One feed's outcome: any failure is recorded with its retry time, never raised."""
        result = PollResult(feed)
        if not self._due(feed, now):
            result.retry_at = feed.next_poll
            result.error = f"backing off after {feed.failures} failures: {feed.last_error}"
            return result
        try:
            self._poll_one(feed, now, result)
        except NewsbriefError as error:
            self._failed(feed, now, result, error.message, error.code)
        except Exception as error:
            # A bug, or a failure nothing anticipated: still this feed's alone.
            log.debug("polling %s failed", feed.url, exc_info=True)
            self._failed(feed, now, result, _internal(error), ErrorCode.INTERNAL_ERROR)
        return result

    def _failed(
        self, feed: Feed, now: datetime, result: PollResult, message: str, code: ErrorCode
    ) -> None:
        result.error = message
        try:
            result.retry_at = self.feeds.failed(feed, now, message, code.value)
        except Exception as error:
            log.debug("recording the failure of %s failed", feed.url, exc_info=True)
            result.error += f" (not recorded: {type(error).__name__}: {error})"

    def _poll_one(self, feed: Feed, now: datetime, result: PollResult) -> None:
        fetched = self._fetch(feed)
        if fetched is None:
            result.not_modified = True
            self.feeds.succeeded(
                feed, now, title=feed.title, etag=feed.etag, last_modified=feed.last_modified
            )
            return
        content, etag, modified = fetched
        parsed = parse_feed(content, max_entries=self.max_entries)
        result.title = parsed.title
        result.skipped.extend(parsed.skipped)
        result.notes.extend(parsed.notes)
        if not self._store_new(feed, parsed.entries, now, result):
            # A failed entry is not remembered, so the next poll must make a full GET: a
            # conditional one would be answered 304 and never show the entry again.
            etag = modified = None
        self.feeds.succeeded(feed, now, title=parsed.title, etag=etag, last_modified=modified)

    def _fetch(self, feed: Feed) -> tuple[bytes, str | None, str | None] | None:
        """The feed's content, ETag and Last-Modified; ``None`` when it has not changed."""
        if feed.url.startswith("file:"):
            return _read_file(feed.url), None, None
        response = self.fetcher.get(feed.url, etag=feed.etag, modified=feed.last_modified)
        if response.not_modified:
            return None
        return response.content, response.etag, response.last_modified

    def _store_new(
        self, feed: Feed, entries: list[Entry], now: datetime, result: PollResult
    ) -> bool:
        """Store the entries not seen before; whether every one of them could be stored."""
        known = self.feeds.known(feed, [entry.key for entry in entries])
        complete = True
        for entry in entries:
            if self._stop.is_set():
                return False
            if entry.key in known:
                result.known += 1
                continue
            label = entry.title or entry.link or "an entry"
            try:
                article = self._article(feed, entry)
                via = None if article.url else shown_as(feed.url)
                stored = self.articles.add(
                    article, external_id=entry.guid, feed_id=feed.id, via=via
                )
                self.feeds.remember(
                    feed, entry.key, guid=entry.guid, link=entry.link, article_id=stored.id, now=now
                )
            except NewsbriefError as error:
                result.skipped.append((label, error.message))
                complete = False
                continue
            except Exception as error:
                log.debug("storing an entry of %s failed", feed.url, exc_info=True)
                result.skipped.append((label, _internal(error)))
                complete = False
                continue
            if stored.created:
                result.added += 1
            else:
                result.known += 1
        return complete

    def _article(self, feed: Feed, entry: Entry) -> Article:
        if entry.teaser and self.fetch_pages and entry.link:
            return self._page_article(entry, entry.link)
        # The feed's text under the entry's link only when the feed is that link's site.
        own = entry.link if entry.link and vouches_for(feed.url, entry.link) else None
        return _entry_article(entry, own, self.fetch_pages)

    def _page_article(self, entry: Entry, link: str) -> Article:
        """A teaser's story from its linked page, stored under the address it was read from."""
        page = self.fetcher.get(link)
        article = extract(page.content, url=page.url, kind="html")
        published = (
            article.published if article.published and usable_date(article.published) else None
        )
        # The page's own fields win; the feed fills in what the page lacks.
        return Article(
            text=article.text,
            title=article.title or entry.title,
            byline=article.byline or entry.author,
            published=published or entry.published,
            language=article.language,
            url=page.url,
            previous=article.previous,
            next=article.next,
        )


def _entry_article(entry: Entry, url: str | None, fetch_pages: bool) -> Article:
    """The story as the feed carries it, under ``url`` when the feed vouches for one."""
    if not entry.text:
        hint = "" if fetch_pages else "; --fetch-pages takes the linked page"
        raise InputError(f"the entry has no text{hint}", code=ErrorCode.EMPTY_INPUT)
    article = extract(entry.text, url=url, kind="text")
    return Article(
        text=article.text,
        title=entry.title or article.title,
        byline=entry.author,
        published=entry.published,
        language=article.language,
        url=url,
    )


def _read_file(url: str) -> bytes:
    path = Path(unquote(urlsplit(url).path))
    if not path.is_file():
        raise InputError(f"cannot read {path}: not a file", code=ErrorCode.UNREADABLE)
    try:
        with path.open("rb") as handle:
            content = handle.read(MAX_FEED_BYTES + 1)
    except OSError as error:
        raise InputError(
            f"cannot read {path}: {error.strerror or error}", code=ErrorCode.UNREADABLE
        ) from None
    return content


__all__ = ["WORKERS", "PollResult", "Poller"]
