from collections.abc import Callable, Hashable

import numpy as np
from numpy.typing import NDArray

STATISTICS: tuple[str, ...]

def document_statistics(
    texts: list[str],
    memo: dict[str, str],
    content_word: Callable[[str], str | None],
    limit: int,
    longest: int,
    lead_size: int,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]: ...
def trigram_keys(text: str) -> set[Hashable] | None: ...
