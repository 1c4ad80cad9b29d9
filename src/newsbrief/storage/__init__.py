"""The reader site's database: articles and the summary cache, on SQLite or PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from newsbrief.storage.articles import Repository
from newsbrief.storage.database import create_engine, migrate
from newsbrief.storage.stored import (
    AddResult,
    ArticlePage,
    Neighbour,
    Neighbours,
    StoredArticle,
    content_hash,
)
from newsbrief.storage.stories import StoryInfo, StoryPage, StoryStore
from newsbrief.storage.summaries import SummaryCache, SummaryKey


@dataclass(frozen=True, slots=True)
class Store:
    """One database: its engine, the article repository, the summary cache and the stories."""

    engine: Engine
    articles: Repository
    summaries: SummaryCache
    stories: StoryStore

    def close(self) -> None:
        self.engine.dispose()


def open_store(
    url: str,
    *,
    memory_cache_size: int = 2048,
    upgrade: bool = True,
    max_live_stories: int | None = None,
) -> Store:
    """Connect to ``url``; with ``upgrade`` the schema is migrated to the latest revision first.
    ``max_live_stories`` bounds the stories the grouping keeps in memory (see
    :class:`~newsbrief.storage.stories.StoryStore`)."""
    engine = create_engine(url)
    if upgrade:
        migrate(engine)
    stories = StoryStore(engine, max_live_stories)
    return Store(
        engine, Repository(engine, stories), SummaryCache(engine, memory_cache_size), stories
    )


__all__ = [
    "AddResult",
    "ArticlePage",
    "Neighbour",
    "Neighbours",
    "Repository",
    "Store",
    "StoredArticle",
    "StoryInfo",
    "StoryPage",
    "StoryStore",
    "SummaryCache",
    "SummaryKey",
    "content_hash",
    "create_engine",
    "migrate",
    "open_store",
]
