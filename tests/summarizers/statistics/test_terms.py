"""Term counts and tf-idf vectors over an article's own sentences."""

from __future__ import annotations

import numpy as np

from newsbrief.summarizers.statistics.terms import term_counts


def test_term_counts_count_tokens_per_row() -> None:
    terms = term_counts(["a", "b", "a", "c"], np.array([0, 0, 0, 2]), 3)
    assert terms.counts.tolist() == [[2.0, 1.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    assert np.allclose(np.linalg.norm(terms.vectors, axis=1), [1.0, 0.0, 1.0])


def test_columns_follow_first_use_and_rare_words_weigh_more() -> None:
    terms = term_counts(["x", "common", "common", "rare"], np.array([0, 0, 1, 1]), 2)
    assert terms.columns.tolist() == [0, 1, 1, 2]
    assert terms.rows.tolist() == [0, 0, 1, 1]
    # "common" is in both rows, "rare" and "x" in one: idf gives them the larger weight.
    assert terms.vectors[1, 2] > terms.vectors[1, 1]
    assert terms.vectors[0, 0] > terms.vectors[0, 1]


def test_no_tokens_at_all() -> None:
    terms = term_counts([], np.array([], dtype=np.intp), 2)
    assert terms.counts.shape == (2, 1)
    assert not terms.vectors.any()
