"""PageRank over a weighted sentence graph, solved exactly (LexRank's ranking step)."""

from __future__ import annotations

import numpy as np

from newsbrief.summarizers.statistics.arrays import Matrix

_DAMPING = 0.85


def pagerank(weights: Matrix) -> Matrix:
    """Stationary scores of the random walk over ``weights`` (dangling rows jump uniformly).

    Solved exactly, ``(I - d Tᵀ) s = (1 - d) / n``: one small linear solve costs less than the
    power iteration's dozens of matrix-vector products, and the matrix is never singular because
    the damping ``d`` is below one and ``T`` is row-stochastic.
    """
    n = weights.shape[0]
    if n == 0:
        return np.zeros(0)
    sums = weights.sum(axis=1)
    dangling = sums == 0
    transition = weights / np.where(dangling, 1.0, sums)[:, None]
    transition[dangling] = 1.0 / n
    system = -_DAMPING * transition.T
    system.flat[:: n + 1] += 1.0  # I - d Tᵀ without building I
    scores = np.linalg.solve(system, np.full(n, (1 - _DAMPING) / n))
    return np.asarray(scores, dtype=np.float64)
