"""Reading and writing articles. Every statement is built by SQLAlchemy with bound parameters."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Connection, Engine, Table, func, insert, or_, select, text, update
from sqlalchemy.exc import IntegrityError

from newsbrief.errors import ErrorCode, InputError, NotFound
from newsbrief.models import Article
from newsbrief.storage.database import write_transaction
from newsbrief.storage.schema import ArticleRow
from newsbrief.storage.stored import (
    AddResult,
    ArticlePage,
    Neighbour,
    Neighbours,
    StoredArticle,
    content_hash,
    parse_published,
    stored_article,
)
from newsbrief.storage.stories import StoryStore

_TABLE = cast(Table, ArticleRow.__table__)
# A btree key in PostgreSQL must fit in about 2,700 bytes; real URLs are far shorter.
MAX_URL_BYTES = 2000
_SEARCH_TERM = re.compile(r"\w+")
# The reading order (the index ix_articles_order serves it in both directions).
_NEWEST_FIRST = (_TABLE.c.dated.desc(), _TABLE.c.ordered_at.desc(), _TABLE.c.id.desc())
_OLDEST_FIRST = (_TABLE.c.dated, _TABLE.c.ordered_at, _TABLE.c.id)
_PG_DOCUMENT = "to_tsvector('english', coalesce(articles.title, '') || ' ' || articles.body)"


def _validate(article: Article, external_id: str | None) -> None:
    """Refuse what a database cannot store, the same way on both: PostgreSQL refuses a NUL in
    text, and neither encodes a lone surrogate (a JSON "\\ud800") as UTF-8."""
    if not article.text.strip():
        raise InputError("the article has no text", code=ErrorCode.EMPTY_INPUT)
    fields = [
        article.text,
        article.title,
        article.byline,
        article.published,
        article.language,
        article.url,
        article.previous,
        article.next,
        external_id,
    ]
    for value in fields:
        if value is None:
            continue
        if "\x00" in value:
            raise InputError("the article contains NUL characters", code=ErrorCode.INVALID_INPUT)
        if not value.isascii():
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise InputError(
                    "the article contains text that is not Unicode (a lone surrogate)",
                    code=ErrorCode.INVALID_INPUT,
                ) from None
    if article.url is not None and len(article.url.encode("utf-8")) > MAX_URL_BYTES:
        raise InputError(
            f"the URL is longer than {MAX_URL_BYTES} bytes", code=ErrorCode.INVALID_INPUT
        )


class Repository:
    """The article store; safe to share between threads (each call takes its own connection)."""

    def __init__(self, engine: Engine, stories: StoryStore | None = None) -> None:
        self.engine = engine
        # Every new article is grouped into a story here, whichever way it came in.
        self.stories = stories or StoryStore(engine)

    def add(
        self,
        article: Article,
        *,
        external_id: str | None = None,
        now: datetime | None = None,
        feed_id: int | None = None,
        via: str | None = None,
    ) -> AddResult:
        """Store ``article`` unless one with the same URL or body is already there.

        ``feed_id``: the feed that brought it. ``via``: the site to show it under when its URL
        could not be vouched for (then ``article.url`` is None). An article stored without a URL
        is claimed by the first copy of the same body that comes with one.
        """
        _validate(article, external_id)
        digest = content_hash(article.text)
        ingested = (now or datetime.now(UTC)).astimezone(UTC)
        published = parse_published(article.published)
        try:
            with write_transaction(self.engine) as connection:
                existing = self._find_duplicate(connection, digest, article.url)
                if existing is not None:
                    if article.url is not None:
                        self._claim(connection, existing, article.url, feed_id)
                    return AddResult(existing, created=False)
                new_id = connection.execute(
                    insert(_TABLE)
                    .values(
                        url=article.url,
                        content_hash=digest,
                        external_id=external_id,
                        title=article.title,
                        byline=article.byline,
                        published=article.published,
                        language=article.language,
                        previous_title=article.previous,
                        next_title=article.next,
                        body=article.text,
                        word_count=article.word_count,
                        ingested_at=ingested,
                        ordered_at=published or ingested,
                        dated=published is not None,
                        feed_id=feed_id,
                        via=via,
                    )
                    .returning(_TABLE.c.id)
                ).scalar_one()
        except IntegrityError:
            # Another writer stored the same article between our check and insert (PostgreSQL
            # runs both concurrently); theirs stands.
            with self.engine.connect() as connection:
                existing = self._find_duplicate(connection, digest, article.url)
            if existing is None:
                raise
            return AddResult(existing, created=False)
        # Committed first: grouping reads the stories and writes its own short transaction.
        self.stories.assign(new_id, article)
        return AddResult(new_id, created=True)

    @staticmethod
    def _find_duplicate(connection: Connection, digest: str, url: str | None) -> int | None:
        """The stored article with this URL, else the one with this body."""
        if url is not None:
            by_url: int | None = connection.execute(
                select(_TABLE.c.id).where(_TABLE.c.url == url)
            ).scalar()
            if by_url is not None:
                return by_url
        by_body: int | None = connection.execute(
            select(_TABLE.c.id).where(_TABLE.c.content_hash == digest)
        ).scalar()
        return by_body

    @staticmethod
    def _claim(connection: Connection, article_id: int, url: str, feed_id: int | None) -> None:
        """Give a stored article without a URL the URL a copy of its body came with (the
        publisher's copy, after a feed of another site brought the same text first)."""
        connection.execute(
            update(_TABLE)
            .where(_TABLE.c.id == article_id, _TABLE.c.url.is_(None))
            .values(url=url, feed_id=feed_id, via=None)
        )

    def get(self, article_id: int) -> StoredArticle:
        with self.engine.connect() as connection:
            row = connection.execute(select(_TABLE).where(_TABLE.c.id == article_id)).first()
        if row is None:
            raise NotFound(f"no article with id {article_id}", code=ErrorCode.ARTICLE_NOT_FOUND)
        return stored_article(row)

    def count(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(_TABLE)).scalar_one())

    def latest(self, page: int = 1, per_page: int = 20) -> ArticlePage:
        """Articles in the reading order: dated ones newest first, then the undated ones, most
        recently ingested first (an ingestion time is no publication date to rank by)."""
        page, per_page = max(1, page), max(1, per_page)
        with self.engine.connect() as connection:
            total = int(connection.execute(select(func.count()).select_from(_TABLE)).scalar_one())
            rows = connection.execute(
                select(_TABLE)
                .order_by(*_NEWEST_FIRST)
                .limit(per_page)
                .offset((page - 1) * per_page)
            ).all()
        return ArticlePage(tuple(stored_article(r) for r in rows), total, page, per_page)

    def neighbours(self, article_id: int) -> Neighbours:
        """The articles around this one in the reading order: ``previous`` is the one listed
        just after it (older, or undated), ``next`` the one listed just before it."""
        c = _TABLE.c
        with self.engine.connect() as connection:
            current = connection.execute(
                select(c.dated, c.ordered_at, c.id).where(c.id == article_id)
            ).first()
            if current is None:
                raise NotFound(f"no article with id {article_id}", code=ErrorCode.ARTICLE_NOT_FOUND)
            dated, at, ident = bool(current.dated), current.ordered_at, current.id
            same_group = (c.dated == dated) & or_(
                c.ordered_at < at, (c.ordered_at == at) & (c.id < ident)
            )
            later_in_group = (c.dated == dated) & or_(
                c.ordered_at > at, (c.ordered_at == at) & (c.id > ident)
            )
            # Dated articles come first: after the last of them, the undated ones follow.
            earlier = or_(same_group, c.dated.is_(False)) if dated else same_group
            later = later_in_group if dated else or_(later_in_group, c.dated.is_(True))
            before = connection.execute(
                select(c.id, c.title).where(earlier).order_by(*_NEWEST_FIRST).limit(1)
            ).first()
            after = connection.execute(
                select(c.id, c.title).where(later).order_by(*_OLDEST_FIRST).limit(1)
            ).first()

        def neighbour(row: Any) -> Neighbour | None:
            if row is None:
                return None
            return Neighbour(int(row.id), row.title or "Untitled article")

        return Neighbours(neighbour(before), neighbour(after))

    def search(self, query: str, page: int = 1, per_page: int = 20) -> ArticlePage:
        """Full-text search, best match first: FTS5 on SQLite, tsvector on PostgreSQL."""
        page, per_page = max(1, page), max(1, per_page)
        terms = _SEARCH_TERM.findall(query)
        if not terms:
            return ArticlePage((), 0, page, per_page)
        offset = (page - 1) * per_page
        with self.engine.connect() as connection:
            if connection.dialect.name == "sqlite":
                ids, total = self._search_sqlite(connection, terms, per_page, offset)
            else:
                ids, total = self._search_postgres(connection, terms, per_page, offset)
            rows = (
                connection.execute(select(_TABLE).where(_TABLE.c.id.in_(ids))).all() if ids else []
            )
        by_id = {row._mapping["id"]: stored_article(row) for row in rows}
        return ArticlePage(tuple(by_id[i] for i in ids if i in by_id), total, page, per_page)

    @staticmethod
    def _search_sqlite(
        connection: Connection, terms: Sequence[str], limit: int, offset: int
    ) -> tuple[list[int], int]:
        # Each term quoted: the reader's words are matched, never parsed as FTS5 operators.
        match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
        total = connection.execute(
            text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :match"),
            {"match": match},
        ).scalar_one()
        ids = connection.execute(
            text(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match "
                "ORDER BY rank, rowid DESC LIMIT :limit OFFSET :offset"
            ),
            {"match": match, "limit": limit, "offset": offset},
        ).scalars()
        return [int(i) for i in ids], int(total)

    @staticmethod
    def _search_postgres(
        connection: Connection, terms: Sequence[str], limit: int, offset: int
    ) -> tuple[list[int], int]:
        # The reader's words only, all required, as on SQLite: plainto_tsquery parses no
        # operators, so "or", "-" and quotes in a query are never search syntax.
        query = " ".join(terms)
        condition = f"{_PG_DOCUMENT} @@ plainto_tsquery('english', :query)"
        total = connection.execute(
            text(f"SELECT count(*) FROM articles WHERE {condition}"), {"query": query}
        ).scalar_one()
        ids = connection.execute(
            text(
                f"SELECT id FROM articles WHERE {condition} ORDER BY "
                f"ts_rank({_PG_DOCUMENT}, plainto_tsquery('english', :query)) DESC, "
                "ordered_at DESC, id DESC LIMIT :limit OFFSET :offset"
            ),
            {"query": query, "limit": limit, "offset": offset},
        ).scalars()
        return [int(i) for i in ids], int(total)


__all__ = ["MAX_URL_BYTES", "Repository"]
