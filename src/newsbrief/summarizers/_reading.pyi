from collections.abc import Callable, Hashable

import numpy as np
from numpy.typing import NDArray

STATISTICS: tuple[str, ...]

class TokenMemo:
    limit: int
    longest: int
    def __init__(
        self, content_word: Callable[[str], str | None], limit: int, longest: int
    ) -> None: ...
    def __len__(self) -> int: ...
    def clear(self) -> None: ...

def document_statistics(
    texts: list[str], memo: TokenMemo, lead_size: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]: ...
def trigram_keys(text: str) -> set[Hashable] | None: ...
