import numpy as np
from numpy.typing import NDArray

from newsbrief.summarizers.statistics._reading import TokenMemo

def document_statistics(
    texts: list[str], memo: TokenMemo, lead_size: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]: ...
