"""The budgeted selection every extractive method shares: lengths, offsets, order, duplicates,
the scored window of long articles, and maximal marginal relevance."""

from __future__ import annotations

import random
import string

import numpy as np
import pytest
from sample_texts import EXTRACTIVE, METHODS, summary_of

from newsbrief import summarize, summarizers
from newsbrief.models import Article, count_words
from newsbrief.render import summary_record
from newsbrief.summarizers.base import Document, SummaryOptions
from newsbrief.summarizers.selection import (
    MAX_SCORED_CHARACTERS,
    MAX_SCORED_SENTENCES,
    select,
)


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


def test_the_note_of_a_one_sentence_article_says_sentence() -> None:
    _, summary = summary_of("A single sentence makes up this whole article.", sentences=3)
    assert summary.notes == ("the article has only 1 distinct sentence",)


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


def test_repeated_sentences_without_spaces_are_still_duplicates() -> None:
    text = "今日は晴れです。明日は雨が降るでしょう。政府は新しい計画を発表した。" * 20
    texts = [s.text for s in summarize(text, method="lead", sentences=5).sentences]
    assert texts == ["今日は晴れです。", "明日は雨が降るでしょう。", "政府は新しい計画を発表した。"]


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
        assert all(s.index < MAX_SCORED_SENTENCES for s in summary.sentences)
        assert any("long article" in note for note in summary.notes)


def test_megabytes_of_unique_words_are_scored_on_their_opening_only() -> None:
    # 400 long sentences of random words: under the sentence cap, but a count matrix over every
    # distinct word of all of them is what used to exhaust memory.
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


def test_mmr_selection_matches_the_textbook_definition() -> None:
    rng = np.random.default_rng(7)
    sentences = [f"Sentence number {i} says something new about topic {i}." for i in range(9)]
    document = _document(sentences)
    scores = rng.random(9).tolist()
    similarity = rng.random((9, 9))
    similarity = (similarity + similarity.T) / 2
    np.fill_diagonal(similarity, 0.0)
    picked = select(
        document, scores, SummaryOptions(sentences=4), "test", similarity=similarity, diversity=0.8
    )
    chosen: list[int] = []
    for _ in range(4):
        penalty = similarity[:, chosen].max(axis=1) if chosen else np.zeros(9)
        adjusted = np.asarray(scores) - 0.8 * penalty
        adjusted[chosen] = -np.inf
        chosen.append(int(np.argmax(adjusted)))
    assert [s.index for s in picked.sentences] == sorted(chosen)


def test_without_diversity_the_best_scores_win() -> None:
    document = _document([f"Sentence number {i} says something about topic {i}." for i in range(6)])
    similarity = np.ones((6, 6))  # ignored: diversity is zero
    picked = select(
        document,
        [0.1, 0.9, 0.3, 0.8, 0.2, 0.7],
        SummaryOptions(sentences=3),
        "test",
        similarity=similarity,
    )
    assert [s.index for s in picked.sentences] == [1, 3, 5]
    assert picked.method == "test"


def _document(sentences: list[str]) -> Document:
    return summarizers.segment(Article(text=" ".join(sentences)))
