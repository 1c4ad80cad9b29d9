"""The default ``news`` method: fitted weights, the blend of lead bonus and length cost."""

from __future__ import annotations

import numpy as np
import pytest
from sample_texts import summary_of

from newsbrief.summarizers.features import ALL_FEATURE_NAMES, Features
from newsbrief.summarizers.news import (
    COMFORTABLE_WORDS,
    FRAGMENT_COST,
    MIN_WORDS,
    blended_scores,
    weight_vector,
)
from newsbrief.summarizers.news_weights import WEIGHTS

_LOG_WORDS = ALL_FEATURE_NAMES.index("log_words")


def _features(words: list[int]) -> Features:
    matrix = np.zeros((len(words), len(ALL_FEATURE_NAMES)))
    matrix[:, _LOG_WORDS] = np.log(words)
    return Features(matrix, np.zeros((len(words), len(words))))


def test_the_shipped_weights_cover_every_feature_in_order() -> None:
    vector = weight_vector(WEIGHTS)
    assert vector.tolist() == [WEIGHTS[name] for name in ALL_FEATURE_NAMES]


def test_stale_weights_fail_loudly() -> None:
    with pytest.raises(RuntimeError, match=r"bench\.fit_news --write"):
        weight_vector({"bias": 1.0})
    reordered = dict(reversed(list(WEIGHTS.items())))
    with pytest.raises(RuntimeError):
        weight_vector(reordered)


def test_the_lead_bonus_falls_three_two_one() -> None:
    features = _features([COMFORTABLE_WORDS] * 5)
    scores = blended_scores(features, np.zeros(len(ALL_FEATURE_NAMES)), 1.0, 0.0)
    assert scores.tolist() == pytest.approx([3.0, 2.0, 1.0, 0.0, 0.0])


def test_length_costs_only_past_comfortable_and_fragments_sink() -> None:
    words = [MIN_WORDS - 1, MIN_WORDS, COMFORTABLE_WORDS, 2 * COMFORTABLE_WORDS]
    scores = blended_scores(_features(words), np.zeros(len(ALL_FEATURE_NAMES)), 0.0, 1.0)
    assert scores.tolist() == pytest.approx([-FRAGMENT_COST, 0.0, 0.0, -np.log(2)])


def test_a_fragment_in_the_lead_is_not_picked() -> None:
    text = (
        "We don't. The council approved a new budget for the harbour district on Monday night. "
        "The plan sets aside money for flood walls, a ferry terminal and two new schools. "
        "Work on the flood walls is due to start in the spring."
    )
    _, summary = summary_of(text, method="news", sentences=2)
    assert all(s.text != "We don't." for s in summary.sentences)
