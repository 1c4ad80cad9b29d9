"""Bag-of-words matrices of a document's sentences shared by the graph and news scorers.

Vectors are tf-idf over the article's own sentences (each sentence a document), so no corpus
statistics ship with the package and any language works.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsbrief.summarizers.statistics.arrays import Indexes, Matrix


@dataclass(frozen=True, slots=True)
class Terms:
    """Term counts (rows: sentences, columns: distinct words in first-seen order) and the
    matching row-normalised tf-idf vectors."""

    counts: Matrix
    vectors: Matrix
    columns: Indexes  # the column of every token, row after row
    rows: Indexes  # the row of every token


def term_counts(words: Sequence[str], rows: Indexes, n: int) -> Terms:
    """Count and tf-idf matrices of ``n`` rows whose tokens are ``words``, token ``k`` falling in
    row ``rows[k]`` (rows with no tokens stay zero)."""
    vocabulary: dict[str, int] = {}
    columns = np.fromiter(
        (vocabulary.setdefault(word, len(vocabulary)) for word in words),
        dtype=np.intp,
        count=len(words),
    )
    width = max(1, len(vocabulary))
    # One bincount instead of a numpy item assignment per token.
    counts = np.bincount(rows * width + columns, minlength=n * width)
    matrix = counts.reshape(n, width).astype(np.float64)
    document_frequency = np.count_nonzero(matrix, axis=0)
    idf = np.log((1.0 + n) / (1.0 + document_frequency)) + 1.0
    vectors = matrix * idf
    norms = np.sqrt(np.einsum("ij,ij->i", vectors, vectors))
    norms[norms == 0] = 1.0  # an empty row stays zero
    vectors /= norms[:, None]
    return Terms(matrix, vectors, columns, rows)
