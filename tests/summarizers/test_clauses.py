"""Word budgets: a cut sentence ends at a clause boundary, and no quotation is left open."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sample_texts import EXTRACTIVE, summary_of

from newsbrief import summarizers
from newsbrief.errors import NewsbriefError
from newsbrief.models import Article, Sentence, count_words
from newsbrief.summarizers.base import SummaryOptions
from newsbrief.summarizers.clauses import open_quotes, truncate

_INNERMOST = re.compile('“[^“”«»"‘]*”|«[^“”«»"‘]*»|"[^“”«»"‘]*"|‘(?:[^“”«»"‘’]|’(?=\\w))*’(?!\\w)')


def balanced(text: str) -> bool:
    """Quotes balance, checked apart from :func:`open_quotes`: innermost pairs of “ ”, « »,
    straight double quotes and ‘ ’ (a ’ before a letter is an apostrophe, not a closer) are
    removed until none is left; then no opening mark, and no closing mark but a ’, may
    remain."""
    previous = None
    while previous != text:
        previous, text = text, _INNERMOST.sub("", text)
    return not any(mark in text for mark in '“”«»"‘')


def _sentence(text: str) -> Sentence:
    return Sentence(text, 10, 10 + len(text), 0, 0)


@pytest.mark.parametrize(
    ("text", "words", "cut"),
    [
        (
            "The council met on Monday, and it voted to close the pool.",
            8,
            "The council met on Monday",
        ),
        (
            "Rain fell; rivers rose; roads closed across the county today.",
            5,
            "Rain fell; rivers rose",
        ),
        (
            "The new harbour plan — which cost more than expected — was approved.",
            7,
            "The new harbour plan",
        ),
        ("He said “we will rebuild, whatever it costs” and left.", 5, "He said"),
        (
            "Officials said the storm, the worst in years, was over.",
            9,
            "Officials said the storm, the worst in years",
        ),
        ("A very long sentence without any clause marks at all here.", 4, "A very long sentence"),
    ],
)
def test_a_cut_ends_at_a_clause_boundary_outside_quotes(text: str, words: int, cut: str) -> None:
    result = truncate(_sentence(text), words)
    assert result is not None
    assert result.text == cut
    assert (result.start, result.end) == (10, 10 + len(cut))


def test_nothing_is_cut_when_every_opening_is_inside_a_quotation() -> None:
    assert truncate(_sentence("“We will rebuild every house that was lost,” he said."), 3) is None


@pytest.mark.parametrize(
    ("text", "open_"),
    [
        ("He said “we will", True),
        ("He said “we will.”", False),
        ('He said "we will', True),
        ('He said "we will."', False),
        ("The students’ union met.", False),
        ("She called it ‘a disgrace", True),
        ("She called it ‘a disgrace’.", False),
        ("We don’t know.", False),
        ("She said ‘we don’t know’ twice.", False),
        ("« Non », dit-il.", False),
        ("we will,” he said.", True),
        ('“He said "no.” Then she left."', True),
        ('“He said "no." Then she left.”', False),
    ],
)
def test_open_quotes(text: str, open_: bool) -> None:
    assert open_quotes(text) is open_
    assert balanced(text) is not open_


_QUOTED_WORDS = st.sampled_from(
    ["the", "council", "said", "“we", "will”", '"no', 'way"', "‘a", "disgrace’", "«non»", "don’t",
     "students’", "rebuild,", "today;", "—", "-", "well-known", "it:", "«", "»", "“", "”", '"']
)  # fmt: skip


@st.composite
def quoted_text(draw: st.DrawFn) -> str:
    sentences = []
    for _ in range(draw(st.integers(1, 6))):
        words = draw(st.lists(_QUOTED_WORDS, min_size=1, max_size=40))
        sentences.append(" ".join(words).capitalize() + draw(st.sampled_from([".", "!", "?"])))
    return " ".join(sentences)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(quoted_text(), st.text(max_size=300)), words=st.integers(1, 60))
def test_a_cut_keeps_the_budget_and_leaves_no_quote_open(text: str, words: int) -> None:
    sentence = _sentence(text)
    cut = truncate(sentence, words)
    if cut is None:
        return
    assert text.startswith(cut.text)
    assert (cut.start, cut.end) == (sentence.start, sentence.start + len(cut.text))
    assert count_words(cut.text) <= words
    assert balanced(cut.text)


@pytest.mark.parametrize("method", EXTRACTIVE)
@settings(max_examples=60, deadline=None)
@given(text=quoted_text(), words=st.integers(1, 60))
def test_any_word_budget_summary_is_balanced_and_within_budget(
    method: str, text: str, words: int
) -> None:
    try:
        document = summarizers.segment(Article(text=text))
    except NewsbriefError:
        return
    options = SummaryOptions(method=method, words=words)
    summary = summarizers.summarize_document(document, options)
    assert count_words(summary.text) <= words
    assert balanced(summary.text), summary.text


@pytest.mark.parametrize("method", EXTRACTIVE)
def test_a_word_budget_skips_a_sentence_that_opens_a_quote_it_does_not_close(method: str) -> None:
    text = (
        "The council approved the harbour budget on Monday night after a long debate. "
        "“We will build the flood walls first. "
        "Then the ferry terminal,” the council leader said. "
        "Work is due to start in the spring."
    )
    _, summary = summary_of(text, method=method, words=25)
    assert summary.sentences
    assert balanced(summary.text), summary.text
