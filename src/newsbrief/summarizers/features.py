"""Cheap per-sentence signals for the news scorer: position, length, centrality, overlap, style.

Each feature is a column of the matrix :func:`sentence_features` returns, named in
:data:`FEATURE_NAMES` in the same order; ``bench/fit_news.py`` fits the weights over exactly these.
Changing a feature means refitting the weights (the fit script prints the new constants).

Everything is computed column by column over the whole document (numpy), from word counts
memoised per chunk of text (:func:`newsbrief.summarizers.text.profiles`): the loop of regex calls
per sentence it replaces cost twice as much. Features that cost time and bought no
cross-validated ROUGE were dropped after an ablation (site chrome, digit share, title overlap,
paragraph position); site chrome is removed from text pages before scoring anyway.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np

from newsbrief.summarizers.base import Document
from newsbrief.summarizers.centrality import pagerank
from newsbrief.summarizers.terms import Terms, term_counts
from newsbrief.summarizers.text import Matrix, profiles

_OPENING_QUOTES = frozenset("\"“‘'")
_TERMINAL = tuple(".!?\"”’')")
_QUOTE_TAIL = "\"”’' "
# Similarities below this are chance overlaps; the graph for LexRank keeps the rest.
_GRAPH_FLOOR = 0.1

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
# The first columns depend on the position alone (see :func:`_positions`).
_POSITION_COLUMNS = 6


@dataclass(frozen=True, slots=True)
class Features:
    """The feature matrix (rows: sentences, columns: :data:`ALL_FEATURE_NAMES`) and the sentence
    similarity matrix it was built from, reused for redundancy control."""

    matrix: Matrix
    similarity: Matrix


def _relative(values: Matrix) -> Matrix:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def _lead_overlap(counts: Matrix, lengths: Matrix) -> Matrix:
    """Share of each sentence's words found in the lead; a lead sentence is compared with the
    *other* lead sentences, since it always overlaps itself."""
    present = counts[:LEAD_SIZE] > 0
    holders = present.sum(axis=0)
    hits: Matrix = counts @ (holders > 0)
    hits[: len(present)] = (counts[:LEAD_SIZE] * (holders - present > 0)).sum(axis=1)
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


def _centrality(vectors: Matrix) -> tuple[Matrix, Matrix, Matrix]:
    """Sentence similarities (zero diagonal), closeness to the centroid, and LexRank scores."""
    n = vectors.shape[0]
    sims: Matrix = vectors @ vectors.T
    np.fill_diagonal(sims, 0.0)
    centroid = vectors.sum(axis=0)
    norm = math.sqrt(float(centroid @ centroid))
    to_centroid: Matrix = vectors @ (centroid / norm) if norm > 0 else np.zeros(n)
    graph = np.where(sims < _GRAPH_FLOOR, 0.0, sims)
    rank: Matrix = pagerank(graph) * n if n > 1 else np.ones(n)
    return sims, to_centroid, rank


def _directed(sims: Matrix) -> tuple[Matrix, Matrix]:
    """PACSUM's directed centrality: each sentence's similarity to the sentences after it and
    to those before it, relative to the highest in the document."""
    # Running row sums up to the diagonal (which is zero) are the similarities to earlier
    # sentences; one cumsum instead of two triangular copies.
    backward = sims.cumsum(axis=1).diagonal()
    forward = sims.sum(axis=1) - backward
    return _relative(forward), _relative(backward)


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


def _shapes(texts: list[str]) -> Matrix:
    """Opens with a quote, ends with a question, lacks final punctuation: one row per text."""
    return np.array(
        [
            (
                text[:1] in _OPENING_QUOTES,
                text.rstrip(_QUOTE_TAIL).endswith("?"),
                not text.endswith(_TERMINAL),
            )
            for text in texts
        ],
        dtype=np.float64,
    ).reshape(len(texts), 3)


def sentence_features(document: Document) -> Features:
    """Features of every sentence of one document."""
    texts = [s.text for s in document.sentences]
    n = len(texts)
    words_of = profiles(texts)
    terms = term_counts(words_of.content, words_of.rows, n)
    counts = terms.counts
    token_counts = counts.sum(axis=1)
    sims, to_centroid, rank = _centrality(terms.vectors)
    forward, backward = _directed(sims)
    # Raw term frequency (SumBasic): idf hides exactly the topic words an article repeats.
    frequency = counts.sum(axis=0)
    top_frequency = float(frequency.max()) or 1.0  # a text without content words
    words = np.maximum(1.0, words_of.words)
    shapes = _shapes(texts)
    matrix = np.empty((n, len(ALL_FEATURE_NAMES)))
    matrix[:, :_POSITION_COLUMNS] = _positions(n)
    column = matrix.T  # column[k] is a view of the k-th feature
    column[_AT["log_words"]] = np.log(words)
    column[_AT["short"]] = words < 8
    column[_AT["long"]] = words > 35
    column[_AT["very_long"]] = words > 60
    column[_AT["centroid"]] = to_centroid
    column[_AT["pacsum_forward"]] = forward
    column[_AT["pacsum_backward"]] = backward
    column[_AT["lexrank"]] = rank
    column[_AT["lead_overlap"]] = _lead_overlap(counts, token_counts)
    column[_AT["quote_share"]] = words_of.quote_marks / words
    column[_AT["opens_with_quote"]] = shapes[:, 0]
    column[_AT["first_person"]] = words_of.first_person > 0
    column[_AT["question"]] = shapes[:, 1]
    column[_AT["unterminated"]] = shapes[:, 2]
    column[_AT["capitalised_share"]] = words_of.capitalised / words
    column[_AT["word_frequency"]] = (counts @ frequency) / (
        top_frequency * np.maximum(1.0, token_counts)
    )
    column[_AT["bigram_repeat"]] = _bigram_repeat(terms, n)
    lead = matrix[:, len(FEATURE_NAMES) :]
    lead[:] = matrix[:, _INTERACTING]
    lead[LEAD_SIZE:] = 0.0
    return Features(matrix, sims)
