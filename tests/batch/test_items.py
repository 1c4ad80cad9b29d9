"""The rows both batch engines write: one shape for a summary, one for a failure."""

from __future__ import annotations

import pytest

from newsbrief import summarizers
from newsbrief.batch import items
from newsbrief.errors import ErrorCode, InputError
from newsbrief.models import Article
from newsbrief.records import Record
from newsbrief.render import summary_record
from newsbrief.summarizers.base import SummaryOptions

STORY = (
    "The council approved the new budget on Tuesday after a long debate. "
    "Residents had asked for more money for schools and for the roads."
)


def test_a_summary_row_is_the_id_then_the_one_summary_record() -> None:
    options = SummaryOptions(method="lead", sentences=1)
    summary = summarizers.summarize_document(summarizers.segment(Article(STORY)), options)
    row = items.summary_row("a", summary)
    assert row == {"id": "a", **summary_record(summary)}
    assert list(row)[:2] == ["id", "method"]
    keyed = items.summary_row(3, summary, key="k")
    assert list(keyed)[:3] == ["id", "key", "method"]


def test_an_error_row_has_one_field_order() -> None:
    assert items.error_row(None, 4, "bad") == {"id": None, "line": 4, "error": "bad"}
    row = items.error_row("a", 4, "bad", key="k", source="in.jsonl")
    assert list(row.items()) == [
        ("id", "a"),
        ("key", "k"),
        ("source", "in.jsonl"),
        ("line", 4),
        ("error", "bad"),
    ]
    assert items.with_source(items.error_row("a", 4, "bad", key="k"), "in.jsonl") == row
    assert list(items.with_source(items.error_row("a", 4, "bad"), "x")) == [
        "id",
        "source",
        "line",
        "error",
    ]


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (InputError("input is empty", code=ErrorCode.EMPTY_INPUT), "input is empty"),
        (RecursionError("maximum recursion depth exceeded"), "input is nested too deeply to parse"),
        (KeyError("x"), "internal error (KeyError: 'x')"),
    ],
)
def test_what_a_failed_row_says(error: Exception, message: str) -> None:
    assert items.error_message(error) == message


def test_the_language_is_identified_only_for_a_method_that_reads_it() -> None:
    record = Record(STORY, id=1)
    assert items.article_for(record, SummaryOptions(method="news")).language is None
    assert items.article_for(record, SummaryOptions(method="llm")).language == "en"
    given = SummaryOptions(method="news", language="fr")
    assert items.article_for(record, given).language == "fr"
