"""A story's articles read as dated sentences: what the timeline and the catch-up choose from.

Each sentence keeps its article's id and its offsets in the article's text. Its date is the
first date it mentions (resolved against the publication date), else the day its article was
published: news reports most events on the day they happen or the day after, and says so when
it is another day.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from newsbrief.reading.segmentation import split_sentences
from newsbrief.stories.dates import mentions
from newsbrief.stories.features import MAX_CHARACTERS
from newsbrief.stories.vectors import Vector, unit
from newsbrief.summarizers.statistics.words import content_words

# A sentence shorter than this is a fragment (a caption, a dateline, "Click here."); longer than
# this it is a run-on or a glued list, which makes a poor timeline line.
MIN_WORDS = 6
MAX_WORDS = 60
# The sentences of an article read for a story: its opening, where news puts what happened.
SENTENCES_PER_ARTICLE = 40


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """An article of a story, as the timeline and catch-up read it."""

    id: str | int
    text: str
    published: date | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class DatedSentence:
    """A sentence of an article: ``text == article.text[start:end]``."""

    article: str | int
    text: str
    start: int
    end: int
    position: int  # its index among the article's sentences
    published: date | None
    day: date | None  # the date it is about
    explicit: bool  # whether the date is written in the sentence
    mentioned: tuple[date, ...]  # every date it names

    @property
    def words(self) -> list[str]:
        return content_words(self.text)


def dated_sentences(article: StoryArticle) -> list[DatedSentence]:
    """The article's readable sentences, each with the date it is about."""
    found = []
    text = article.text[:MAX_CHARACTERS]
    for sentence in split_sentences(text)[:SENTENCES_PER_ARTICLE]:
        size = len(sentence.text.split())
        if not MIN_WORDS <= size <= MAX_WORDS:
            continue
        days = tuple(m.day for m in mentions(sentence.text, article.published))
        found.append(
            DatedSentence(
                article.id,
                sentence.text,
                sentence.start,
                sentence.end,
                sentence.index,
                article.published,
                days[0] if days else article.published,
                bool(days),
                days,
            )
        )
    return found


def idf_weights(sentences: Iterable[DatedSentence]) -> dict[str, float]:
    """Inverse document frequencies over ``sentences`` (each sentence a document)."""
    frequency: Counter[str] = Counter()
    total = 0
    for sentence in sentences:
        frequency.update(set(sentence.words))
        total += 1
    return {term: math.log((1 + total) / (1 + n)) + 1.0 for term, n in frequency.items()}


def vector(sentence: DatedSentence, idf: dict[str, float]) -> Vector:
    counts = Counter(sentence.words)
    return unit({t: (1.0 + math.log(c)) * idf.get(t, 1.0) for t, c in counts.items()})


def centroid(vectors: Sequence[Vector]) -> Vector:
    total: Vector = {}
    for v in vectors:
        for term, weight in v.items():
            total[term] = total.get(term, 0.0) + weight
    return unit(total)


__all__ = [
    "DatedSentence",
    "StoryArticle",
    "centroid",
    "dated_sentences",
    "idf_weights",
    "vector",
]
