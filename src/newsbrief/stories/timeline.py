"""A story's timeline: the dates that matter, each with the sentences that say what happened.

Dates are ranked as the timeline-summarization literature does it without training data (Tran et
al. 2013; Gholipour Ghalandari & Ifrim 2020): a day matters when articles are published on it and
when articles name it. Each article counts once per day it is published on or names. Only days
from shortly before the first article to the last one are candidates: older dates are
background ("the 1981 law"), later ones announcements.

For each chosen day the sentences about it (:mod:`newsbrief.stories.sentences`) are ranked by how
central they are among that day's sentences, with a lift for those that name the day and those
that open their article; a sentence too close to one already chosen is skipped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from newsbrief.errors import ErrorCode, InputError
from newsbrief.stories.sentences import (
    DatedSentence,
    StoryArticle,
    centroid,
    dated_sentences,
    idf_weights,
    vector,
)
from newsbrief.stories.vectors import Vector, dot

MAX_DATES = 1000
MAX_PER_DATE = 50


@dataclass(frozen=True, slots=True)
class TimelineSettings:
    """The timeline's constants (docs/benchmarks-stories.md shows how they move the figures)."""

    # An article naming a day counts this much against one published on it.
    mention_weight: float = 1.0
    # How long before the first article a named day may lie and still be part of the story.
    days_before: int = 7
    # Lifts of a sentence that names its day and of one among its article's first sentences.
    explicit_lift: float = 0.1
    lead_lift: float = 0.1
    lead_sentences: int = 3
    # Cosine above which a sentence repeats one already chosen.
    repeat: float = 0.5


@dataclass(frozen=True, slots=True)
class SourcedSentence:
    """A sentence and where it comes from: ``text == article's text[start:end]``."""

    text: str
    article: str | int
    start: int
    end: int
    day: date | None

    @classmethod
    def of(cls, sentence: DatedSentence) -> SourcedSentence:
        return cls(sentence.text, sentence.article, sentence.start, sentence.end, sentence.day)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    day: date
    sentences: tuple[SourcedSentence, ...]


def check_length(name: str, value: int, ceiling: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= ceiling:
        raise InputError(
            f"{name} must be a whole number from 1 to {ceiling}, got {value!r}",
            code=ErrorCode.INVALID_LENGTH,
        )


def timeline(
    articles: Sequence[StoryArticle],
    dates: int,
    per_date: int,
    settings: TimelineSettings | None = None,
) -> list[TimelineEntry]:
    """The ``dates`` days that matter most, in date order, with up to ``per_date`` sentences
    each. Fewer when the story has fewer days with sentences (a story of one article has one)."""
    check_length("dates", dates, MAX_DATES)
    check_length("per_date", per_date, MAX_PER_DATE)
    s = settings or TimelineSettings()
    sentences = [sentence for article in articles for sentence in dated_sentences(article)]
    by_day: dict[date, list[DatedSentence]] = defaultdict(list)
    for sentence in sentences:
        if sentence.day is not None:
            by_day[sentence.day].append(sentence)
    ranked = rank_days(articles, sentences, s)
    chosen = [day for day in ranked if by_day.get(day)][:dates]
    idf = idf_weights(sentences)
    entries = [
        TimelineEntry(day, tuple(pick(by_day[day], per_date, idf, s))) for day in sorted(chosen)
    ]
    return [entry for entry in entries if entry.sentences]


def rank_days(
    articles: Sequence[StoryArticle],
    sentences: Sequence[DatedSentence],
    settings: TimelineSettings,
) -> list[date]:
    """Candidate days, most important first (ties: the earlier day)."""
    published = [a.published for a in articles if a.published is not None]
    if not published and not sentences:
        return []
    weight: dict[date, float] = defaultdict(float)
    for day in published:
        weight[day] += 1.0
    named: set[tuple[str | int, date]] = set()
    for sentence in sentences:
        for day in sentence.mentioned:
            named.add((sentence.article, day))
    for _, day in named:
        weight[day] += settings.mention_weight
    if published:
        low = min(published) - timedelta(days=settings.days_before)
        high = max(published)
        weight = {d: w for d, w in weight.items() if low <= d <= high}
    return sorted(weight, key=lambda d: (-weight[d], d))


def pick(
    candidates: Sequence[DatedSentence],
    count: int,
    idf: dict[str, float],
    settings: TimelineSettings,
) -> list[SourcedSentence]:
    """Up to ``count`` central, non-repeating sentences of ``candidates``."""
    vectors = [vector(c, idf) for c in candidates]
    middle = centroid(vectors)
    scores = [
        dot(v, middle)
        + settings.explicit_lift * c.explicit
        + settings.lead_lift * (c.position < settings.lead_sentences)
        for c, v in zip(candidates, vectors, strict=True)
    ]
    order = sorted(range(len(candidates)), key=lambda i: (-scores[i], i))
    chosen: list[int] = []
    for i in order:
        if len(chosen) == count:
            break
        if all(_distinct(vectors[i], vectors[j], settings.repeat) for j in chosen):
            chosen.append(i)
    return [SourcedSentence.of(candidates[i]) for i in chosen]


def _distinct(a: Vector, b: Vector, repeat: float) -> bool:
    return dot(a, b) <= repeat


__all__ = [
    "MAX_DATES",
    "MAX_PER_DATE",
    "SourcedSentence",
    "TimelineEntry",
    "TimelineSettings",
    "check_length",
    "pick",
    "rank_days",
    "timeline",
]
