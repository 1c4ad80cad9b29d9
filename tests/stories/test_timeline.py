"""Timelines: the days that matter, in order, with sourced sentences."""

from __future__ import annotations

from datetime import date

import pytest

from newsbrief.errors import InputError
from newsbrief.stories.sentences import StoryArticle, dated_sentences
from newsbrief.stories.timeline import timeline

ARTICLES = [
    StoryArticle(
        "a1",
        "Thousands of protesters filled Tahrir Square in Cairo on Tuesday demanding reform. "
        "Police fired tear gas at the crowds gathered near the square in central Cairo.",
        date(2011, 1, 26),
    ),
    StoryArticle(
        "a2",
        "The government shut down internet access across Egypt on January 27 to stop protests. "
        "Mobile phone networks were also cut in several cities across the country.",
        date(2011, 1, 28),
    ),
    StoryArticle(
        "a3",
        "President Hosni Mubarak resigned on February 11 after eighteen days of protests. "
        "Crowds in Tahrir Square celebrated through the night after the announcement.",
        date(2011, 2, 12),
    ),
    StoryArticle(
        "a4",
        "Mubarak stepped down on February 11, handing power to the army council in Cairo. "
        "Celebrations spread from Cairo to Alexandria and Suez after the resignation.",
        date(2011, 2, 12),
    ),
]


def test_the_named_days_come_in_date_order_with_sentences_from_their_articles() -> None:
    entries = timeline(ARTICLES, dates=3, per_date=1)
    days = [e.day.isoformat() for e in entries]
    assert days == sorted(days)
    assert "2011-02-11" in days and "2011-01-25" in days
    texts = {a.id: a.text for a in ARTICLES}
    for entry in entries:
        assert len(entry.sentences) == 1
        for s in entry.sentences:
            assert texts[s.article][s.start : s.end] == s.text


def test_the_reader_chooses_the_length() -> None:
    assert len(timeline(ARTICLES, dates=1, per_date=1)) == 1
    top = timeline(ARTICLES, dates=1, per_date=2)[0]
    assert top.day == date(2011, 2, 11) and len(top.sentences) == 2


def test_a_story_of_one_article_has_a_timeline_of_its_days() -> None:
    entries = timeline(ARTICLES[:1], dates=5, per_date=3)
    assert [e.day for e in entries] == [date(2011, 1, 25), date(2011, 1, 26)]


def test_articles_without_dates_or_text_give_an_empty_timeline() -> None:
    undated = [StoryArticle("x", "Protesters gathered in the square again to demand reform.")]
    assert timeline(undated, dates=3, per_date=1) == []
    assert timeline([StoryArticle("e", "", date(2011, 1, 1))], dates=3, per_date=1) == []
    assert timeline([], dates=3, per_date=1) == []


@pytest.mark.parametrize(("dates", "per_date"), [(0, 1), (1, 0), (-3, 1), (10_000, 1)])
def test_a_length_out_of_range_is_a_clear_error(dates: int, per_date: int) -> None:
    with pytest.raises(InputError, match="must be a whole number"):
        timeline(ARTICLES, dates=dates, per_date=per_date)


def test_sentences_take_the_first_date_they_name_else_the_publication_day() -> None:
    sentences = dated_sentences(ARTICLES[1])
    assert [s.day for s in sentences] == [date(2011, 1, 27), date(2011, 1, 28)]
    assert [s.explicit for s in sentences] == [True, False]


def test_dates_far_in_the_future_or_past_do_not_break_a_timeline() -> None:
    future = StoryArticle(
        "f", "The launch happened tomorrow, officials said on Friday.", date(2199, 12, 31)
    )
    early = StoryArticle("e", "The mill opened on Monday, the town council said.", date(1900, 1, 1))
    entries = timeline([future, early], dates=5, per_date=2)
    assert [e.day for e in entries] == sorted(e.day for e in entries)
    assert date(2200, 1, 1) not in [e.day for e in entries]
