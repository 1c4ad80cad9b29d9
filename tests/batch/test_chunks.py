"""Chunking: consecutive, complete, bounded by count and by weight."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from newsbrief.batch.chunks import chunks


@given(
    things=st.lists(st.integers(0, 50), max_size=60),
    size=st.integers(1, 8),
    max_weight=st.integers(1, 120),
)
def test_chunks_keep_every_item_in_order_within_their_bounds(
    things: list[int], size: int, max_weight: int
) -> None:
    grouped = list(chunks(things, size, weight=lambda n: n, max_weight=max_weight))
    assert list(itertools.chain.from_iterable(grouped)) == things
    assert all(chunk for chunk in grouped)
    for chunk in grouped:
        assert len(chunk) <= size
        # Only the last item may take a chunk to (or past) its weight.
        assert sum(chunk[:-1]) < max_weight


def test_without_a_weight_only_the_count_bounds_a_chunk() -> None:
    assert list(chunks(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chunks([], 3)) == []


def test_chunks_are_read_lazily() -> None:
    source = itertools.count()
    first = next(chunks(source, 4))
    assert first == [0, 1, 2, 3]
    assert next(source) == 4
