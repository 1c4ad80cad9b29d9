"""The news scorer's features: one column per name, from the shared statistics pass."""

from __future__ import annotations

import pytest

from newsbrief import summarizers
from newsbrief.models import Article
from newsbrief.summarizers.base import Document
from newsbrief.summarizers.features import ALL_FEATURE_NAMES, LEAD_SIZE, sentence_features


def _document(sentences: list[str]) -> Document:
    return summarizers.segment(Article(text=" ".join(sentences)))


def test_bigram_repeat_counts_pairs_held_by_another_sentence() -> None:
    sentences = ["Climate summit opens.", "Climate summit closes.", "Summit climate talk."]
    features = sentence_features(_document(sentences))
    column = features.matrix[:, ALL_FEATURE_NAMES.index("bigram_repeat")]
    # Pairs: (climate, summit) is in sentences 0 and 1; everything else once.
    assert column.tolist() == pytest.approx([0.5, 0.5, 0.0])


def test_position_columns_and_lead_interactions() -> None:
    sentences = [f"Sentence {word} tells the council something new." for word in "abcdef"]
    matrix = sentence_features(_document(sentences)).matrix

    def column(name: str) -> list[float]:
        return [float(value) for value in matrix[:, ALL_FEATURE_NAMES.index(name)]]

    assert column("bias") == [1.0] * 6
    assert column("first") == [1.0, 0, 0, 0, 0, 0]
    assert column("third") == [0, 0, 1.0, 0, 0, 0]
    assert column("inverse_position") == pytest.approx([1, 1 / 2, 1 / 3, 1 / 4, 1 / 5, 1 / 6])
    assert column("relative_position") == pytest.approx([0, 0.2, 0.4, 0.6, 0.8, 1.0])
    # A lead interaction copies its feature in the lead and is zero after it.
    words = column("log_words")
    assert column("lead_x_log_words") == words[:LEAD_SIZE] + [0.0] * (6 - LEAD_SIZE)


def test_the_similarity_matrix_is_kept_for_redundancy_control() -> None:
    sentences = ["Climate summit opens.", "Climate summit closes.", "Rain fell."]
    similarity = sentence_features(_document(sentences)).similarity
    assert similarity.shape == (3, 3)
    assert similarity[0, 1] == pytest.approx(similarity[1, 0])
    assert similarity[0, 1] > 0 and similarity[0, 2] == 0
    assert similarity.diagonal().tolist() == [0, 0, 0]
