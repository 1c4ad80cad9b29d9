"""Stories in the database: every stored article is grouped as it arrives, in one place.

:meth:`StoryStore.assign` is called by :meth:`newsbrief.storage.articles.Repository.add` once a
new article is committed, so ``ingest``, ``POST /api/v1/articles`` and feed polling all group
the same way. The grouping itself is the pure :class:`~newsbrief.stories.grouping.StoryIndex`,
held in memory per process: the decision is computed first, against the index, and only then a
short write transaction stores it (the story's new state, re-read and merged inside the
transaction so a concurrent writer's article is never lost; the link; the document
frequencies). Writers of stories are serialised (SQLite's write lock; an advisory lock on
PostgreSQL), so ``revision`` numbers grow in commit order and a process catches up on what
others stored by reading the stories whose revision it has not seen.

A process keeps at most ``max_live`` stories in its index, the most recently updated ones (by
itself or, as it caught up, by others); the others stay in the database with their ids but no
new article joins them (docs/benchmarks-stories.md: why reloading them on demand is not done,
and what the default bound means with the time decay).
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections import Counter, OrderedDict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import Connection, Engine, Table, delete, func, insert, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from newsbrief.errors import ErrorCode, NotFound
from newsbrief.models import Article
from newsbrief.storage.database import write_transaction
from newsbrief.storage.schema import ArticleRow, StoryArticleRow, StoryRow, StoryTermRow
from newsbrief.storage.stored import Page, StoredArticle, as_utc, stored_article
from newsbrief.stories.dates import publication_day
from newsbrief.stories.features import VIEWS, article_terms
from newsbrief.stories.grouping import Decision, StoryIndex, StoryState, joined, started
from newsbrief.stories.vectors import Vocabulary

ARTICLES = cast(Table, ArticleRow.__table__)
STORIES = cast(Table, StoryRow.__table__)
LINKS = cast(Table, StoryArticleRow.__table__)
TERMS = cast(Table, StoryTermRow.__table__)
# A PostgreSQL advisory lock key held by every story write ("stories" in ASCII).
_LOCK = 0x73746F72696573
# Other processes' articles change the document frequencies a little at a time; they are read
# again once the stored count has moved this much from the one in memory.
_RELOAD_SHARE = 0.1
_RELOAD_MIN = 50
# A story page and its timeline read at most this many articles (the latest ones).
MAX_STORY_ARTICLES = 300
# The stories a process keeps in its grouping index (docs/benchmarks-stories.md).
MAX_LIVE_STORIES = 2000


@dataclass(frozen=True, slots=True)
class RebuildCount:
    articles: int
    stories: int


@dataclass(frozen=True, slots=True)
class StoryInfo:
    """A story as the site lists it."""

    id: int
    title: str
    articles: int
    first_day: date | None
    last_day: date | None
    updated_at: datetime


StoryPage = Page[StoryInfo]


class StoryStore:
    """The stories of one database, with this process's grouping index (thread-safe) of the
    ``max_live`` most recently updated stories (default :data:`MAX_LIVE_STORIES`)."""

    def __init__(self, engine: Engine, max_live: int | None = None) -> None:
        self.engine = engine
        self.max_live = max(1, MAX_LIVE_STORIES if max_live is None else max_live)
        self._lock = threading.Lock()
        self._index: StoryIndex | None = None
        # The live stories' ids, the least recently updated first.
        self._recent: OrderedDict[int, None] = OrderedDict()
        self._revision = 0
        self._documents = 0

    def live(self) -> int:
        """How many stories this process's index holds."""
        with self._lock:
            return len(self._recent)

    # ------------------------------------------------------------------ grouping

    def assign(self, article_id: int, article: Article) -> int:
        """Group a stored article: it joins a story or starts one. Returns the story's id."""
        terms = article_terms(article.text, article.title)
        published = publication_day(article.published)
        with self._lock:
            index = self._caught_up()
            decision = index.decide(terms, published)
            state = self._store(article_id, article.title, decision, index)
            index.vocabulary.count(terms)
            self._put(index, state)
            return state.id

    def _put(self, index: StoryIndex, state: StoryState) -> None:
        """Hold ``state`` as the most recently updated story, forgetting the least recently
        updated ones beyond ``max_live``."""
        index.put(state)
        self._recent[state.id] = None
        self._recent.move_to_end(state.id)
        while len(self._recent) > self.max_live:
            oldest, _ = self._recent.popitem(last=False)
            index.forget(oldest)

    def _store(
        self, article_id: int, title: str | None, decision: Decision, index: StoryIndex
    ) -> StoryState:
        """Write the decision in one short transaction; the story's state is re-read there."""
        limit = index.settings.centroid_terms
        now = datetime.now(UTC)
        with write_transaction(self.engine) as connection:
            revision = _next_revision(connection)
            current = None
            if decision.story is not None:
                current = connection.execute(
                    select(STORIES.c.state).where(STORIES.c.id == decision.story)
                ).scalar()
            if current is not None and decision.story is not None:
                stored = StoryState.from_record(decision.story, json.loads(current))
                state = joined(stored, decision, limit)
                connection.execute(
                    update(STORIES)
                    .where(STORIES.c.id == state.id)
                    .values(**_columns(state), revision=revision, updated_at=now)
                )
            else:
                alone = started(decision, 0, limit)
                new_id = connection.execute(
                    insert(STORIES)
                    .values(
                        **_columns(alone),
                        title=title,
                        revision=revision,
                        created_at=now,
                        updated_at=now,
                    )
                    .returning(STORIES.c.id)
                ).scalar_one()
                state = dataclasses.replace(alone, id=new_id)
            connection.execute(delete(LINKS).where(LINKS.c.article_id == article_id))
            connection.execute(
                insert(LINKS).values(article_id=article_id, story_id=state.id, score=decision.score)
            )
            _count_terms(connection, decision)
        # The revision seen is not moved on here: another process may have written revisions
        # between the last catch-up and this one, and the next catch-up must read them.
        self._documents += 1
        return state

    def _caught_up(self) -> StoryIndex:
        """The index with every story other processes stored since it was last read."""
        with self.engine.connect() as connection:
            documents = int(
                connection.execute(select(func.count()).select_from(LINKS)).scalar_one()
            )
            if self._index is None or abs(documents - self._documents) > max(
                _RELOAD_MIN, _RELOAD_SHARE * documents
            ):
                self._index = StoryIndex(vocabulary=_vocabulary(connection, documents))
                self._recent.clear()
                self._revision = 0
                self._documents = documents
            # Only the latest ``max_live`` changes can stay live: older ones would be forgotten
            # as soon as read.
            rows = connection.execute(
                select(STORIES.c.id, STORIES.c.state, STORIES.c.revision)
                .where(STORIES.c.revision > self._revision)
                .order_by(STORIES.c.revision.desc())
                .limit(self.max_live)
            ).all()
        for row in reversed(rows):
            self._put(self._index, StoryState.from_record(row.id, json.loads(row.state)))
            self._revision = max(self._revision, row.revision)
        return self._index

    def rebuild(self) -> RebuildCount:
        """Forget every story and group all stored articles again, in publication order."""
        articles = ARTICLES
        self.clear()
        count = 0
        with self.engine.connect() as connection:
            ids = connection.execute(
                select(articles.c.id).order_by(articles.c.ordered_at, articles.c.id)
            ).scalars()
            order = list(ids)
        for start in range(0, len(order), 200):
            with self.engine.connect() as connection:
                rows = connection.execute(
                    select(articles.c.id, articles.c.title, articles.c.body, articles.c.published)
                    .where(articles.c.id.in_(order[start : start + 200]))
                    .order_by(articles.c.ordered_at, articles.c.id)
                ).all()
            for row in rows:
                self.assign(row.id, Article(row.body, title=row.title, published=row.published))
                count += 1
        return RebuildCount(count, self.count())

    def clear(self) -> None:
        """Delete every story, link and term count (and this process's index)."""
        with self._lock:
            with write_transaction(self.engine) as connection:
                connection.execute(delete(LINKS))
                connection.execute(delete(STORIES))
                connection.execute(delete(TERMS))
            self._index = None
            self._recent.clear()
            self._revision = 0
            self._documents = 0

    def count(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(STORIES)).scalar_one())

    # ------------------------------------------------------------------ reading

    def latest(self, page: int = 1, per_page: int = 20, min_articles: int = 1) -> StoryPage:
        """Stories with at least ``min_articles`` articles, the most recently grown first."""
        page, per_page = max(1, page), max(1, per_page)
        condition = STORIES.c.articles >= min_articles
        with self.engine.connect() as connection:
            total = connection.execute(
                select(func.count()).select_from(STORIES).where(condition)
            ).scalar_one()
            rows = connection.execute(
                select(*_INFO)
                .where(condition)
                .order_by(STORIES.c.updated_at.desc(), STORIES.c.id.desc())
                .limit(per_page)
                .offset((page - 1) * per_page)
            ).all()
        return StoryPage(tuple(map(_info, rows)), int(total), page, per_page)

    def get(self, story_id: int) -> StoryInfo:
        with self.engine.connect() as connection:
            row = connection.execute(select(*_INFO).where(STORIES.c.id == story_id)).first()
        if row is None:
            raise NotFound(f"no story with id {story_id}", code=ErrorCode.STORY_NOT_FOUND)
        return _info(row)

    def story_of(self, article_id: int) -> StoryInfo | None:
        """The story an article belongs to, if it was grouped."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(*_INFO)
                .join(LINKS, LINKS.c.story_id == STORIES.c.id)
                .where(LINKS.c.article_id == article_id)
            ).first()
        return None if row is None else _info(row)

    def articles(self, story_id: int, limit: int = MAX_STORY_ARTICLES) -> list[StoredArticle]:
        """The story's articles in reading order (the latest ``limit`` of a longer story)."""
        self.get(story_id)
        a = ARTICLES
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(a)
                .join(LINKS, LINKS.c.article_id == a.c.id)
                .where(LINKS.c.story_id == story_id)
                .order_by(a.c.ordered_at.desc(), a.c.id.desc())
                .limit(limit)
            ).all()
        return [stored_article(row) for row in reversed(rows)]


