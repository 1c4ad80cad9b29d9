"""The array types the statistics and the scorers pass around."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Matrix = NDArray[np.float64]  # float vectors and matrices alike
Indexes = NDArray[np.intp]

__all__ = ["Indexes", "Matrix"]
