""" "Catch me up": what a story reported since a moment, in a few sentences.

The new material is the articles published on or after the moment (a date reads as the start of
that day). From their sentences, those about earlier days are background and go (the date a
sentence is about: :mod:`newsbrief.stories.sentences`), and so do those the reader has already
seen: most of their word pairs were already in the story's older articles. The rest are chosen as
the timeline chooses, one sentence per day that matters first, then a second for each, and so
on; they are given in date order, each with its article. Without a moment the whole story is new.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from newsbrief.stories.sentences import DatedSentence, StoryArticle, dated_sentences, idf_weights
from newsbrief.stories.timeline import (
    SourcedSentence,
    TimelineSettings,
    check_length,
    pick,
    rank_days,
)

MAX_SENTENCES = 100


@dataclass(frozen=True, slots=True)
class CatchUpSettings:
    # Share of a sentence's word pairs already in the older articles above which the reader
    # has read it before.
    seen: float = 0.6
    timeline: TimelineSettings = field(default_factory=TimelineSettings)


@dataclass(frozen=True, slots=True)
class CatchUp:
    """What is new since ``since``: sentences in date order, and how many articles are new."""

    since: date | None
    sentences: tuple[SourcedSentence, ...]
    new_articles: int

    @property
    def nothing_new(self) -> bool:
        return not self.sentences


def catch_up(
    articles: Sequence[StoryArticle],
    since: date | None,
    sentences: int,
    settings: CatchUpSettings | None = None,
) -> CatchUp:
    """Up to ``sentences`` sentences of what the story reported on or after ``since``."""
    check_length("sentences", sentences, MAX_SENTENCES)
    s = settings or CatchUpSettings()
    new = [a for a in articles if is_new(a, since)]
    if not new:
        return CatchUp(since, (), 0)
    old = [a for a in articles if not is_new(a, since)]
    seen = _pairs(sentence for a in old for sentence in dated_sentences(a))
    candidates = [
        sentence
        for article in new
        for sentence in dated_sentences(article)
        if (since is None or sentence.day is None or sentence.day >= since)
        and not _already_read(sentence, seen, s.seen)
    ]
    by_day: dict[date | None, list[DatedSentence]] = defaultdict(list)
    for sentence in candidates:
        by_day[sentence.day].append(sentence)
    days: list[date | None] = [d for d in rank_days(new, candidates, s.timeline) if d in by_day]
    days += [None] if None in by_day else []
    idf = idf_weights(candidates)
    ranked = {day: pick(by_day[day], sentences, idf, s.timeline) for day in days}
    chosen: list[SourcedSentence] = []
    for turn in range(sentences):
        for day in days:
            if len(chosen) < sentences and turn < len(ranked[day]):
                chosen.append(ranked[day][turn])
    order = {a.id: i for i, a in enumerate(articles)}
    chosen.sort(key=lambda x: (x.day or date.max, order.get(x.article, 0), x.start))
    return CatchUp(since, tuple(chosen), len(new))


def is_new(article: StoryArticle, since: date | None) -> bool:
    """Published on or after ``since`` (everything is new without a moment; an undated
    article is new only then, as nothing says when it came)."""
    if since is None:
        return True
    return article.published is not None and article.published >= since


def _pairs(sentences: Iterable[DatedSentence]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for sentence in sentences:
        words = sentence.words
        found.update(itertools.pairwise(words))
    return found


def _already_read(sentence: DatedSentence, seen: set[tuple[str, str]], share: float) -> bool:
    words = sentence.words
    pairs = list(itertools.pairwise(words))
    if not pairs or not seen:
        return False
    return sum(pair in seen for pair in pairs) / len(pairs) > share


__all__ = ["MAX_SENTENCES", "CatchUp", "CatchUpSettings", "catch_up", "is_new"]
