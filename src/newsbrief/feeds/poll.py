"""Polling subscribed feeds: fetch each due feed, parse it, store its new entries.

Each new entry is stored once (keyed by GUID, else link, else text) through the article
repository, so it shows on the site with its source. A feed that fails (timeout, HTTP error, not
a feed) is recorded with its error and retried after a growing backoff; the others go on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from newsbrief.errors import ErrorCode, InputError, NewsbriefError
from newsbrief.feeds.parse import MAX_FEED_BYTES, Entry, parse_feed
from newsbrief.models import Article
from newsbrief.net.fetch import Fetcher
from newsbrief.reading.extraction import extract
from newsbrief.storage import Repository
from newsbrief.storage.feeds import Feed, FeedRepository


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


@dataclass(slots=True)
class Poller:
    """Polls every due feed: fetch (conditionally), parse, store new entries, record the outcome."""

    feeds: FeedRepository
    articles: Repository
    fetcher: Fetcher
    fetch_pages: bool = False

    def poll(
        self, now: datetime | None = None, on_feed: Callable[[PollResult], None] | None = None
    ) -> list[PollResult]:
        results = []
        for feed in self.feeds.all():
            result = self._poll_feed(feed, now or datetime.now(UTC))
            results.append(result)
            if on_feed is not None:
                on_feed(result)
        return results

    def _poll_feed(self, feed: Feed, now: datetime) -> PollResult:
        """One feed's outcome: a failure is recorded with its retry time, never raised."""
        result = PollResult(feed)
        if not feed.due(now):
            result.retry_at = feed.next_poll
            result.error = f"backing off after {feed.failures} failures: {feed.last_error}"
            return result
        try:
            self._poll_one(feed, now, result)
        except NewsbriefError as error:
            result.error = error.message
            result.retry_at = self.feeds.failed(feed, now, error.message)
        return result

    def _poll_one(self, feed: Feed, now: datetime, result: PollResult) -> None:
        fetched = self._fetch(feed)
        if fetched is None:
            result.not_modified = True
            self.feeds.succeeded(
                feed, now, title=feed.title, etag=feed.etag, last_modified=feed.last_modified
            )
            return
        content, etag, modified = fetched
        parsed = parse_feed(content)
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
            if entry.key in known:
                result.known += 1
                continue
            try:
                article = self._article(entry)
                stored = self.articles.add(article, external_id=entry.guid)
            except NewsbriefError as error:
                result.skipped.append((entry.title or entry.link or "an entry", error.message))
                complete = False
                continue
            self.feeds.remember(
                feed, entry.key, guid=entry.guid, link=entry.link, article_id=stored.id, now=now
            )
            if stored.created:
                result.added += 1
            else:
                result.known += 1
        return complete

    def _article(self, entry: Entry) -> Article:
        if entry.teaser and self.fetch_pages and entry.link:
            return self._page_article(entry, entry.link)
        return _entry_article(entry, self.fetch_pages)

    def _page_article(self, entry: Entry, link: str) -> Article:
        """A teaser's story from its linked page."""
        page = self.fetcher.get(link)
        article = extract(page.content, url=page.url, kind="html")
        # The page's own fields win; the feed fills in what the page lacks.
        return Article(
            text=article.text,
            title=article.title or entry.title,
            byline=article.byline or entry.author,
            published=article.published or entry.published,
            language=article.language,
            url=link,
            previous=article.previous,
            next=article.next,
        )


def _entry_article(entry: Entry, fetch_pages: bool) -> Article:
    """The story as the feed carries it."""
    if not entry.text:
        hint = "" if fetch_pages else "; --fetch-pages takes the linked page"
        raise InputError(f"the entry has no text{hint}", code=ErrorCode.EMPTY_INPUT)
    article = extract(entry.text, url=entry.link, kind="text")
    return Article(
        text=article.text,
        title=entry.title or article.title,
        byline=entry.author,
        published=entry.published,
        language=article.language,
        url=entry.link,
    )


def _read_file(url: str) -> bytes:
    path = Path(unquote(urlsplit(url).path))
    try:
        with path.open("rb") as handle:
            content = handle.read(MAX_FEED_BYTES + 1)
    except OSError as error:
        raise InputError(
            f"cannot read {path}: {error.strerror or error}", code=ErrorCode.UNREADABLE
        ) from None
    return content


__all__ = ["PollResult", "Poller"]
