"""Inverted lists of story weights, held in compact arrays and updated in place.

Comparing an article with every story is a sum over the article's terms of each term's list of
(story, weight) pairs. Kept as arrays, that sum is one ``bincount`` however many stories there
are, instead of a Python loop over every pair; a story that grows changes its entries in place
(a removed entry is replaced by the last one, so a list never has holes).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

import numpy as np

from newsbrief.summarizers.statistics.arrays import Matrix


class _List:
    """One term's (slot, weight) pairs. Most terms belong to one or two stories, so a list is
    two compact arrays and nothing more (no numpy objects, no position map: a slot is found by
    a search in C, and the lists of common terms stay short enough for that)."""

    __slots__ = ("slots", "weights")

    def __init__(self) -> None:
        self.slots = array("q")
        self.weights = array("d")

    def set(self, slot: int, weight: float) -> None:
        try:
            self.weights[self.slots.index(slot)] = weight
        except ValueError:
            self.slots.append(slot)
            self.weights.append(weight)

    def remove(self, slot: int) -> None:
        try:
            at = self.slots.index(slot)
        except ValueError:
            return
        last = len(self.slots) - 1
        if at != last:
            self.slots[at] = self.slots[last]
            self.weights[at] = self.weights[last]
        del self.slots[last]
        del self.weights[last]

    @property
    def count(self) -> int:
        return len(self.slots)


class Postings:
    """term -> the stories (by slot, a dense number) that hold it, with their weights."""

    def __init__(self) -> None:
        self._lists: dict[str, _List] = {}

    def set(self, term: str, slot: int, weight: float) -> None:
        entries = self._lists.get(term)
        if entries is None:
            entries = self._lists[term] = _List()
        entries.set(slot, weight)

    def remove(self, term: str, slot: int) -> None:
        entries = self._lists.get(term)
        if entries is not None:
            entries.remove(slot)
            if not entries.count:
                del self._lists[term]

    def gather(self, query: Iterable[tuple[str, float]], size: int) -> Matrix:
        """For every slot below ``size``, the sum over ``query``'s (term, weight) pairs of
        weight x the slot's weight for that term."""
        slots, weights = [], []
        for term, weight in query:
            entries = self._lists.get(term)
            if entries is not None:
                slots.append(np.frombuffer(entries.slots, dtype=np.int64))
                weights.append(np.frombuffer(entries.weights, dtype=np.float64) * weight)
        if not slots:
            return np.zeros(size)
        found: Matrix = np.bincount(
            np.concatenate(slots), np.concatenate(weights), minlength=size
        ).astype(np.float64, copy=False)
        return found

    def __len__(self) -> int:
        return len(self._lists)


__all__ = ["Postings"]
