"""The header of a plain-text page: title, byline and date lines, and only those."""

from __future__ import annotations

from sample_texts import PARAGRAPHS

from newsbrief.reading.extraction import extract
from newsbrief.reading.header import (
    Header,
    headline_over_body,
    parse_byline,
    parse_date,
    take_header,
)


def test_title_byline_and_date_below_title() -> None:
    page = "Budget Passes\nBy Jane Doe | 2024-03-03\n\n" + "\n\n".join(PARAGRAPHS)
    article = extract(page)
    assert (article.title, article.byline, article.published) == (
        "Budget Passes",
        "Jane Doe",
        "2024-03-03",
    )
    assert article.text == "\n\n".join(PARAGRAPHS)


def test_a_first_sentence_is_not_a_title() -> None:
    article = extract("\n\n".join(PARAGRAPHS))
    assert article.title is None
    assert article.text == "\n\n".join(PARAGRAPHS)
    glued = extract("Council news without punctuation\n" + PARAGRAPHS[0])
    assert glued.title is None


def test_dates_and_bylines() -> None:
    assert parse_date("Updated: Tue 18 March 2025 09:30 GMT") == "2025-03-18"
    assert parse_date("Mar. 18, 2025") == "2025-03-18"
    assert parse_date("03/04/2025") is None  # ambiguous day/month
    assert parse_date("The vote on March 18, 2025 was close") is None
    assert parse_byline("By JANE DOE, Reuters") == "JANE DOE, Reuters"
    assert parse_byline("By the end of the day, it was over.") is None


def test_take_header_reads_the_leading_blocks_only() -> None:
    blocks = [["Budget Passes", "By Jane Doe"], ["March 3, 2024"], [PARAGRAPHS[0]], ["By Tom Roe"]]
    header, rest = take_header(blocks)
    assert header == Header("Budget Passes", "Jane Doe", "2024-03-03")
    assert rest == [[PARAGRAPHS[0]], ["By Tom Roe"]]


def test_a_lone_block_has_no_header() -> None:
    assert take_header([["Budget Passes"]]) == (Header(), [["Budget Passes"]])


def test_a_headline_right_on_top_of_the_body_is_the_title() -> None:
    body = [PARAGRAPHS[0], PARAGRAPHS[1]]
    for headline in ("Budget Passes After Long Night", "The Budget Passes", "2025 Budget Passes"):
        assert take_header([[headline, *body]]) == (Header(title=headline), [body])
    assert headline_over_body("Is the Budget Dead?", body)


def test_a_line_that_is_not_a_headline_stays_in_the_body() -> None:
    body = [PARAGRAPHS[0]]
    assert not headline_over_body("Council news without punctuation", body)  # sentence case
    assert not headline_over_body("Budget Passes.", body)  # a final period
    assert not headline_over_body("Budget Passes", [body[0].lower()])  # no new sentence below
    assert not headline_over_body("Budget", body)  # one word
    assert not headline_over_body(" ".join(["Budget"] * 17), body)  # too long
    assert not headline_over_body("By Jane Doe", body)  # a byline
    # Hard-wrapped text: lines of one length, the first cut mid-sentence.
    wrapped = ["The Council Passed the Budget on Tuesday After a", "Long Night of Debate."]
    assert not headline_over_body(wrapped[0], wrapped[1:])
