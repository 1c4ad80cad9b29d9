"""Sparse TF-IDF vectors over the stream seen so far, and story centroids.

A vector is a ``dict`` from term to weight. Document frequencies come from the articles already
grouped (the stream), so no corpus ships with the package and any language works; they are part
of the grouping's state (:class:`Vocabulary`), which the edges store with the stories.
"""

from __future__ import annotations

import math
import operator
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import repeat

from newsbrief.stories.features import VIEWS, ArticleTerms

Vector = dict[str, float]


@dataclass(slots=True)
class Vocabulary:
    """How many articles were grouped and, per view, how many of them hold each term."""

    documents: int = 0
    frequencies: dict[str, Counter[str]] = field(
        default_factory=lambda: {view: Counter() for view in VIEWS}
    )

    def weights(self, terms: ArticleTerms) -> dict[str, Vector]:
        """The article's unit-length TF-IDF vector per view, counting the article itself as one
        more document (so its own terms never get an undefined weight)."""
        total = self.documents + 1
        vectors = {}
        for view in VIEWS:
            counts = Counter(terms.view(view))
            seen = self.frequencies[view]
            vectors[view] = unit(
                {
                    term: (1.0 + math.log(count)) * (math.log((total + 1) / (seen[term] + 2)) + 1.0)
                    for term, count in counts.items()
                }
            )
        return vectors

    def count(self, terms: ArticleTerms) -> None:
        """Take the article's terms into the document frequencies."""
        self.documents += 1
        for view in VIEWS:
            self.frequencies[view].update(set(terms.view(view)))

    def changes(self, terms: ArticleTerms) -> dict[str, set[str]]:
        """The (view, term) counts :meth:`count` raises by one, for an edge to store."""
        return {view: set(terms.view(view)) for view in VIEWS}


def unit(vector: Vector) -> Vector:
    length = norm(vector.values())
    return {t: x / length for t, x in vector.items()} if length > 0 else {}


def dot(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    # map() keeps the loop in C: this is the inner loop of comparing an article with a story.
    total: float = sum(map(operator.mul, a.values(), map(b.get, a.keys(), repeat(0.0))))
    return total


def top_terms(vector: Mapping[str, float], n: int) -> list[str]:
    """The ``n`` heaviest terms, heaviest first (ties: in the vector's order, so the same
    vector always gives the same terms)."""
    # A full sort in C beats heapq's selection in Python at these sizes (hundreds of terms).
    return sorted(vector, key=vector.__getitem__, reverse=True)[:n]


def added(centroid: Mapping[str, float], vector: Mapping[str, float], limit: int) -> Vector:
    """``centroid + vector``, cut to its ``limit`` heaviest terms so a story's state stays small
    however many articles it gathers (the cut terms are the ones that weigh least in a cosine)."""
    total = dict(centroid)
    for term, weight in vector.items():
        total[term] = total.get(term, 0.0) + weight
    if len(total) <= limit:
        return total
    return {t: total[t] for t in top_terms(total, limit)}


def norm(vector: Iterable[float]) -> float:
    values = list(vector)
    return math.sqrt(sum(map(operator.mul, values, values)))


__all__ = ["Vector", "Vocabulary", "added", "dot", "norm", "top_terms", "unit"]
