"""The default ``news`` method: a fitted linear scorer over cheap sentence features.

Scores blend what journalists' inverted pyramid puts first (position) with what the rest of the
article keeps returning to (centroid and PACSUM-style directed centrality), and push down the lead
sentences readers don't need (quotes, first person, questions, captions, site chrome). The
weights in :mod:`newsbrief.summarizers.news_weights` are fitted by ``bench/fit_news.py``.
"""

from __future__ import annotations

import numpy as np

from newsbrief.models import Summary, SummaryOptions
from newsbrief.summarizers.base import Document, select
from newsbrief.summarizers.features import FEATURE_NAMES, sentence_features
from newsbrief.summarizers.news_weights import LEAD_BONUS, LEAD_SIZE, WEIGHTS

if tuple(WEIGHTS) != FEATURE_NAMES:  # pragma: no cover - caught by the test suite on refit
    raise RuntimeError("news_weights.py is out of date with features.py: run bench/fit_news.py")

_VECTOR = np.array([WEIGHTS[name] for name in FEATURE_NAMES])


def news_scores(document: Document) -> list[float]:
    features = sentence_features(document)
    n = len(document.sentences)
    lead = LEAD_BONUS * np.maximum(0, LEAD_SIZE - np.arange(n))
    return (features @ _VECTOR + lead).tolist()  # type: ignore[no-any-return]


class NewsSummarizer:
    name = "news"
    description = "position, centrality and news-specific cues, weights fitted on news (default)"

    def __call__(self, document: Document, options: SummaryOptions) -> Summary:
        return select(document, news_scores(document), options, self.name)
