"""Invariants every summarizer keeps on any text: spans of the article, in order, within budget."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from newsbrief import extract, summarizers
from newsbrief.errors import NewsbriefError
from newsbrief.models import Article, count_words
from newsbrief.summarizers.base import Summary, SummaryOptions
from newsbrief.summarizers.clauses import open_quotes
from newsbrief.summarizers.selection import NO_STATEMENT_NOTE

# Abstractive methods write sentences rather than pick spans (tests/test_llm.py covers them).
METHODS = [m for m in summarizers.available() if m not in summarizers.ABSTRACTIVE]

_WORDS = st.sampled_from(
    [
        "the", "storm", "U.S.", "Mr.", "p.m.", "$3.50", "2.5", "per", "cent", "Dr.", "D.C.",
        "“quoted”", "'single'", "(aside)", "naïve", "Zürich", "東京", "مرحبا", "emoji🙂", "x",
        "well-known", "don't", "—", "…", "e.g.", "No.", "10", "A", "I", "Kennedy", "F.",
    ]
)  # fmt: skip
_PUNCTUATION = st.sampled_from([".", "!", "?", "...", ",", ";", ":", '."', ".”", "?!", ""])
_SPACE = st.sampled_from([" ", "  ", "\n", "\n\n", "\t", " \n ", "\u00a0", "\u200b", "\r\n"])


@st.composite
def news_like(draw: st.DrawFn) -> str:
    """Sentence-shaped text: words, punctuation and whitespace in unlikely mixtures."""
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 14))):
        words = draw(st.lists(_WORDS, min_size=1, max_size=12))
        if draw(st.booleans()):
            words[0] = words[0].capitalize()
        parts.append(" ".join(words) + draw(_PUNCTUATION) + draw(_SPACE))
    return "".join(parts)


TEXTS = st.one_of(
    news_like(),
    st.text(max_size=400),
    st.text(alphabet=st.characters(categories=["P", "S", "Z"]), max_size=200),
    st.text(alphabet=".!?\"' \n\t-…“”", max_size=100),
)

OPTIONS = st.one_of(
    st.just({}),
    st.builds(lambda n: {"sentences": n}, st.integers(1, 12)),
    st.builds(lambda n: {"words": n}, st.integers(1, 120)),
    st.builds(lambda r: {"ratio": r}, st.floats(0.01, 1.0)),
    st.builds(lambda n: {"points": n}, st.integers(1, 12)),
)

# NEWSBRIEF_PROPERTY_EXAMPLES=5000 for a long bug hunt; the default keeps the suite quick.
SETTINGS = settings(
    max_examples=int(os.environ.get("NEWSBRIEF_PROPERTY_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def check_summary(
    article: Article, available: int, summary: Summary, options: dict[str, float]
) -> None:
    sentences = summary.sentences
    for sentence in sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text
    starts = [s.start for s in sentences]
    assert starts == sorted(starts)
    assert len(set(starts)) == len(starts), "a sentence was picked twice"
    for earlier, later in itertools.pairwise(sentences):
        assert earlier.end <= later.start, "sentences overlap"
    assert len({s.index for s in sentences}) == len(sentences)
    if available and not sentences:
        # Only an article with no complete statement, or a word budget no statement's opening
        # fits without cutting a quotation, gets an empty summary, and a note says which.
        assert summary.notes, "an article with sentences got an empty summary"
        assert summary.notes[-1] == NO_STATEMENT_NOTE or "quotation" in summary.notes[-1]
    if "words" in options:
        assert not open_quotes(summary.text), "a word budget left a quotation open"
    if "sentences" in options:
        assert len(sentences) <= options["sentences"]
    elif "words" in options:
        assert summary.words <= options["words"]
        assert count_words(summary.text) <= options["words"]
    elif "ratio" in options:
        assert len(sentences) <= max(1, round(options["ratio"] * available))
    elif "points" in options:
        assert len(sentences) <= options["points"]
    else:
        assert len(sentences) <= 3


def summarize_or_refuse(
    make_article: Callable[[], Article], method: str, options: dict[str, float]
) -> None:
    """A Summary that keeps the invariants, or a NewsbriefError; anything else fails the test."""
    summary_options = SummaryOptions(method=method, **options)  # type: ignore[arg-type]
    try:
        article = make_article()
        document = summarizers.segment(article)
        summary = summarizers.summarize_document(document, summary_options)
    except NewsbriefError as error:
        event(f"refused: {error.code}")
        return
    event("summarized")
    check_summary(article, len(document.sentences), summary, options)


@pytest.mark.parametrize("method", METHODS)
@SETTINGS
@given(text=TEXTS, options=OPTIONS)
def test_core_summary_invariants(method: str, text: str, options: dict[str, float]) -> None:
    """On the core (no extraction): a Summary with the invariants, or a NewsbriefError."""
    summarize_or_refuse(lambda: Article(text=text), method, options)


@pytest.mark.parametrize("method", METHODS)
@SETTINGS
@given(text=TEXTS, options=OPTIONS)
def test_pipeline_summary_invariants(method: str, text: str, options: dict[str, float]) -> None:
    """Through extraction too, as the CLI and the API run it; any other exception fails."""
    summarize_or_refuse(lambda: extract(text), method, options)


@SETTINGS
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    try:
        article = extract(data)
        summarizers.summarize_document(summarizers.segment(article), SummaryOptions())
    except NewsbriefError:
        pass
