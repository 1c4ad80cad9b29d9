"""The progress bar of batch runs: on a terminal only, and safe to fork under."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

from tqdm import tqdm

T = TypeVar("T")


class Bar(tqdm):  # type: ignore[misc]  # tqdm ships no type hints
    """A tqdm bar counting items on standard error."""

    # No monitor thread: the worker pool forks after the bar starts, and a fork must not copy
    # a process whose other threads may hold locks.
    monitor_interval = 0

    def __init__(self, iterable: Iterable[object] | None = None, total: int | None = None) -> None:
        super().__init__(iterable, total=total, unit="item", file=sys.stderr, dynamic_ncols=True)


def wanted() -> bool:
    """A bar is only for a person watching a terminal: in a pipeline or a log it is noise."""
    return sys.stderr.isatty()


def counted(things: Iterator[T], total: int | None) -> Iterator[T]:
    """``things`` unchanged, counted on a bar as they pass."""
    with Bar(things, total=total) as bar:
        yield from bar


__all__ = ["Bar", "counted", "wanted"]
