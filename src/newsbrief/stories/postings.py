"""Inverted lists of story weights, held in numpy arrays and updated in place.

Comparing an article with every story is a sum over the article's terms of each term's list of
(story, weight) pairs. Kept as arrays, that sum is one ``bincount`` however many stories there
are, instead of a Python loop over every pair; a story that grows changes its entries in place
(a removed entry is replaced by the last one, so a list never has holes).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from newsbrief.summarizers.statistics.arrays import Matrix

_FIRST_CAPACITY = 4


class _List:
    """One term's (slot, weight) pairs and where each slot sits."""

    __slots__ = ("count", "slots", "weights", "where")

    def __init__(self) -> None:
        self.slots = np.empty(_FIRST_CAPACITY, dtype=np.intp)
        self.weights = np.empty(_FIRST_CAPACITY, dtype=np.float64)
        self.count = 0
        self.where: dict[int, int] = {}

    def set(self, slot: int, weight: float) -> None:
        at = self.where.get(slot)
        if at is None:
            if self.count == len(self.slots):
                self.slots = np.resize(self.slots, 2 * self.count)
                self.weights = np.resize(self.weights, 2 * self.count)
            at = self.count
            self.count += 1
            self.where[slot] = at
            self.slots[at] = slot
        self.weights[at] = weight

    def remove(self, slot: int) -> None:
        at = self.where.pop(slot, None)
        if at is None:
            return
        last = self.count - 1
        if at != last:
            moved = int(self.slots[last])
            self.slots[at] = moved
            self.weights[at] = self.weights[last]
            self.where[moved] = at
        self.count = last


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
                n = entries.count
                slots.append(entries.slots[:n])
                weights.append(entries.weights[:n] * weight)
        if not slots:
            return np.zeros(size)
        found: Matrix = np.bincount(
            np.concatenate(slots), np.concatenate(weights), minlength=size
        ).astype(np.float64, copy=False)
        return found

    def __len__(self) -> int:
        return len(self._lists)


__all__ = ["Postings"]
