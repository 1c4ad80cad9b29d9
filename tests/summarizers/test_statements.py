"""The statement filter: what never reaches a summary, and what must still reach it."""

from __future__ import annotations

import time

import pytest
from sample_texts import EXTRACTIVE, STORY, summary_of

from newsbrief import summarizers
from newsbrief.models import Article
from newsbrief.summarizers.base import SummaryOptions
from newsbrief.summarizers.statements import Statements, non_statements

NOT_STATEMENTS = {
    "The storm brought down power lines across the county": "unfinished",
    "Officials said the damage was severe:": "unfinished",
    "By Jane Doe, Staff Writer.": "byline",
    "PUBLISHED: 12:01 EST, 3 March 2014 | UPDATED: 13:30 EST, 3 March 2014.": "byline",
    "(CNN) --.": "byline",
    "Tragic: Ellie Smith, six, was found at the family home.": "caption",
    "Pictured: the flooded high street on Sunday morning.": "caption",
    "The mayor (pictured) visited the shelter on Sunday.": "caption",
    "Jane Doe, left, hugs her son outside the court.": "caption",
    "Rescuers search the rubble (file photo).": "caption",
    "A spokesperson for the company declined to comment.": "no comment",
    "The club did not immediately respond to a request for comment.": "no comment",
    "Police could not be reached on Sunday.": "no comment",
    "Scroll down for video.": "call",
    "Click here to read the full report.": "call",
    "Sign up for our daily newsletter.": "call",
    "Follow us on Twitter for the latest updates.": "call",
    "Editor's note: Jane Doe is a columnist for the Herald.": "note",
    "The opinions expressed in this commentary are solely those of the author.": "note",
}

STILL_STATEMENTS = [
    "By Monday, the river had burst its banks in three places.",
    "By then the council had approved the budget.",
    "He said: 'We will rebuild every house that was lost.'",
    "The council leader told reporters: 'This is a turning point.'",
    "Firefighters worked through the night to save the church.",
    "The company, which employs 400 people, will close in May.",
    "“We will not give up,” she said.",
    "Is this the end of the line for the ferry?",
]


def _reason(text: str, title: str | None = None) -> str | None:
    document = summarizers.segment(Article(text=text, title=title))
    reasons = non_statements(document.article, document.sentences)
    assert len(reasons) == 1, document.sentences
    return reasons[0]


@pytest.mark.parametrize(("text", "reason"), NOT_STATEMENTS.items())
def test_non_statements_are_recognised(text: str, reason: str) -> None:
    assert _reason(text) == reason


def test_a_dailymail_byline_is_no_statement_in_any_of_its_pieces() -> None:
    text = "By . Daily Mail Reporter . PUBLISHED: 12:01 EST, 3 March 2014 ."
    document = summarizers.segment(Article(text=text))
    assert len(document.sentences) > 1
    assert None not in non_statements(document.article, document.sentences)


@pytest.mark.parametrize("text", STILL_STATEMENTS)
def test_statements_pass(text: str) -> None:
    assert _reason(text) is None


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        ("Storm closes every school in the county.", "Storm closes every school in the county"),
        ("Storm closes every school in the county.", "Storm closes every school - The Herald"),
        ("Officials say storm closes every school in the county.", "Storm closes every school"),
    ],
)
def test_the_headline_repeated_in_the_body_is_not_a_statement(sentence: str, title: str) -> None:
    assert _reason(sentence, title) == "headline"


def test_a_sentence_merely_about_the_headline_topic_passes() -> None:
    title = "Storm closes every school in the county"
    assert _reason("The storm reached the coast on Friday night.", title) is None


def test_a_short_title_case_line_on_its_own_is_a_heading() -> None:
    text = f"{STORY}\n\nWhat Comes Next For The Harbour.\n\nWork continues in the spring."
    document = summarizers.segment(Article(text=text))
    reasons = non_statements(document.article, document.sentences)
    heading = next(i for i, s in enumerate(document.sentences) if s.text.startswith("What"))
    assert reasons[heading] == "heading"
    assert reasons.count("heading") == 1


@pytest.mark.parametrize("method", EXTRACTIVE)
@pytest.mark.parametrize("length", [{"sentences": 3}, {"points": 3}, {"words": 40}])
def test_no_method_picks_a_non_statement(method: str, length: dict[str, int]) -> None:
    noise = " ".join(NOT_STATEMENTS)
    article, summary = summary_of(f"{noise}\n\n{STORY}", method=method, **length)
    assert summary.sentences
    for sentence in summary.sentences:
        assert sentence.text not in NOT_STATEMENTS, sentence.text
    assert article.text[summary.sentences[0].start :].startswith(summary.sentences[0].text)


@pytest.mark.parametrize("method", EXTRACTIVE)
def test_an_article_without_a_statement_gets_an_empty_summary_and_a_note(method: str) -> None:
    _, summary = summary_of("Stock Car calendar 2018\n\nRound 1: March 10\n\nRound 2: April 8")
    assert summary.sentences == ()
    assert summary.notes == ("the article has no complete sentence that states its story",)
    _, summary = summary_of("Round 1: March 10\n\nRound 2: April 8", method=method, points=2)
    assert summary.sentences == ()


def test_sentences_are_judged_only_when_asked() -> None:
    document = summarizers.segment(Article(text=STORY))
    statements = Statements(document.article, document.sentences)
    assert statements(0)
    assert statements.mask() == [True] * len(document.sentences)


def test_hostile_text_is_judged_in_bounded_time() -> None:
    """Many near-matches of every rule in one long sentence and many short ones: each test is
    a prefix check or a pattern with no nested repetition, so this stays linear."""
    unit = "By Jane, left, (left (pictured Photo: getty for comment respond scroll down "
    text = unit * 1300 + "end. " + "Tragic: word word word. " * 3000
    article = Article(text=text, title="Jane left pictured getty comment")
    document = summarizers.segment(article)
    started = time.perf_counter()
    summary = summarizers.summarize_document(document, SummaryOptions(method="lead"))
    Statements(article, document.sentences).mask()
    assert time.perf_counter() - started < 10.0
    assert all(s.text != unit for s in summary.sentences)
