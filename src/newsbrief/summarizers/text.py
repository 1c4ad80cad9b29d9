"""Bag-of-words views of sentences shared by the graph and news scorers.

Vectors are tf-idf over the article's own sentences (each sentence a document), so no corpus
statistics ship with the package and any language works; English stop words are dropped because
they dominate short news sentences, other languages rely on idf alone.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from newsbrief.models import Sentence

Matrix = NDArray[np.float64]

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")

STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own said same says she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were what
    when where which while who whom why will with would you your yours yourself yourselves s t
    one two new also told like get got year years mr mrs ms""".split()
)


@functools.lru_cache(maxsize=1 << 16)
def _content_word(token: str) -> str | None:
    """The word a token counts as, or None for stop words and bare numbers.

    Pure, so memoised for the process: news vocabulary repeats from one article to the next.
    """
    word = token.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    # A light plural fold ("officials" ~ "official") helps overlap counts; full stemming costs
    # more than it gains here.
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return None if word in STOP_WORDS or word.isdigit() else word


def content_words(text: str) -> list[str]:
    """Lowercased, lightly normalised tokens of ``text`` without stop words or bare numbers."""
    return [word for token in _TOKEN.findall(text) if (word := _content_word(token)) is not None]


def tfidf(tokens: Sequence[Sequence[str]]) -> Matrix:
    """Row-normalised tf-idf matrix of token lists (rows with no tokens stay zero)."""
    vocabulary: dict[str, int] = {}
    columns = [vocabulary.setdefault(word, len(vocabulary)) for words in tokens for word in words]
    rows = [row for row, words in enumerate(tokens) for _ in words]
    width = max(1, len(vocabulary))
    # One bincount instead of a numpy item assignment per token (the hot spot of this module).
    cells = np.asarray(rows, dtype=np.intp) * width + np.asarray(columns, dtype=np.intp)
    counts = np.bincount(cells, minlength=len(tokens) * width)
    matrix = counts.reshape(len(tokens), width).astype(np.float64)
    document_frequency = np.count_nonzero(matrix, axis=0)
    idf = np.log((1.0 + len(tokens)) / (1.0 + document_frequency)) + 1.0
    matrix *= idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    np.divide(matrix, norms, out=matrix, where=norms > 0)
    return matrix


def similarity(sentences: Sequence[Sentence]) -> Matrix:
    """Cosine similarity between every pair of sentences (zero diagonal)."""
    vectors = tfidf([content_words(s.text) for s in sentences])
    sims: Matrix = vectors @ vectors.T
    np.fill_diagonal(sims, 0.0)
    return sims
