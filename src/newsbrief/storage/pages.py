"""Publishers' pages for the widget: what the last fetch of each URL found, and who fetches next.

A row holds the extracted article (or the error of the last attempt) and the validators for the
next conditional GET. Fetching is claimed on the row first (``claimed_until``: a lease), so that
however many threads and worker processes want the same page at once, one fetches it and the
others wait for its answer. Every statement is a short transaction; the fetch itself runs outside.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Engine, Row, Table, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from newsbrief.models import Article
from newsbrief.storage.database import write_transaction
from newsbrief.storage.schema import ArticleRow, PageRow
from newsbrief.storage.stored import as_utc

_PAGES = cast(Table, PageRow.__table__)
_ARTICLES = cast(Table, ArticleRow.__table__)
# How often a waiting worker looks whether the claimed fetch has finished.
_POLL_SECONDS = 0.05


@dataclass(frozen=True, slots=True)
class Page:
    """A page as last fetched: its article and content hash, or the error that fetch gave."""

    url: str
    content_hash: str | None
    article: Article | None
    etag: str | None
    last_modified: str | None
    error_code: str | None
    error: str | None
    checked_at: datetime | None
    claimed_until: datetime | None

    def fresh(self, now: datetime, ttl: timedelta) -> bool:
        return self.checked_at is not None and now < self.checked_at + ttl

    def claimed(self, now: datetime) -> bool:
        return self.claimed_until is not None and now < self.claimed_until


def _optional_utc(value: datetime | None) -> datetime | None:
    return as_utc(value) if value is not None else None


def _page(row: Row[Any]) -> Page:
    m = row._mapping
    article = None
    if m["body"] is not None:
        article = Article(m["body"], title=m["title"], language=m["language"], url=m["url"])
    return Page(
        url=m["url"],
        content_hash=m["content_hash"],
        article=article,
        etag=m["etag"],
        last_modified=m["last_modified"],
        error_code=m["error_code"],
        error=m["error"],
        checked_at=_optional_utc(m["checked_at"]),
        claimed_until=_optional_utc(m["claimed_until"]),
    )


class PageStore:
    """The pages table; safe to share between threads (each call takes its own connection)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def get(self, url: str) -> Page | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(_PAGES).where(_PAGES.c.url == url)).first()
        return _page(row) if row is not None else None

    def pushed(self, url: str) -> tuple[str, Article] | None:
        """The article a publisher stored for this URL through the API, with its content hash."""
        c = _ARTICLES.c
        with self.engine.connect() as connection:
            row = connection.execute(
                select(c.content_hash, c.body, c.title, c.language).where(c.url == url).limit(1)
            ).first()
        if row is None:
            return None
        return row.content_hash, Article(row.body, title=row.title, language=row.language, url=url)

    def claim(self, url: str, now: datetime, lease: timedelta) -> bool:
        """Take the right to fetch ``url`` until ``now + lease``; False when another worker holds
        it."""
        until = now + lease
        with write_transaction(self.engine) as connection:
            taken = connection.execute(
                update(_PAGES)
                .where(
                    _PAGES.c.url == url,
                    or_(_PAGES.c.claimed_until.is_(None), _PAGES.c.claimed_until <= now),
                )
                .values(claimed_until=until)
            ).rowcount
        if taken:
            return True
        try:
            with write_transaction(self.engine) as connection:
                connection.execute(insert(_PAGES).values(url=url, claimed_until=until))
        except IntegrityError:
            return False  # the row exists and another worker's claim on it is still running
        return True

    def wait(self, url: str, deadline: float) -> Page | None:
        """The page once no live claim is on it (or at ``deadline``, a ``time.monotonic()``)."""
        while True:
            page = self.get(url)
            if page is None or not page.claimed(datetime.now(UTC)):
                return page
            if time.monotonic() >= deadline:
                return page
            time.sleep(_POLL_SECONDS)

    def store(
        self,
        url: str,
        content_hash: str,
        article: Article,
        *,
        etag: str | None,
        last_modified: str | None,
        now: datetime,
    ) -> None:
        """What a full fetch found; the claim is released."""
        self._finish(
            url,
            content_hash=content_hash,
            title=article.title,
            language=article.language,
            body=article.text,
            etag=etag,
            last_modified=last_modified,
            error_code=None,
            error=None,
            checked_at=now,
        )

    def unchanged(self, url: str, now: datetime) -> None:
        """The page answered 304: what is stored stays right for another while."""
        self._finish(url, error_code=None, error=None, checked_at=now)

    def failed(self, url: str, code: str, message: str, now: datetime) -> None:
        """The fetch failed: the error stands in for the page until it is checked again; the last
        good article and its validators are kept."""
        self._finish(url, error_code=code, error=message, checked_at=now)

    def release(self, url: str) -> None:
        """Give the claim up without an answer (the fetch crashed)."""
        self._finish(url)

    def _finish(self, url: str, **values: object) -> None:
        with write_transaction(self.engine) as connection:
            connection.execute(
                update(_PAGES).where(_PAGES.c.url == url).values(claimed_until=None, **values)
            )


__all__ = ["Page", "PageStore"]
