"""Grouping a stream of items into chunks, the unit of work both batch engines hand out."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def chunks(
    things: Iterable[T],
    size: int,
    *,
    weight: Callable[[T], int] | None = None,
    max_weight: int = 0,
) -> Iterator[list[T]]:
    """Consecutive ``things`` in lists of at most ``size``, read lazily; with ``weight``, a list
    also ends once the weights in it reach ``max_weight`` (so a few huge items travel alone)."""
    chunk: list[T] = []
    total = 0
    for thing in things:
        chunk.append(thing)
        if weight is not None:
            total += weight(thing)
        if len(chunk) >= size or (weight is not None and total >= max_weight):
            yield chunk
            chunk, total = [], 0
    if chunk:
        yield chunk


__all__ = ["chunks"]
