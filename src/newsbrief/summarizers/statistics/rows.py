"""The statistics a document's sentences get: their row order and the value that holds them.

The compiled module declares the same order as C constants (``_reading.pxd``) and refuses to
load when they differ from :data:`STATISTICS`, so a stale build falls back to numpy.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsbrief.summarizers.statistics.arrays import Matrix

# Row order of the statistics matrix.
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


@dataclass(frozen=True, slots=True)
class Statistics:
    """``rows[k]`` holds statistic ``STATISTICS[k]`` of every sentence; ``similarity`` is the
    tf-idf cosine of every pair of sentences, with a zero diagonal."""

    rows: Matrix
    similarity: Matrix

    def __getitem__(self, name: str) -> Matrix:
        row: Matrix = self.rows[STATISTICS.index(name)]
        return row


__all__ = ["STATISTICS", "Statistics"]
