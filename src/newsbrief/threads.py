"""Process-wide set-up for the numeric libraries, applied by the edges (CLI, workers, server).

The scorers multiply matrices of a few dozen sentences. BLAS threads cost more to wake than such
products save, and with several worker processes they oversubscribe the cores (the measurement
is in docs/benchmarks-batch.md).
"""

from __future__ import annotations

import numpy  # noqa: F401  (BLAS must be loaded for its thread pool to be limited)
from threadpoolctl import threadpool_limits


def single_threaded_numerics() -> None:
    """Limit BLAS / OpenMP pools of this process to one thread."""
    threadpool_limits(limits=1)


__all__ = ["single_threaded_numerics"]
