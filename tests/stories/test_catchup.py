"""Catch me up: what is new since a moment, not what the reader saw before."""

from __future__ import annotations

from datetime import date

import pytest
from stories.test_timeline import ARTICLES

from newsbrief.errors import InputError
from newsbrief.stories.catchup import catch_up
from newsbrief.stories.sentences import StoryArticle


def test_only_what_was_reported_since_the_moment_is_told() -> None:
    result = catch_up(ARTICLES, date(2011, 2, 1), sentences=3)
    assert result.new_articles == 2 and not result.nothing_new
    assert {s.article for s in result.sentences} <= {"a3", "a4"}
    assert all(s.day is not None and s.day >= date(2011, 2, 1) for s in result.sentences)
    texts = {a.id: a.text for a in ARTICLES}
    for s in result.sentences:
        assert texts[s.article][s.start : s.end] == s.text


def test_without_a_moment_the_whole_story_is_told_in_date_order() -> None:
    result = catch_up(ARTICLES, None, sentences=4)
    days = [s.day for s in result.sentences]
    assert len(days) == 4 and days == sorted(d for d in days if d is not None)
    assert {s.article for s in result.sentences} >= {"a1", "a3"}


def test_a_moment_after_the_last_article_has_nothing_new() -> None:
    result = catch_up(ARTICLES, date(2011, 3, 1), sentences=3)
    assert result.nothing_new and result.new_articles == 0


def test_what_the_reader_already_read_is_not_told_again() -> None:
    repeat = StoryArticle(
        "a5",
        ARTICLES[0].text + " Officials said a curfew would start at dusk in every city.",
        date(2011, 2, 5),
    )
    result = catch_up([*ARTICLES[:3], repeat], date(2011, 2, 1), sentences=10)
    told = {s.text for s in result.sentences}
    assert not told & {
        "Thousands of protesters filled Tahrir Square in Cairo on Tuesday demanding reform."
    }
    assert "Officials said a curfew would start at dusk in every city." in told


def test_background_about_earlier_days_is_left_out() -> None:
    recap = StoryArticle(
        "r",
        "Protests first erupted in Cairo on January 25 after calls on social media. "
        "On Sunday the army set up new checkpoints around the capital and its bridges.",
        date(2011, 2, 14),
    )
    result = catch_up([*ARTICLES, recap], date(2011, 2, 13), sentences=5)
    assert [s.text for s in result.sentences] == [
        "On Sunday the army set up new checkpoints around the capital and its bridges."
    ]


@pytest.mark.parametrize("count", [0, -1, 101])
def test_a_sentence_count_out_of_range_is_a_clear_error(count: int) -> None:
    with pytest.raises(InputError, match="sentences must be"):
        catch_up(ARTICLES, None, sentences=count)
