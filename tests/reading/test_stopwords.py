"""The one stop-word list: the summarizer ignores function words and news filler words, the
guard function words only."""

from __future__ import annotations

from newsbrief.guard.words import content_stems
from newsbrief.reading.stopwords import FUNCTION_WORDS, NEWS_FILLER_WORDS
from newsbrief.summarizers.statistics.words import STOP_WORDS


def test_the_lists_are_distinct_lowercase_words() -> None:
    assert FUNCTION_WORDS.isdisjoint(NEWS_FILLER_WORDS)
    assert all(w.isalpha() and w == w.lower() for w in FUNCTION_WORDS | NEWS_FILLER_WORDS)


def test_the_summarizer_ignores_both_lists() -> None:
    assert STOP_WORDS == FUNCTION_WORDS | NEWS_FILLER_WORDS


def test_the_guard_counts_news_filler_words() -> None:
    assert content_stems("Yourself, they told reporters about the new year") == [
        "told",
        "report",
        "new",
        "year",
    ]
