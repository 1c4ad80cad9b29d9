"""Per-sentence statistics behind the scorers (counts, similarities, centrality).

Two implementations give the same numbers: :mod:`.reference` (numpy, the definition) and its
compiled twin (``_reading.pyx`` reads the characters and words, ``_statistics.pyx`` computes the
statistics over each sentence's own words). The compiled one is used when it was built and its
row order matches :data:`STATISTICS`; ``NEWSBRIEF_PURE_PYTHON=1`` asks for numpy.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Hashable, Sequence

from newsbrief.summarizers.statistics import words
from newsbrief.summarizers.statistics.arrays import Matrix
from newsbrief.summarizers.statistics.reference import reference_statistics
from newsbrief.summarizers.statistics.rows import STATISTICS, Statistics

_compiled: Callable[..., tuple[Matrix, Matrix]] | None = None
# A word trigram as one 64-bit key; None without the compiled reader (callers build tuples).
trigram_keys: Callable[[str], set[Hashable] | None] | None = None
if not os.environ.get("NEWSBRIEF_PURE_PYTHON"):
    try:
        from newsbrief.summarizers.statistics import _reading, _statistics
    except ImportError:  # installed without a C compiler (or a stale build): numpy only
        pass
    else:
        _compiled = _statistics.document_statistics
        trigram_keys = _reading.trigram_keys

COMPILED = _compiled is not None


def sentence_statistics(texts: Sequence[str], lead_size: int) -> Statistics:
    """The statistics of a document's sentences (compiled when available)."""
    if _compiled is None:
        return reference_statistics(texts, lead_size)
    rows, similarity = _compiled(list(texts), _token_memo(), lead_size)
    return Statistics(rows, similarity)


@functools.cache
def _token_memo() -> _reading.TokenMemo:
    """The compiled reader's memo of tokens, made on first use and kept for the process."""
    return _reading.TokenMemo(words.content_word, words.MEMO_LIMIT, words.LONGEST_MEMOISED)


__all__ = [
    "COMPILED",
    "STATISTICS",
    "Statistics",
    "reference_statistics",
    "sentence_statistics",
    "trigram_keys",
]
