"""Per-sentence counts and the sentence similarity matrix the news features are built from.

Two implementations give the same numbers: the compiled one in ``_reading.pyx`` and
``_statistics.pyx`` (one walk over each sentence's characters, sparse loops over the words) and
the numpy one below, used when the package was installed without a C compiler. The numpy one
is the definition; ``tests/test_reading_compiled.py`` holds the compiled one to it on the dev
articles and on generated text.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from newsbrief.summarizers import text
from newsbrief.summarizers.graph import pagerank
from newsbrief.summarizers.terms import Terms, term_counts
from newsbrief.summarizers.text import Matrix

# Row order of the statistics matrix (the compiled module declares the same tuple).
STATISTICS = (
    "words",
    "quote_marks",
    "capitalised",
    "first_person",
    "content",
    "centroid",
    "word_frequency",
    "lead_overlap",
    "bigram_repeat",
    "opens_with_quote",
    "question",
    "unterminated",
    "pacsum_forward",
    "pacsum_backward",
    "lexrank",
)
# Similarities below this are chance overlaps; the graph for LexRank keeps the rest.
GRAPH_FLOOR = 0.1
_OPENING_QUOTES = frozenset("\"“‘'")
_TERMINAL = tuple(".!?\"”’')")
_QUOTE_TAIL = "\"”’' "


@dataclass(frozen=True, slots=True)
class Statistics:
    """``rows[k]`` holds statistic ``STATISTICS[k]`` of every sentence; ``similarity`` is the
    tf-idf cosine of every pair of sentences, with a zero diagonal."""

    rows: Matrix
    similarity: Matrix

    def __getitem__(self, name: str) -> Matrix:
        row: Matrix = self.rows[STATISTICS.index(name)]
        return row


def sentence_statistics(texts: Sequence[str], lead_size: int) -> Statistics:
    """The statistics of a document's sentences (compiled when available)."""
    if _compiled is None:
        return python_statistics(texts, lead_size)
    rows, similarity = _compiled(list(texts), _token_memo(), lead_size)
    return Statistics(rows, similarity)


@functools.cache
def _token_memo() -> _reading.TokenMemo:
    """The compiled reader's memo of tokens, made on first use and kept for the process."""
    return _reading.TokenMemo(text.content_word, text.MEMO_LIMIT, text.LONGEST_MEMOISED)


def python_statistics(texts: Sequence[str], lead_size: int) -> Statistics:
    """:func:`sentence_statistics` with numpy, by the definitions."""
    n = len(texts)
    read = text.profiles(texts)
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


_compiled: Callable[..., tuple[Matrix, Matrix]] | None
try:
    from newsbrief.summarizers import _reading, _statistics
except ImportError:  # installed without a C compiler: numpy only
    _compiled = None
else:
    # A stale build whose rows are in another order is not trusted.
    _compiled = _statistics.document_statistics if _statistics.STATISTICS == STATISTICS else None

COMPILED = _compiled is not None