_INFO = (
    STORIES.c.id,
    STORIES.c.title,
    STORIES.c.articles,
    STORIES.c.first_day,
    STORIES.c.last_day,
    STORIES.c.updated_at,
)


def _info(row: Any) -> StoryInfo:
    return StoryInfo(
        int(row.id),
        row.title or "Untitled story",
        int(row.articles),
        row.first_day,
        row.last_day,
        as_utc(row.updated_at),
    )


def _columns(state: StoryState) -> dict[str, Any]:
    return {
        "articles": state.articles,
        "first_day": state.first,
        "last_day": state.last,
        "state": json.dumps(state.to_record(), ensure_ascii=False, separators=(",", ":")),
    }


def _next_revision(connection: Connection) -> int:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_LOCK})")
    latest = connection.execute(select(func.max(STORIES.c.revision))).scalar()
    return int(latest or 0) + 1


def _count_terms(connection: Connection, decision: Decision) -> None:
    rows = [
        {"view": view, "term": term, "documents": 1}
        for view in VIEWS
        for term in sorted(set(decision.terms.view(view)))
    ]
    if not rows:
        return
    dialect_insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = dialect_insert(TERMS)
    connection.execute(
        statement.on_conflict_do_update(
            index_elements=[TERMS.c.view, TERMS.c.term],
            set_={"documents": TERMS.c.documents + 1},
        ),
        rows,
    )


def _vocabulary(connection: Connection, documents: int) -> Vocabulary:
    vocabulary = Vocabulary(documents=documents)
    frequencies: dict[str, Counter[str]] = {view: Counter() for view in VIEWS}
    for view, term, count in connection.execute(
        select(TERMS.c.view, TERMS.c.term, TERMS.c.documents)
    ):
        if view in frequencies:
            frequencies[view][term] = count
    vocabulary.frequencies = frequencies
    return vocabulary


__all__ = [
    "MAX_LIVE_STORIES",
    "MAX_STORY_ARTICLES",
    "RebuildCount",
    "StoryInfo",
    "StoryPage",
    "StoryStore",
]
