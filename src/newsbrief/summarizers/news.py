"""The default ``news`` method: a fitted linear scorer over cheap sentence features.

Scores blend what journalists' inverted pyramid puts first (position) with what the rest of the
article keeps returning to (centroid and PACSUM-style directed centrality), push down the lead
sentences readers don't need (quotes, first person, questions, captions), and pick with maximal
marginal relevance so three sentences tell three things. Weights and the three blending constants
live in :mod:`newsbrief.summarizers.news_weights`, written by ``python -m bench.fit_news --write``.
"""

from __future__ import annotations

import functools

import numpy as np

from newsbrief.summarizers.base import Document, Summary, SummaryOptions
from newsbrief.summarizers.features import ALL_FEATURE_NAMES, LEAD_SIZE, Features
from newsbrief.summarizers.features import sentence_features as _features
from newsbrief.summarizers.news_weights import DIVERSITY, LEAD_BONUS, LENGTH_PENALTY, WEIGHTS
from newsbrief.summarizers.selection import scored_window, select
from newsbrief.summarizers.statistics.arrays import Matrix

_LOG_WORDS = ALL_FEATURE_NAMES.index("log_words")
COMFORTABLE_WORDS = 20
MIN_WORDS = 6
FRAGMENT_COST = 10.0


def weight_vector(weights: dict[str, float]) -> Matrix:
    """Weights in feature-column order; a stale weights file fails loudly, not silently."""
    if tuple(weights) != ALL_FEATURE_NAMES:
        raise RuntimeError("news weights do not match the features: run bench.fit_news --write")
    return np.array([weights[name] for name in ALL_FEATURE_NAMES])


def blended_scores(
    features: Features, weights: Matrix, lead_bonus: float, length_penalty: float
) -> Matrix:
    """Model score plus a lead bonus (3, 2, 1 for the first sentences) less a length cost.

    The cost grows with the log of the words past :data:`COMFORTABLE_WORDS` only: a flat cost per
    log-word made two-word fragments ("We don't.") look cheap and they got picked. Fragments under
    :data:`MIN_WORDS` words sink below every real sentence instead.
    """
    n = features.matrix.shape[0]
    lead = lead_bonus * np.maximum(0, LEAD_SIZE - np.arange(n))
    log_words = features.matrix[:, _LOG_WORDS]
    excess = np.maximum(0.0, log_words - np.log(COMFORTABLE_WORDS))
    fragment = FRAGMENT_COST * (log_words < np.log(MIN_WORDS))
    scores: Matrix = features.matrix @ weights + lead - length_penalty * excess - fragment
    return scores


@functools.cache
def _shipped_weights() -> Matrix:
    """The fitted weights as a read-only vector, built on first use (not at import, so a stale
    weights file breaks the ``news`` method, not the whole package)."""
    weights = weight_vector(WEIGHTS)
    weights.flags.writeable = False
    return weights


class NewsSummarizer:
    name = "news"

    def __init__(self) -> None:
        self._weights = _shipped_weights()

    def __call__(self, document: Document, options: SummaryOptions) -> Summary:
        window, notes = scored_window(document)
        features = _features(window)
        scores = blended_scores(features, self._weights, LEAD_BONUS, LENGTH_PENALTY)
        return select(
            window,
            scores.tolist(),
            options,
            self.name,
            similarity=features.similarity,
            diversity=DIVERSITY,
            notes=notes,
        )
