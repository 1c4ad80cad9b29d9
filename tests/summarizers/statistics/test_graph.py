"""PageRank solved in closed form is the stationary random walk the power iteration finds."""

from __future__ import annotations

import numpy as np
import pytest

from newsbrief.summarizers.statistics.graph import pagerank


def _power_iteration(weights: np.ndarray, damping: float = 0.85) -> np.ndarray:
    n = weights.shape[0]
    sums = weights.sum(axis=1, keepdims=True)
    transition = np.where(sums > 0, weights / np.where(sums > 0, sums, 1.0), 1.0 / n)
    scores = np.full(n, 1.0 / n)
    for _ in range(500):
        scores = (1 - damping) / n + damping * (transition.T @ scores)
    return scores


@pytest.mark.parametrize("seed", range(5))
def test_pagerank_is_the_stationary_walk(seed: int) -> None:
    rng = np.random.default_rng(seed)
    weights = rng.random((7, 7))
    weights = (weights + weights.T) / 2
    weights[weights < 0.5] = 0.0
    weights[3] = 0.0  # a dangling sentence jumps anywhere
    weights[:, 3] = 0.0
    np.fill_diagonal(weights, 0.0)
    assert np.allclose(pagerank(weights), _power_iteration(weights), atol=1e-9)


def test_an_empty_graph_has_no_scores_and_a_graph_without_links_is_uniform() -> None:
    assert pagerank(np.zeros((0, 0))).tolist() == []
    assert pagerank(np.zeros((4, 4))).tolist() == pytest.approx([0.25] * 4)
