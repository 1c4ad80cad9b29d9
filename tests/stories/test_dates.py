"""Dates written in a sentence, placed on the calendar from the publication date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsbrief.stories.dates import mentions, publication_day

WEDNESDAY = date(2011, 1, 26)


def days(text: str, published: date | None = WEDNESDAY) -> list[str]:
    return [m.day.isoformat() for m in mentions(text, published)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Protests began on January 25 in Cairo.", ["2011-01-25"]),
        ("Mubarak resigned on 11 February 2011.", ["2011-02-11"]),
        ("The vote is set for the 18th of March.", ["2011-03-18"]),
        ("Figures from 2011-02-11 were revised.", ["2011-02-11"]),
        ("On Tuesday, thousands marched.", ["2011-01-25"]),
        ("Last Tuesday was quiet.", ["2011-01-25"]),
        ("Last Wednesday was quiet.", ["2011-01-19"]),
        ("The president will speak on Friday.", ["2011-01-28"]),
        ("Next Monday the talks resume.", ["2011-01-31"]),
        ("Yesterday police fired tear gas.", ["2011-01-25"]),
        ("Last night the curfew began.", ["2011-01-25"]),
        ("Tomorrow the schools reopen.", ["2011-01-27"]),
        ("The storm of December 31 flooded roads.", ["2010-12-31"]),
    ],
)
def test_a_written_date_is_resolved_against_the_publication_date(
    text: str, expected: list[str]
) -> None:
    assert days(text) == expected


def test_verbs_and_impossible_days_are_not_dates() -> None:
    assert days("They may march today.") == ["2011-01-26"]
    assert days("It happened on February 30 and on 2011-13-45.") == []


def test_without_a_publication_date_only_full_dates_resolve() -> None:
    assert days("On Tuesday, March 18, and on 11 February 2011.", None) == ["2011-02-11"]


def test_dates_outside_the_supported_years_are_dropped() -> None:
    assert days("The charter of 1066-10-14 and the plan for 2999-01-01.") == []


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2011-02-01", date(2011, 2, 1)),
        ("2011-02-01T23:10:00+02:00", date(2011, 2, 1)),
        (None, None),
        ("", None),
        ("not a date", None),
        ("1850-06-01", None),
        ("0001-01-01", None),
        ("9999-12-31", None),
    ],
)
def test_publication_day(value: str | None, expected: date | None) -> None:
    assert publication_day(value) == expected


@given(st.text(max_size=300), st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_mentions_lie_inside_the_text_and_never_fail(text: str, published: date) -> None:
    for mention in mentions(text, published):
        assert text[mention.start : mention.end] == mention.text
        assert 1900 <= mention.day.year <= 2200


@pytest.mark.parametrize("published", [date.min, date.max, date(1850, 6, 1)])
def test_a_placeholder_publication_date_resolves_only_full_dates(published: date) -> None:
    text = "Yesterday, last Tuesday and tomorrow, and on 11 February 2011."
    assert days(text, published) == ["2011-02-11"]
