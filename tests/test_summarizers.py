"""The summarizer registry and the behaviour every method shares: lengths, offsets, order, dedup."""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest

from newsbrief import summarize, summarizers
from newsbrief.errors import InputError
from newsbrief.models import Article, count_words
from newsbrief.render import summary_record
from newsbrief.summarizers.base import Summary, SummaryOptions
from newsbrief.summarizers.selection import MAX_SCORED_CHARACTERS

SAMPLE_PAGE = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / ("sample_article_page.txt")
)
METHODS = summarizers.available()
# With no LLM server configured the abstractive method answers with a noted fallback.
EXTRACTIVE = [m for m in METHODS if m not in summarizers.ABSTRACTIVE]

# Written for these tests: eight sentences of a made-up local story.
STORY = (
    "The city council approved a new budget for the harbour district on Monday night. "
    "The plan sets aside money for flood walls, a ferry terminal and two new schools. "
    "Council leader Maria Evans said the vote ended three years of delay. "
    "Opposition members argued that the flood walls would cost far more than forecast. "
    "Residents of the harbour district packed the public gallery during the debate.\n\n"
    "Work on the flood walls is due to start in the spring. "
    "The ferry terminal will follow once a contractor has been chosen. "
    "A public consultation on the two schools opens next month."
)


def summary_of(text: str = STORY, **options: object) -> tuple[Article, Summary]:
    article = Article(text=text)
    chosen = SummaryOptions(**options)  # type: ignore[arg-type]
    return article, summarizers.summarize_document(summarizers.segment(article), chosen)


def test_registry_lists_the_methods() -> None:
    assert {"lead", "centrality", "news"} <= set(METHODS)
    assert sorted(METHODS) == METHODS
    described = summarizers.describe()
    assert set(described) == set(METHODS)
    assert all(described[name] for name in METHODS)
    for name in METHODS:
        assert summarizers.get(name).name == name


def test_unknown_method_lists_the_choices() -> None:
    with pytest.raises(InputError) as caught:
        summarizers.get("bogus")
    assert caught.value.code == "unknown_method"
    assert "'bogus'" in caught.value.message
    for name in METHODS:
        assert name in caught.value.message


def test_unknown_method_through_the_library() -> None:
    with pytest.raises(InputError, match="choose one of: centrality, lead, llm, news"):
        summarize(STORY, method="bogus")


def test_default_is_three_sentences_of_news() -> None:
    summary = summarize(STORY)
    assert summary.method == "news"
    assert len(summary.sentences) == 3


def test_lead_picks_the_first_sentences() -> None:
    article, summary = summary_of(method="lead", sentences=3)
    first = summarizers.segment(article).sentences[:3]
    assert summary.sentences == first


@pytest.mark.parametrize("method", EXTRACTIVE)
@pytest.mark.parametrize("count", [1, 2, 4])
def test_sentences_option(method: str, count: int) -> None:
    _, summary = summary_of(method=method, sentences=count)
    assert len(summary.sentences) == count
    assert summary.notes == ()


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("ceiling", [1, 5, 14, 30, 60, 500])
def test_words_is_a_hard_ceiling(method: str, ceiling: int) -> None:
    _, summary = summary_of(method=method, words=ceiling)
    assert summary.sentences
    assert summary.words <= ceiling
    assert count_words(summary.text) <= ceiling


@pytest.mark.parametrize("method", METHODS)
def test_words_smaller_than_any_sentence_truncates(method: str) -> None:
    article, summary = summary_of(method=method, words=4)
    assert len(summary.sentences) == 1
    sentence = summary.sentences[0]
    assert sentence.words == 4
    assert article.text[sentence.start : sentence.end] == sentence.text
    assert "truncated to fit the word limit" in summary.notes


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("ratio", "expected"), [(0.25, 2), (0.5, 4), (1.0, 8), (0.01, 1)])
def test_ratio_option(method: str, ratio: float, expected: int) -> None:
    _, summary = summary_of(method=method, ratio=ratio)
    assert len(summary.sentences) == expected


def test_more_sentences_than_exist_returns_what_exists_with_a_note() -> None:
    _, summary = summary_of("Only two sentences here. This is the second one.", sentences=5)
    assert len(summary.sentences) == 2
    assert any("only 2" in note for note in summary.notes)


def test_one_sentence_article() -> None:
    summary = summarize("A single sentence makes up this whole article.", sentences=3)
    assert [s.text for s in summary.sentences] == ["A single sentence makes up this whole article."]


