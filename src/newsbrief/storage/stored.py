"""Values the storage layer hands out: stored articles, their neighbours and pages of them."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar
from urllib.parse import urlsplit

from sqlalchemy import Row

from newsbrief.errors import InputError
from newsbrief.models import Article
from newsbrief.records import published_moment

T = TypeVar("T")

# Adult silent reading of non-fiction runs at about 238 words a minute (Brysbaert 2019, a
# meta-analysis of 190 studies); news sites round to the same order.
WORDS_PER_MINUTE = 238


def content_hash(text: str) -> str:
    """The identity of an article's body: whitespace differences do not make a new article."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def parse_published(value: str | None) -> datetime | None:
    """An ISO 8601 date or date-time as an aware UTC datetime (naive ones are taken as UTC);
    ``None`` for anything else, a moment UTC cannot hold included: an article stored through
    the library skips the record rules, and a date is never worth failing a page for."""
    if not value:
        return None
    try:
        return published_moment(value)
    except InputError:
        return None


def as_utc(value: datetime) -> datetime:
    """SQLite hands timestamps back naive; they were written in UTC."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class StoredArticle:
    id: int
    article: Article
    content_hash: str
    external_id: str | None
    word_count: int
    ingested_at: datetime
    ordered_at: datetime
    # Provenance: the feed that brought it, and the site it is shown under when its URL was
    # only claimed by a feed of another site (then ``article.url`` is None).
    feed_id: int | None = None
    via: str | None = None

    @property
    def title(self) -> str:
        return self.article.title or "Untitled article"

    @property
    def source(self) -> str | None:
        """Where the article comes from: the publisher's host name, from the source URL, or
        the feed's site when the feed could not vouch for the URL it gave."""
        if self.via:
            return self.via
        if not self.article.url:
            return None
        host = urlsplit(self.article.url).hostname
        return host.removeprefix("www.") if host else None

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))

    @property
    def published_at(self) -> datetime | None:
        return parse_published(self.article.published)


def stored_article(row: Row[Any]) -> StoredArticle:
    m = row._mapping
    return StoredArticle(
        id=m["id"],
        article=Article(
            text=m["body"],
            title=m["title"],
            byline=m["byline"],
            published=m["published"],
            language=m["language"],
            url=m["url"],
            previous=m["previous_title"],
            next=m["next_title"],
        ),
        content_hash=m["content_hash"],
        external_id=m["external_id"],
        word_count=m["word_count"],
        ingested_at=as_utc(m["ingested_at"]),
        ordered_at=as_utc(m["ordered_at"]),
        feed_id=m["feed_id"],
        via=m["via"],
    )


@dataclass(frozen=True, slots=True)
class Neighbour:
    id: int
    title: str


@dataclass(frozen=True, slots=True)
class Neighbours:
    previous: Neighbour | None
    next: Neighbour | None


# No slots: a frozen dataclass with slots cannot be built through ``Page[X](...)``, which sets
# ``__orig_class__`` on the instance.
@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a listing (articles, stories) and where it sits among the others."""

    items: tuple[T, ...]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


ArticlePage = Page[StoredArticle]


@dataclass(frozen=True, slots=True)
class AddResult:
    id: int
    created: bool


__all__ = [
    "AddResult",
    "ArticlePage",
    "Neighbour",
    "Neighbours",
    "StoredArticle",
    "as_utc",
    "content_hash",
    "parse_published",
    "stored_article",
]
