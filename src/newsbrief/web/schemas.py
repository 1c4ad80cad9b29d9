"""The REST API's request and response bodies, as they appear in the OpenAPI document."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from newsbrief.storage import StoredArticle, StoryInfo
from newsbrief.stories.catchup import CatchUp
from newsbrief.stories.timeline import SourcedSentence


class ErrorDetail(BaseModel):
    code: str = Field(examples=["article_not_found"])
    message: str = Field(examples=["no article with id 42"])


class ErrorOut(BaseModel):
    error: ErrorDetail


class ArticleIn(BaseModel):
    """An article to store: its body as ``text`` (or ``article``) or ``html``; the other fields
    override what extraction finds."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = None
    article: str | None = None
    html: str | None = None
    id: str | int | None = Field(default=None, description="the publisher's own id")
    title: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = Field(default=None, description="ISO 8601 date or date-time")


class ArticleSummaryOut(BaseModel):
    """An article as listed: no body."""

    id: int
    title: str
    byline: str | None
    published: str | None
    source: str | None
    url: str | None
    language: str | None
    words: int
    reading_minutes: int
    ingested_at: datetime
    links: dict[str, str]

    @classmethod
    def of(cls, stored: StoredArticle) -> ArticleSummaryOut:
        a = stored.article
        return cls(
            id=stored.id,
            title=stored.title,
            byline=a.byline,
            published=a.published,
            source=stored.source,
            url=a.url,
            language=a.language,
            words=stored.word_count,
            reading_minutes=stored.reading_minutes,
            ingested_at=stored.ingested_at,
            links={
                "self": f"/api/v1/articles/{stored.id}",
                "summary": f"/api/v1/articles/{stored.id}/summary",
                "page": f"/articles/{stored.id}",
            },
        )


class ArticleOut(ArticleSummaryOut):
    text: str
    content_hash: str
    external_id: str | None

    @classmethod
    def full(cls, stored: StoredArticle) -> ArticleOut:
        base = ArticleSummaryOut.of(stored).model_dump()
        return cls(
            **base,
            text=stored.article.text,
            content_hash=stored.content_hash,
            external_id=stored.external_id,
        )


class ArticleListOut(BaseModel):
    items: list[ArticleSummaryOut]
    total: int
    page: int
    per_page: int
    query: str | None


class IngestItemOut(BaseModel):
    index: int
    id: int | None
    status: str = Field(description="added, skipped (already stored) or failed")
    message: str | None = None


class IngestOut(BaseModel):
    added: int
    skipped: int
    failed: int
    items: list[IngestItemOut]


class SentenceOut(BaseModel):
    text: str
    start: int
    end: int
    index: int


class SummaryOut(BaseModel):
    method: str
    summary: str
    words: int
    sentences: list[SentenceOut]
    notes: list[str]
    article_id: int | None = None


class SummarizeIn(BaseModel):
    """Text or HTML to summarize without storing it."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = None
    html: str | None = None
    method: str = "news"
    sentences: int | None = None
    words: int | None = None
    ratio: float | None = None
    points: int | None = Field(default=None, description="key points: distinct facts")
    language: str | None = None


class HealthOut(BaseModel):
    status: str
    database: str
    articles: int
    methods: list[str]


__all__ = [
    "ArticleIn",
    "ArticleListOut",
    "ArticleOut",
    "ArticleSummaryOut",
    "ErrorOut",
    "HealthOut",
    "IngestOut",
    "SummarizeIn",
    "SummaryOut",
]


class StoryOut(BaseModel):
    """A story as listed."""

    id: int
    title: str
    articles: int
    first_date: str | None = Field(description="the earliest day of its articles (ISO 8601)")
    last_date: str | None
    updated_at: datetime
    links: dict[str, str]

    @classmethod
    def of(cls, story: StoryInfo) -> StoryOut:
        base = f"/api/v1/stories/{story.id}"
        return cls(
            id=story.id,
            title=story.title,
            articles=story.articles,
            first_date=story.first_day.isoformat() if story.first_day else None,
            last_date=story.last_day.isoformat() if story.last_day else None,
            updated_at=story.updated_at,
            links={
                "self": base,
                "timeline": f"{base}/timeline",
                "catchup": f"{base}/catchup",
                "page": f"/stories/{story.id}",
            },
        )


class StoryListOut(BaseModel):
    items: list[StoryOut]
    total: int
    page: int
    per_page: int


class StoryDetailOut(StoryOut):
    items: list[ArticleSummaryOut] = Field(description="its articles, in reading order")


class StorySentenceOut(BaseModel):
    """A sentence of a story's article: ``text`` is the article's text[start:end]."""

    text: str
    article_id: int
    start: int
    end: int
    date: str | None = Field(description="the day the sentence is about (ISO 8601)")

    @classmethod
    def of(cls, sentence: SourcedSentence) -> StorySentenceOut:
        return cls(
            text=sentence.text,
            article_id=int(sentence.article),
            start=sentence.start,
            end=sentence.end,
            date=sentence.day.isoformat() if sentence.day else None,
        )


class TimelineDateOut(BaseModel):
    date: str
    sentences: list[StorySentenceOut]


class TimelineOut(BaseModel):
    story: int
    timeline: list[TimelineDateOut]


class CatchUpOut(BaseModel):
    story: int
    since: str | None
    new_articles: int = Field(description="articles published from ``since`` on")
    nothing_new: bool
    message: str | None = Field(description="what to tell the reader when nothing is new")
    sentences: list[StorySentenceOut]

    @classmethod
    def of(cls, story: int, result: CatchUp) -> CatchUpOut:
        since = result.since.isoformat() if result.since else None
        message = None
        if result.nothing_new:
            message = f"Nothing new since {since}." if since else "Nothing to tell yet."
        return cls(
            story=story,
            since=since,
            new_articles=result.new_articles,
            nothing_new=result.nothing_new,
            message=message,
            sentences=[StorySentenceOut.of(s) for s in result.sentences],
        )
