"""Cheap per-sentence signals for the news scorer: position, length, centrality, overlap, style.

Each feature is a column of the matrix :func:`sentence_features` returns, named in
:data:`FEATURE_NAMES` in the same order; ``bench/fit_news.py`` fits the weights over exactly these.
Changing a feature means refitting the weights (the fit script prints the new constants).

The counts and the similarity matrix behind them come from
:func:`newsbrief.summarizers.statistics.sentence_statistics` (compiled when the install had a C
compiler, numpy otherwise, same numbers); this module turns them into columns. Features that
cost time and bought no cross-validated ROUGE were dropped after an ablation (site chrome, digit
share, title overlap, paragraph position); site chrome is removed from text pages before
scoring anyway.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from newsbrief.summarizers.base import Document
from newsbrief.summarizers.statistics import STATISTICS, sentence_statistics
from newsbrief.summarizers.statistics.arrays import Matrix

FEATURE_NAMES = (
    "bias",
    "first",
    "second",
    "third",
    "inverse_position",
    "relative_position",
    "log_words",
    "short",
    "long",
    "very_long",
    "centroid",
    "pacsum_forward",
    "pacsum_backward",
    "lexrank",
    "lead_overlap",
    "quote_share",
    "opens_with_quote",
    "first_person",
    "question",
    "unterminated",
    "capitalised_share",
    "word_frequency",
    "bigram_repeat",
)
# Lead sentences are judged differently: a quote or a question in the lead is a feature writer's
# hook, later it is colour. These features get a second column that is live in the lead only.
LEAD_INTERACTIONS = (
    "log_words",
    "centroid",
    "pacsum_forward",
    "lexrank",
    "lead_overlap",
    "quote_share",
    "opens_with_quote",
    "first_person",
    "question",
    "unterminated",
    "capitalised_share",
    "short",
    "long",
    "word_frequency",
    "bigram_repeat",
)
LEAD_SIZE = 3
ALL_FEATURE_NAMES = FEATURE_NAMES + tuple(f"lead_x_{name}" for name in LEAD_INTERACTIONS)
_INTERACTING = [FEATURE_NAMES.index(name) for name in LEAD_INTERACTIONS]
_AT = {name: index for index, name in enumerate(FEATURE_NAMES)}
# Features that are statistics as computed (:mod:`newsbrief.summarizers.statistics`), copied
# in one step, and those that are a count per word of the sentence.
_AS_COUNTED = (
    "centroid",
    "lexrank",
    "pacsum_forward",
    "pacsum_backward",
    "word_frequency",
    "lead_overlap",
    "bigram_repeat",
    "opens_with_quote",
    "question",
    "unterminated",
)
_COPY_TO = [_AT[name] for name in _AS_COUNTED]
_COPY_FROM = [STATISTICS.index(name) for name in _AS_COUNTED]
_PER_WORD_TO = [_AT["quote_share"], _AT["capitalised_share"]]
_PER_WORD_FROM = [STATISTICS.index("quote_marks"), STATISTICS.index("capitalised")]
_WORDS = STATISTICS.index("words")
_FIRST_PERSON = STATISTICS.index("first_person")
# The first columns depend on the position alone (see :func:`_positions`).
_POSITION_COLUMNS = 6


@dataclass(frozen=True, slots=True)
class Features:
    """The feature matrix (rows: sentences, columns: :data:`ALL_FEATURE_NAMES`) and the sentence
    similarity matrix it was built from, reused for redundancy control."""

    matrix: Matrix
    similarity: Matrix


@functools.lru_cache(maxsize=512)
def _positions(n: int) -> Matrix:
    """The position columns (bias, first, second, third, inverse, relative) of ``n``
    sentences: the same for every document of that length, so built once (read-only)."""
    position = np.arange(n, dtype=np.float64)
    block = np.column_stack(
        [
            np.ones(n),
            position == 0,
            position == 1,
            position == 2,
            1.0 / (position + 1),
            position / max(1, n - 1),
        ]
    ).astype(np.float64)
    block.flags.writeable = False
    return block


def sentence_features(document: Document) -> Features:
    """Features of every sentence of one document."""
    texts = [s.text for s in document.sentences]
    n = len(texts)
    stats = sentence_statistics(texts, LEAD_SIZE)
    sims = stats.similarity
    rows = stats.rows
    words = np.maximum(1.0, rows[_WORDS])
    matrix = np.empty((n, len(ALL_FEATURE_NAMES)))
    matrix[:, :_POSITION_COLUMNS] = _positions(n)
    column = matrix.T  # column[k] is a view of the k-th feature
    column[_COPY_TO] = rows[_COPY_FROM]
    column[_PER_WORD_TO] = rows[_PER_WORD_FROM] / words
    column[_AT["log_words"]] = np.log(words)
    column[_AT["short"]] = words < 8
    column[_AT["long"]] = words > 35
    column[_AT["very_long"]] = words > 60
    column[_AT["first_person"]] = rows[_FIRST_PERSON] > 0
    lead = matrix[:, len(FEATURE_NAMES) :]
    lead[:LEAD_SIZE] = matrix[:LEAD_SIZE, _INTERACTING]
    lead[LEAD_SIZE:] = 0.0
    return Features(matrix, sims)
