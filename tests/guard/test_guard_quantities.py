"""Numbers and dates: every spelling of one value compares equal; words that only look like
numbers or months are not counted."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsbrief.guard.quantities import Mention, mentions, values


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("2 million", "two million"),
        ("$2m", "2,000,000"),
        ("2.5bn", "2.5 billion"),
        ("March 18", "18 March"),
        ("18th of March", "March 18"),
        ("twenty-five", "25"),
        ("3,000", "three thousand"),
    ],
)
def test_spellings_of_one_value_compare_equal(a: str, b: str) -> None:
    assert values(a) and values(a) == values(b)


def test_words_that_are_not_numbers() -> None:
    assert values("one of the best, in May they may go") == set()
    assert values("the second half") == set()


def test_mentions_keep_the_words_as_written_and_their_kind() -> None:
    # Scale words join their number; a day beside a month is one date, not also a number.
    assert mentions("2 hundred thousand people marched on 18 March, one of them aged 39") == [
        Mention("2 hundred thousand", "200000", "number"),
        Mention("march 18", "3-18", "date"),
        Mention("39", "39", "number"),
    ]


@given(st.integers(min_value=0, max_value=10**12))
def test_thousands_separators_do_not_change_a_value(n: int) -> None:
    assert values(f"{n:,}") == values(str(n)) == {str(n)}
