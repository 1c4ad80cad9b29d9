"""Process-wide set-up for the numeric libraries, applied by the edges (CLI, workers, server).

The scorers multiply matrices of a few dozen sentences. BLAS threads cost more to wake than such
products save, and with several worker processes they oversubscribe the cores: on the 2-core
development machine, `batch --workers 2` went from 368 to 674 articles/s with one BLAS thread
per process (measured with OPENBLAS_NUM_THREADS=1 on 2,000 dev articles).
"""

from __future__ import annotations

import numpy  # noqa: F401  (BLAS must be loaded for its thread pool to be limited)
from threadpoolctl import threadpool_limits


def single_threaded_numerics() -> None:
    """Limit BLAS / OpenMP pools of this process to one thread."""
    threadpool_limits(limits=1)


__all__ = ["single_threaded_numerics"]
