"""Tables of the reader site, as SQLAlchemy 2 declarative models.

The migrations in ``migrations/versions`` create these tables (plus the full-text index, which
differs by database); ``tests/storage/test_migrations.py`` checks that the two agree.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class ArticleRow(Base):
    """A stored article. The reading order is dated articles first, newest first, then the
    undated ones by ingestion time: ``dated`` says whether the publication date could be read,
    ``ordered_at`` is that publication time, or the ingestion time when there is none."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    url: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    external_id: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    byline: Mapped[str | None] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(Text)
    previous_title: Mapped[str | None] = mapped_column(Text)
    next_title: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ordered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    dated: Mapped[bool] = mapped_column(Boolean, default=False)
    # Provenance. The feed that brought the article (no foreign key: a removed feed leaves its
    # articles). ``via``: the site it is shown under when its URL was only claimed (a feed's
    # link to another site), in which case ``url`` is empty and the URL claims nothing.
    feed_id: Mapped[int | None] = mapped_column(Integer)
    via: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (
        UniqueConstraint("url", name="uq_articles_url"),
        UniqueConstraint("content_hash", name="uq_articles_content_hash"),
        Index("ix_articles_order", "dated", "ordered_at", "id"),
    )


class SummaryRow(Base):
    """A computed summary, keyed by what determines it: the body's hash, the method and length."""

    __tablename__ = "summaries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    content_hash: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(64))
    length: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("content_hash", "method", "length", name="uq_summaries_key"),
    )


class FeedRow(Base):
    """A subscribed feed and what polling it needs: the HTTP validators for a conditional GET,
    and the failure count that spaces out retries (``next_poll``)."""

    __tablename__ = "feeds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    url: Mapped[str] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_polled: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_poll: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # The last failure's ErrorCode value: a refused address is retried once the policy allows it.
    last_error_code: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (UniqueConstraint("url", name="uq_feeds_url"),)


class FeedEntryRow(Base):
    """An entry of a feed that was stored (or is known to duplicate a stored article), by its
    dedup key: sha256 of the GUID, else the link, else the entry's text."""

    __tablename__ = "feed_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    feed_id: Mapped[int] = mapped_column(ForeignKey("feeds.id", ondelete="CASCADE"))
    entry_key: Mapped[str] = mapped_column(String(64))
    guid: Mapped[str | None] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(Text)
    # No foreign key: the articles table is truncated on its own (tests, resets) and an entry
    # only records that the article was taken, not that it must still exist.
    article_id: Mapped[int | None] = mapped_column(Integer)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("feed_id", "entry_key", name="uq_feed_entries_key"),)


class SiteRow(Base):
    """A publisher whose pages may show the summary widget: its publishable key, the origins its
    pages are served from, the domains its articles live on, and its usage so far."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(64))
    # Space-separated, normalised (lowercase hosts; origins as scheme://host[:port]).
    domains: Mapped[str] = mapped_column(Text)
    origins: Mapped[str] = mapped_column(Text)
    allow_private: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    served: Mapped[int] = mapped_column(Integer, default=0)
    cache_hits: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (UniqueConstraint("key", name="uq_sites_key"),)


class PageRow(Base):
    """A publisher's page as the widget last fetched it: the extracted text and the validators of
    the next conditional GET, or the error of the last attempt. ``claimed_until``: a worker is
    fetching it until then (the others wait for its answer instead of fetching too)."""

    __tablename__ = "embed_pages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    url: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(Text)
    last_modified: Mapped[str | None] = mapped_column(Text)
    error_code: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    claimed_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (UniqueConstraint("url", name="uq_embed_pages_url"),)


class StoryRow(Base):
    """A story: articles about one developing event. ``state`` is the grouping's state of the
    story (its centroids, JSON); ``revision`` grows with every change to any story, so a
    process holding the stories in memory reads back only what changed."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    title: Mapped[str | None] = mapped_column(Text)
    articles: Mapped[int] = mapped_column(Integer)
    first_day: Mapped[date | None] = mapped_column(Date)
    last_day: Mapped[date | None] = mapped_column(Date)
    state: Mapped[str] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_stories_revision", "revision"),
        Index("ix_stories_updated", "updated_at", "id"),
    )


class StoryArticleRow(Base):
    """Which story an article belongs to."""

    __tablename__ = "story_articles"

    # No foreign key to articles: the articles table is truncated on its own (tests, resets);
    # a link to a missing article is ignored and replaced when the id is used again.
    article_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Float)

    __table_args__ = (Index("ix_story_articles_story", "story_id"),)


class StoryTermRow(Base):
    """Document frequencies of the grouped articles' terms, per view (the IDF of the grouping)."""

    __tablename__ = "story_terms"

    view: Mapped[str] = mapped_column(String(16), primary_key=True)
    term: Mapped[str] = mapped_column(String(200), primary_key=True)
    documents: Mapped[int] = mapped_column(Integer)


__all__ = [
    "ArticleRow",
    "Base",
    "FeedEntryRow",
    "FeedRow",
    "PageRow",
    "SiteRow",
    "StoryArticleRow",
    "StoryRow",
    "StoryTermRow",
    "SummaryRow",
]