@pytest.mark.parametrize("method", METHODS)
def test_near_duplicate_sentences_are_not_both_picked(method: str) -> None:
    text = (
        "Firefighters rescued six people from a burning tower block in Leeds on Sunday. "
        "Firefighters rescued six people from a burning tower block in Leeds early on Sunday. "
        "The cause of the fire is not yet known. "
        "Residents said the alarms did not sound."
    )
    _, summary = summary_of(text, method=method, sentences=3)
    rescued = [s for s in summary.sentences if s.text.startswith("Firefighters rescued")]
    assert len(rescued) == 1
    assert len(summary.sentences) == 3


@pytest.mark.parametrize("method", METHODS)
def test_offsets_and_document_order(method: str) -> None:
    article, summary = summary_of(method=method, sentences=4)
    starts = [s.start for s in summary.sentences]
    assert starts == sorted(set(starts))
    for sentence in summary.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text
    record = summary_record(summary)
    assert record["summary"] == summary.text
    assert [s["start"] for s in record["sentences"]] == starts  # type: ignore[attr-defined]


def test_conflicting_lengths_are_refused() -> None:
    with pytest.raises(InputError, match="choose one length"):
        SummaryOptions(sentences=2, words=10)


@pytest.mark.parametrize(
    "options",
    [{"sentences": 0}, {"words": 0}, {"words": -3}, {"ratio": 0.0}, {"ratio": 1.5}],
)
def test_invalid_lengths_are_refused(options: dict[str, float]) -> None:
    with pytest.raises(InputError) as caught:
        SummaryOptions(**options)  # type: ignore[arg-type]
    assert caught.value.code == "invalid_length"


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_text_is_refused(text: str) -> None:
    with pytest.raises(InputError):
        summarize(text)


@pytest.fixture
def sample_page() -> bytes:
    if not SAMPLE_PAGE.is_file():
        pytest.skip(f"{SAMPLE_PAGE} is absent")
    return SAMPLE_PAGE.read_bytes()


CHROME = ("No time to read", "Get a summary", "Previous Article", "Next Article")


@pytest.mark.parametrize("method", METHODS)
def test_sample_page_summary_comes_from_the_story(sample_page: bytes, method: str) -> None:
    from newsbrief import extract

    article = extract(sample_page)
    assert article.previous and article.next
    summary = summarize(sample_page, method=method, sentences=3)
    assert len(summary.sentences) == 3
    for sentence in summary.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text
        assert not any(phrase in sentence.text for phrase in CHROME)
        assert article.previous not in sentence.text
        assert article.next not in sentence.text
        assert article.title is None or sentence.text != article.title
        # A story sentence is a full sentence, not a headline or a link label.
        assert sentence.text.endswith((".", "!", "?", '"', "”"))
        assert sentence.words >= 8


def test_a_very_long_article_is_scored_on_its_opening_only() -> None:
    # 3,000 distinct sentences: a dense similarity matrix over all of them is what used to
    # exhaust memory on book-length input; only the opening window is scored now.
    text = " ".join(
        f"Report {i} says the council approved plan number {i} for district {i % 97}."
        for i in range(3000)
    )
    for method in ("news", "centrality"):
        summary = summarize(text, method=method, sentences=3)
        assert len(summary.sentences) == 3
        assert all(s.index < 400 for s in summary.sentences)
        assert any("long article" in note for note in summary.notes)


def test_megabytes_of_unique_words_are_scored_on_their_opening_only() -> None:
    # 400 long sentences of random words: under the sentence cap, but a count matrix over
    # every distinct word of all of them took 1.3 GB for 1.8 MB of text.
    rng = random.Random(0)
    sentences = [
        " ".join("".join(rng.choices(string.ascii_lowercase, k=8)) for _ in range(500))
        for _ in range(400)
    ]
    text = " ".join(s.capitalize() + "." for s in sentences)
    for method in ("news", "centrality"):
        summary = summarize(text, method=method, sentences=3)
        assert len(summary.sentences) == 3
        assert all(s.end <= MAX_SCORED_CHARACTERS for s in summary.sentences)
        assert any("long article" in note for note in summary.notes)


def test_repeated_sentences_without_spaces_are_still_duplicates() -> None:
    text = "今日は晴れです。明日は雨が降るでしょう。政府は新しい計画を発表した。" * 20
    texts = [s.text for s in summarize(text, method="lead", sentences=5).sentences]
    assert texts == ["今日は晴れです。", "明日は雨が降るでしょう。", "政府は新しい計画を発表した。"]


def test_punctuation_only_input_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        summarize("!?!?... --- ,,, ;;; " * 50)
    assert caught.value.code == "no_words"
