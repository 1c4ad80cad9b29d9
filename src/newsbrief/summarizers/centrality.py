"""LexRank-style graph centrality: a sentence matters when sentences like it are everywhere.

Continuous LexRank (Erkan & Radev 2004): PageRank over the tf-idf cosine graph, here with the
0.1 similarity floor that drops chance overlaps between unrelated sentences.
"""

from __future__ import annotations

import numpy as np

from newsbrief.summarizers.base import Document, Summary, SummaryOptions
from newsbrief.summarizers.selection import scored_window, select
from newsbrief.summarizers.statistics import sentence_statistics
from newsbrief.summarizers.statistics.arrays import Matrix


def lexrank(document: Document) -> Matrix:
    """Each sentence's share of the random walk over the similarity graph (LexRank), from the
    same statistics pass the ``news`` method uses (compiled when available)."""
    return lexrank_and_similarity(document)[0]


def lexrank_and_similarity(document: Document) -> tuple[Matrix, Matrix]:
    """:func:`lexrank` and the sentence similarity matrix it walked."""
    sentences = document.sentences
    stats = sentence_statistics([s.text for s in sentences], lead_size=0)
    shares = stats["lexrank"] / max(1, len(sentences))
    # Sentences no other sentence links to tie exactly; rounding away the solver's last bits
    # keeps such ties exact, so the earlier sentence wins whichever solver ran.
    rounded: Matrix = np.round(shares, 12)
    return rounded, stats.similarity


class CentralitySummarizer:
    name = "centrality"

    def __call__(self, document: Document, options: SummaryOptions) -> Summary:
        window, notes = scored_window(document)
        scores, similarity = lexrank_and_similarity(window)
        # The similarity matrix only serves key points (their redundancy control): a summary
        # of N sentences stays plain LexRank.
        return select(
            window, scores.tolist(), options, self.name, similarity=similarity, notes=notes
        )
