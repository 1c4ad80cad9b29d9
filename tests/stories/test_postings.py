"""The array-backed inverted lists give the same sums as plain dictionaries, whatever the
sequence of updates."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from newsbrief.stories.postings import Postings

TERMS = ["quake", "haiti", "aid", "rubble"]
operation = st.tuples(
    st.sampled_from(["set", "remove"]),
    st.sampled_from(TERMS),
    st.integers(0, 20),
    st.floats(0.01, 5.0),
)


@given(st.lists(operation, max_size=200), st.dictionaries(st.sampled_from(TERMS), st.floats(0, 3)))
def test_gather_matches_a_dictionary(
    operations: list[tuple[str, str, int, float]], query: dict[str, float]
) -> None:
    postings = Postings()
    reference: dict[str, dict[int, float]] = {}
    for kind, term, slot, weight in operations:
        if kind == "set":
            postings.set(term, slot, weight)
            reference.setdefault(term, {})[slot] = weight
        else:
            postings.remove(term, slot)
            reference.get(term, {}).pop(slot, None)
    expected = np.zeros(21)
    for term, q in query.items():
        for slot, weight in reference.get(term, {}).items():
            expected[slot] += q * weight
    assert np.allclose(postings.gather(query.items(), 21), expected)
    assert len(postings) == sum(1 for entries in reference.values() if entries)
