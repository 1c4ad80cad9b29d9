"""Subscribed feeds and the entries taken from them (articles themselves live in ``articles``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Engine, Row, Table, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from newsbrief.errors import ErrorCode, NotFound
from newsbrief.storage.database import write_transaction
from newsbrief.storage.schema import ArticleRow, FeedEntryRow, FeedRow
from newsbrief.storage.stored import as_utc

_FEEDS = cast(Table, FeedRow.__table__)
_ENTRIES = cast(Table, FeedEntryRow.__table__)
_ARTICLES = cast(Table, ArticleRow.__table__)
# Retry spacing after failures: 5 min, 10, 20, ... capped at 6 h, so a dead site is asked
# a few times a day, not every poll.
BACKOFF_BASE = timedelta(minutes=5)
BACKOFF_CAP = timedelta(hours=6)


@dataclass(frozen=True, slots=True)
class Feed:
    id: int
    url: str
    title: str | None
    etag: str | None
    last_modified: str | None
    last_polled: datetime | None
    next_poll: datetime | None
    failures: int
    last_error: str | None
    entries: int = 0
    last_error_code: str | None = None

    def due(self, now: datetime) -> bool:
        return self.next_poll is None or self.next_poll <= now


def backoff(failures: int) -> timedelta:
    """How long to wait before retrying a feed that failed ``failures`` times in a row."""
    wait: timedelta = BACKOFF_BASE * (2 ** max(0, failures - 1))
    return min(BACKOFF_CAP, wait)


def _feed(row: Row[Any], entries: int = 0) -> Feed:
    m = row._mapping
    optional = {k: as_utc(m[k]) if m[k] is not None else None for k in ("last_polled", "next_poll")}
    return Feed(
        id=m["id"],
        url=m["url"],
        title=m["title"],
        etag=m["etag"],
        last_modified=m["last_modified"],
        failures=m["failures"],
        last_error=m["last_error"],
        last_error_code=m["last_error_code"],
        entries=entries,
        **optional,
    )


class FeedRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, url: str, now: datetime | None = None) -> tuple[Feed, bool]:
        """The feed at ``url``, added unless it already was; and whether it was new."""
        try:
            with write_transaction(self.engine) as connection:
                connection.execute(
                    insert(_FEEDS).values(url=url, added_at=now or datetime.now(UTC), failures=0)
                )
            created = True
        except IntegrityError:
            created = False
        return self.by_url(url), created

    def by_url(self, url: str) -> Feed:
        with self.engine.connect() as connection:
            row = connection.execute(select(_FEEDS).where(_FEEDS.c.url == url)).first()
        if row is None:
            raise NotFound(f"no feed {url}", code=ErrorCode.FEED_NOT_FOUND)
        return _feed(row)

    def all(self) -> list[Feed]:
        counts = (
            select(_ENTRIES.c.feed_id, func.count().label("n"))
            .group_by(_ENTRIES.c.feed_id)
            .subquery()
        )
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(_FEEDS, func.coalesce(counts.c.n, 0).label("entry_count"))
                .outerjoin(counts, counts.c.feed_id == _FEEDS.c.id)
                .order_by(_FEEDS.c.id)
            ).all()
        return [_feed(row, int(row._mapping["entry_count"])) for row in rows]

    def succeeded(
        self,
        feed: Feed,
        now: datetime,
        *,
        title: str | None,
        etag: str | None,
        last_modified: str | None,
    ) -> None:
        with write_transaction(self.engine) as connection:
            connection.execute(
                update(_FEEDS)
                .where(_FEEDS.c.id == feed.id)
                .values(
                    title=title or feed.title,
                    etag=etag,
                    last_modified=last_modified,
                    last_polled=now,
                    next_poll=None,
                    failures=0,
                    last_error=None,
                    last_error_code=None,
                )
            )

    def failed(self, feed: Feed, now: datetime, error: str, code: str) -> datetime:
        """Record a failed poll (``code``: the error's ErrorCode value); the feed is next tried
        after the backoff. Returns when."""
        failures = feed.failures + 1
        retry = now + backoff(failures)
        with write_transaction(self.engine) as connection:
            connection.execute(
                update(_FEEDS)
                .where(_FEEDS.c.id == feed.id)
                .values(
                    last_polled=now,
                    next_poll=retry,
                    failures=failures,
                    last_error=error,
                    last_error_code=code,
                )
            )
        return retry

    def remove(self, feed_id: int) -> tuple[Feed, int]:
        """Unsubscribe: the feed and its record of entries go, the articles stay (no longer tied
        to a feed, still shown under the site they came from). Returns the feed and how many
        entries it had."""
        with write_transaction(self.engine) as connection:
            row = connection.execute(select(_FEEDS).where(_FEEDS.c.id == feed_id)).first()
            if row is None:
                raise NotFound(f"no feed {feed_id}", code=ErrorCode.FEED_NOT_FOUND)
            entries = connection.execute(
                delete(_ENTRIES).where(_ENTRIES.c.feed_id == feed_id)
            ).rowcount
            # Feed ids can be handed out again: a new feed must not inherit these articles.
            connection.execute(
                update(_ARTICLES).where(_ARTICLES.c.feed_id == feed_id).values(feed_id=None)
            )
            connection.execute(delete(_FEEDS).where(_FEEDS.c.id == feed_id))
        return _feed(row), int(entries)

    def known(self, feed: Feed, keys: list[str]) -> set[str]:
        """Which of these entry keys were already taken from this feed."""
        if not keys:
            return set()
        with self.engine.connect() as connection:
            found = connection.execute(
                select(_ENTRIES.c.entry_key).where(
                    _ENTRIES.c.feed_id == feed.id, _ENTRIES.c.entry_key.in_(keys)
                )
            ).scalars()
            return set(found)

    def remember(
        self,
        feed: Feed,
        key: str,
        *,
        guid: str | None,
        link: str | None,
        article_id: int | None,
        now: datetime,
    ) -> None:
        try:
            with write_transaction(self.engine) as connection:
                connection.execute(
                    insert(_ENTRIES).values(
                        feed_id=feed.id,
                        entry_key=key,
                        guid=guid,
                        link=link,
                        article_id=article_id,
                        seen_at=now,
                    )
                )
        except IntegrityError:
            pass  # another poller took it first: the entry is stored once either way


__all__ = ["BACKOFF_BASE", "BACKOFF_CAP", "Feed", "FeedRepository", "backoff"]
