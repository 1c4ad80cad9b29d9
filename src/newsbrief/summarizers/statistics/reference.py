"""The definition of every sentence statistic, in numpy.

The compiled twin (``_reading.pyx`` and ``_statistics.pyx``) gives the same numbers faster and
is used when the install had a C compiler; this module is the reference it is tested against,
and the path taken without a compiler (or with ``NEWSBRIEF_PURE_PYTHON=1``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from newsbrief.summarizers.statistics import words
from newsbrief.summarizers.statistics.arrays import Matrix
from newsbrief.summarizers.statistics.graph import pagerank
from newsbrief.summarizers.statistics.rows import Statistics
from newsbrief.summarizers.statistics.terms import Terms, term_counts

# Similarities below this are chance overlaps; the graph for LexRank keeps the rest.
GRAPH_FLOOR = 0.1
_OPENING_QUOTES = frozenset("\"“‘'")
_TERMINAL = tuple(".!?\"”’')")
_QUOTE_TAIL = "\"”’' "


def reference_statistics(texts: Sequence[str], lead_size: int) -> Statistics:
    """The statistics of a document's sentences, by the definitions."""
    n = len(texts)
    read = words.profiles(texts)
    terms = term_counts(read.content, read.rows, n)
    counts = terms.counts
    content = counts.sum(axis=1)
    vectors = terms.vectors
    similarity: Matrix = vectors @ vectors.T
    np.fill_diagonal(similarity, 0.0)
    # Raw term frequency (SumBasic): idf hides exactly the topic words an article repeats.
    frequency = counts.sum(axis=0)
    top_frequency = float(frequency.max()) or 1.0  # a text without content words
    rows = np.vstack(
        [
            read.words,
            read.quote_marks,
            read.capitalised,
            read.first_person,
            content,
            _to_centroid(vectors),
            (counts @ frequency) / (top_frequency * np.maximum(1.0, content)),
            _lead_overlap(counts, content, lead_size),
            _bigram_repeat(terms, n),
            _shapes(texts).T,
            *_directed(similarity),
            _lexrank(similarity),
        ]
    )
    return Statistics(rows, similarity)


def _relative(values: Matrix) -> Matrix:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def _directed(sims: Matrix) -> tuple[Matrix, Matrix]:
    """PACSUM's directed centrality: each sentence's similarity to the sentences after it and
    to those before it, relative to the highest in the document."""
    # Running row sums up to the diagonal (which is zero) are the similarities to earlier
    # sentences; one cumsum instead of two triangular copies.
    backward = sims.cumsum(axis=1).diagonal()
    forward = sims.sum(axis=1) - backward
    return _relative(forward), _relative(backward)


def _lexrank(sims: Matrix) -> Matrix:
    """LexRank scores (PageRank over the similarity graph), 1 on average."""
    n = sims.shape[0]
    graph = np.where(sims < GRAPH_FLOOR, 0.0, sims)
    rank: Matrix = pagerank(graph) * n if n > 1 else np.ones(n)
    return rank


def _to_centroid(vectors: Matrix) -> Matrix:
    centroid = vectors.sum(axis=0)
    norm = math.sqrt(float(centroid @ centroid))
    closeness: Matrix = vectors @ (centroid / norm) if norm > 0 else np.zeros(len(vectors))
    return closeness


def _lead_overlap(counts: Matrix, lengths: Matrix, lead_size: int) -> Matrix:
    """Share of each sentence's words found in the lead; a lead sentence is compared with the
    *other* lead sentences, since it always overlaps itself."""
    present = counts[:lead_size] > 0
    holders = present.sum(axis=0)
    hits: Matrix = counts @ (holders > 0)
    hits[: len(present)] = (counts[:lead_size] * (holders - present > 0)).sum(axis=1)
    shares: Matrix = hits / np.maximum(lengths, 1.0)  # no words, no hits: 0
    return shares


def _bigram_repeat(terms: Terms, n: int) -> Matrix:
    """Share of each sentence's word pairs that another sentence also holds."""
    same_sentence = terms.rows[1:] == terms.rows[:-1]
    pairs = (terms.columns[:-1] * terms.counts.shape[1] + terms.columns[1:])[same_sentence]
    owners = terms.rows[1:][same_sentence]
    # Each pair counted once per sentence, then the number of sentences holding it.
    span = terms.counts.shape[1] ** 2
    held = np.unique(owners * span + pairs) % span
    keys, holders = np.unique(held, return_counts=True)
    repeated = holders[np.searchsorted(keys, pairs)] > 1
    hits = np.bincount(owners, weights=repeated, minlength=n)
    shares: Matrix = hits / np.maximum(1, np.bincount(owners, minlength=n))
    return shares


def _shapes(texts: Sequence[str]) -> Matrix:
    """Opens with a quote, ends with a question, lacks final punctuation: one row per text."""
    return np.array(
        [
            (
                t[:1] in _OPENING_QUOTES,
                t.rstrip(_QUOTE_TAIL).endswith("?"),
                not t.endswith(_TERMINAL),
            )
            for t in texts
        ],
        dtype=np.float64,
    ).reshape(len(texts), 3)
