"""Stories on the site: the REST API under /api/v1/stories and what the pages share.

A story's timeline and catch-up are computed from its latest articles
(:data:`~newsbrief.storage.stories.MAX_STORY_ARTICLES`) off the event loop, and kept per worker
by the story's size and last change, so a story that grows gets fresh answers.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from newsbrief.errors import ErrorCode, InputError
from newsbrief.storage import StoredArticle, StoryInfo
from newsbrief.stories.catchup import MAX_SENTENCES, CatchUp, catch_up
from newsbrief.stories.dates import publication_day
from newsbrief.stories.sentences import StoryArticle
from newsbrief.stories.timeline import MAX_DATES, MAX_PER_DATE, TimelineEntry, timeline
from newsbrief.web.schemas import (
    ArticleSummaryOut,
    CatchUpOut,
    StoryDetailOut,
    StoryListOut,
    StoryOut,
    StorySentenceOut,
    TimelineDateOut,
    TimelineOut,
)
from newsbrief.web.state import Site, parse_story_id, site_of

router = APIRouter(prefix="/api/v1", tags=["stories"])
SiteDep = Annotated[Site, Depends(site_of)]
DEFAULT_DATES = 10
DEFAULT_PER_DATE = 1
DEFAULT_SENTENCES = 5


def story_article(stored: StoredArticle) -> StoryArticle:
    """A stored article as the timeline reads it; an undated one is dated by its arrival."""
    day = publication_day(stored.article.published) or stored.ordered_at.date()
    return StoryArticle(stored.id, stored.article.text, day, stored.title)


def load(site: Site, story_id: int) -> tuple[StoryInfo, list[StoredArticle]]:
    info = site.store.stories.get(story_id)
    return info, site.store.stories.articles(story_id)


def story_timeline(site: Site, story_id: int, dates: int, per_date: int) -> list[TimelineEntry]:
    found = _cached(
        site, story_id, ("timeline", dates, per_date), lambda a: timeline(a, dates, per_date)
    )
    assert isinstance(found, list)
    return found


def story_catch_up(site: Site, story_id: int, since: date | None, sentences: int) -> CatchUp:
    found = _cached(
        site, story_id, ("catchup", since, sentences), lambda a: catch_up(a, since, sentences)
    )
    assert isinstance(found, CatchUp)
    return found


def _cached(
    site: Site,
    story_id: int,
    asked: tuple[object, ...],
    compute: Callable[[list[StoryArticle]], object],
) -> object:
    """What ``compute`` makes of the story's articles, kept per worker until the story changes
    (its size or its last update)."""
    info = site.store.stories.get(story_id)
    key = (*asked, story_id, info.articles, info.updated_at)
    found = site.stories.get(key)
    if found is None:
        found = compute([story_article(a) for a in site.store.stories.articles(story_id)])
        site.stories.put(key, found)
    return found


def parse_since(raw: str | None) -> date | None:
    """The catch-up's moment: an ISO 8601 date or date-time (its day counts), or none."""
    if raw is None or not raw.strip():
        return None
    day = publication_day(raw)
    if day is None:
        raise InputError(
            f"since must be an ISO 8601 date such as 2011-02-01 (years 1900 to 2200), "
            f"got {raw[:40]!r}",
            code=ErrorCode.INVALID_OPTION,
        )
    return day


@router.get("/stories", response_model=StoryListOut)
def list_stories(
    site: SiteDep,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=100)] = 20,
    min_articles: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> StoryListOut:
    """Stories, the most recently grown first; ``min_articles=2`` leaves out lone articles."""
    found = site.store.stories.latest(page, per_page, min_articles)
    return StoryListOut(
        items=[StoryOut.of(s) for s in found.items],
        total=found.total,
        page=found.page,
        per_page=found.per_page,
    )


@router.get("/stories/{story_id}", response_model=StoryDetailOut)
def get_story(site: SiteDep, story_id: str) -> StoryDetailOut:
    """One story with its articles in reading order (the latest ones of a very long story)."""
    info, articles = load(site, parse_story_id(story_id))
    return StoryDetailOut(
        **StoryOut.of(info).model_dump(),
        items=[ArticleSummaryOut.of(a) for a in articles],
    )


@router.get("/stories/{story_id}/timeline", response_model=TimelineOut)
def get_timeline(
    site: SiteDep,
    story_id: str,
    dates: Annotated[int, Query(ge=1, le=MAX_DATES)] = DEFAULT_DATES,
    per_date: Annotated[int, Query(ge=1, le=MAX_PER_DATE)] = DEFAULT_PER_DATE,
) -> TimelineOut:
    """The dates that matter, in order, each with sentences and the article they come from."""
    identifier = parse_story_id(story_id)
    entries = story_timeline(site, identifier, dates, per_date)
    return TimelineOut(
        story=identifier,
        timeline=[
            TimelineDateOut(
                date=e.day.isoformat(),
                sentences=[StorySentenceOut.of(s) for s in e.sentences],
            )
            for e in entries
        ],
    )


@router.get("/stories/{story_id}/catchup", response_model=CatchUpOut)
def get_catch_up(
    site: SiteDep,
    story_id: str,
    since: Annotated[
        str | None, Query(max_length=40, description="ISO 8601 date or date-time")
    ] = None,
    sentences: Annotated[int, Query(ge=1, le=MAX_SENTENCES)] = DEFAULT_SENTENCES,
) -> CatchUpOut:
    """What the story reported from ``since`` on (the day included), in date order, each
    sentence with its article; without ``since``, the story so far."""
    identifier = parse_story_id(story_id)
    result = story_catch_up(site, identifier, parse_since(since), sentences)
    return CatchUpOut.of(identifier, result)


__all__ = ["load", "parse_since", "router", "story_catch_up", "story_timeline"]
