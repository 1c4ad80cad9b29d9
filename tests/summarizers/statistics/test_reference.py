"""The numpy definitions of the sentence statistics, on small texts written for the test."""

from __future__ import annotations

import numpy as np
import pytest

from newsbrief.summarizers.statistics import STATISTICS, reference_statistics

# Content words: (council, approve, budget), (budget, include, school), (weather, stay, sunny).
BUDGET = ["Council approves budget.", "Budget includes schools.", "Weather stays sunny."]


def test_one_row_per_statistic_and_a_symmetric_similarity() -> None:
    stats = reference_statistics(BUDGET, lead_size=2)
    assert stats.rows.shape == (len(STATISTICS), 3)
    similarity = stats.similarity
    assert np.allclose(similarity, similarity.T)
    assert similarity.diagonal().tolist() == [0.0, 0.0, 0.0]
    assert similarity[0, 1] > 0 and similarity[0, 2] == similarity[1, 2] == 0
    assert stats["lexrank"].mean() == pytest.approx(1.0)


def test_counts_and_word_frequency() -> None:
    stats = reference_statistics(BUDGET, lead_size=2)
    assert stats["words"].tolist() == [3, 3, 3]
    assert stats["content"].tolist() == [3, 3, 3]
    # "budget" is the top word (twice): each sentence's words' frequency over the top one's.
    assert stats["word_frequency"].tolist() == pytest.approx([4 / 6, 4 / 6, 3 / 6])


def test_a_lead_sentence_is_compared_with_the_other_lead_sentences() -> None:
    stats = reference_statistics(BUDGET, lead_size=2)
    assert stats["lead_overlap"].tolist() == pytest.approx([1 / 3, 1 / 3, 0.0])


def test_shapes_of_a_sentence() -> None:
    stats = reference_statistics(['"Yes," she said.', "Why now?", "No full stop"], lead_size=0)
    assert stats["opens_with_quote"].tolist() == [1, 0, 0]
    assert stats["question"].tolist() == [0, 1, 0]
    assert stats["unterminated"].tolist() == [0, 0, 1]
    assert stats["quote_marks"].tolist() == [2, 0, 0]


def test_directed_centrality_looks_forward_and_backward() -> None:
    texts = ["Rain fell on the town.", "Rain fell again on the town.", "The town dried out."]
    stats = reference_statistics(texts, lead_size=0)
    forward, backward = stats["pacsum_forward"], stats["pacsum_backward"]
    assert forward[0] == backward[1] == 1.0  # each the highest of its direction
    assert forward[2] == backward[0] == 0.0  # nothing after the last, nothing before the first
    assert 0 < forward[1] < 1 and 0 < backward[2] < 1
