"""LexRank-style graph centrality: a sentence matters when sentences like it are everywhere.

Continuous LexRank (Erkan & Radev 2004): PageRank over the tf-idf cosine graph, here with the
0.1 similarity floor that drops chance overlaps between unrelated sentences.
"""

from __future__ import annotations

import numpy as np

from newsbrief.models import Summary, SummaryOptions
from newsbrief.summarizers.base import Document, scored_window, select
from newsbrief.summarizers.text import Matrix, similarity

_DAMPING = 0.85
_FLOOR = 0.1
_ITERATIONS = 50
_TOLERANCE = 1e-6


def pagerank(weights: Matrix) -> Matrix:
    """Stationary scores of the random walk over ``weights`` (dangling rows jump uniformly)."""
    n = weights.shape[0]
    sums = weights.sum(axis=1, keepdims=True)
    transition = np.where(sums > 0, weights / np.where(sums > 0, sums, 1.0), 1.0 / n)
    scores = np.full(n, 1.0 / n)
    for _ in range(_ITERATIONS):
        updated = (1 - _DAMPING) / n + _DAMPING * (transition.T @ scores)
        if float(np.abs(updated - scores).sum()) < _TOLERANCE:
            return np.asarray(updated, dtype=np.float64)
        scores = updated
    return np.asarray(scores, dtype=np.float64)


def lexrank(document: Document) -> Matrix:
    sims = similarity(document.sentences)
    sims[sims < _FLOOR] = 0.0
    return pagerank(sims)


class CentralitySummarizer:
    name = "centrality"
    description = "LexRank graph centrality: the sentences most similar to the rest of the article"

    def __call__(self, document: Document, options: SummaryOptions) -> Summary:
        window, notes = scored_window(document)
        return select(window, lexrank(window).tolist(), options, self.name, notes=notes)
