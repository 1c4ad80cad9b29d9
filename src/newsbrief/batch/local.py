"""Summarize a JSONL stream: one row per input line, in input order, whatever fails.

Each line is a record (:mod:`newsbrief.records`) with an ``id``. A good item becomes its summary's
row, a bad one (not JSON, a missing field, an empty article, ...) an error row naming its line
(:mod:`newsbrief.batch.items`), and the run goes on.

Input is read lazily and only a bounded number of lines is ever in flight, so a multi-gigabyte
file streams through in constant memory. With several workers, chunks of lines go to a process
pool (summarizing is CPU-bound Python, so threads would not help); results are yielded in input
order. A worker process that dies (a parser crashing on a pathological page) costs only the item
that killed it: the pool is rebuilt and the chunk retried one item at a time.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from newsbrief import records, summarizers
from newsbrief.batch.chunks import chunks
from newsbrief.batch.items import (
    CRASHED,
    Row,
    article_for,
    error_message,
    error_row,
    summary_row,
    with_source,
)
from newsbrief.config import LlmSettings
from newsbrief.errors import ErrorCode, NewsbriefError
from newsbrief.records import Item, Record
from newsbrief.summarizers.base import SummaryOptions
from newsbrief.threads import single_threaded_numerics

# Lines per task: enough to amortise pickling and inter-process hops (a task is ~1 ms of work per
# article), few enough that results trickle out steadily for the progress bar.
CHUNK_LINES = 16
CHUNK_BYTES = 4 * 1024 * 1024
# Chunks queued per worker: keeps every worker busy while bounding memory.
PENDING_PER_WORKER = 4
# Crashes in a row with no chunk finished in between mean the pool itself cannot work (no memory,
# a broken interpreter), not a bad item: stop instead of rebuilding it for every item.
MAX_CONSECUTIVE_CRASHES = 3

Chunk = Sequence[Item]
Worker = Callable[[Chunk, SummaryOptions], list[Row]]


def default_workers() -> int:
    """The cores this process may use (a container's CPU set, not the host's core count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS and Windows have no sched_getaffinity
        return max(1, os.cpu_count() or 1)


def summarize_item(item: Item, options: SummaryOptions, llm: LlmSettings | None = None) -> Row:
    """One line's row; never raises for bad input, whatever the line holds. ``llm``: the LLM
    server, for the ``llm`` method (handed over by value: workers never read the environment)."""
    record: Record | None = None
    try:
        record = records.parse_line(records.item_bytes(item), require_id=True)
        article = article_for(record, options)
        summary = summarizers.summarize_document(summarizers.segment(article), options, llm)
    except Exception as error:  # one bad item, a bug included, must not end a long run
        item_id = record.id if record is not None else records.id_in(item.data)
        return error_row(item_id, item.line, error_message(error))
    return summary_row(record.id, summary)


def summarize_chunk(
    chunk: Chunk, options: SummaryOptions, llm: LlmSettings | None = None
) -> list[Row]:
    return [summarize_item(item, options, llm) for item in chunk]


def _size(item: Item) -> int:
    return len(item.data or b"")


def run(
    items: Iterable[Item],
    options: SummaryOptions,
    *,
    workers: int = 1,
    worker: Worker = summarize_chunk,
    source: str | None = None,
) -> Iterator[Row]:
    """Rows for ``items`` in input order; ``workers`` > 1 spreads chunks over processes.

    ``worker`` must be a module-level function, or a ``functools.partial`` of one (it is
    pickled to the worker processes; a partial of :func:`summarize_chunk` carries the LLM
    settings). With a
    ``source``, each failed row names it (a run over several inputs).
    """
    grouped = chunks(items, CHUNK_LINES, weight=_size, max_weight=CHUNK_BYTES)
    if workers <= 1:
        rows: Iterator[Row] = (row for chunk in grouped for row in worker(chunk, options))
    else:
        rows = _parallel(grouped, options, workers, worker)
    if source is not None:
        rows = (with_source(row, source) if "error" in row else row for row in rows)
    yield from rows


def _pool(workers: int) -> ProcessPoolExecutor:
    # fork where the platform has it: workers start at once with everything imported. spawn and
    # forkserver re-run the parent's main script in each worker, which for the console script
    # means importing the whole CLI (1-2 s per worker). The pool forks all its workers before it
    # starts its own thread, and the CLI's progress bar runs no monitor thread, so no lock can be
    # held by another thread at fork time.
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=single_threaded_numerics
    )


def _crashed(item: Item) -> Row:
    return error_row(records.id_in(item.data), item.line, CRASHED)


def _parallel(
    source: Iterator[Chunk], options: SummaryOptions, workers: int, worker: Worker
) -> Iterator[Row]:
    limit = workers * PENDING_PER_WORKER
    pending: deque[tuple[Chunk, Future[list[Row]]]] = deque()
    executor = _pool(workers)
    try:
        while True:
            while len(pending) < limit and (chunk := next(source, None)) is not None:
                pending.append((chunk, executor.submit(worker, chunk, options)))
            if not pending:
                return
            chunk, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                # A dead worker fails every queued future, so the culprit is unknown: rerun all
                # lost items one at a time, where a crash names its item exactly.
                executor.shutdown(wait=True, cancel_futures=True)
                lost = [chunk, *(queued for queued, _future in pending)]
                pending.clear()
                yield from _isolated([item for part in lost for item in part], options, worker)
                executor = _pool(workers)
                continue
            yield from results
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _isolated(items: list[Item], options: SummaryOptions, worker: Worker) -> Iterator[Row]:
    """Each item alone in a one-worker pool; a crash costs only that item."""
    crashes = 0
    executor = _pool(1)
    try:
        for item in items:
            try:
                results = executor.submit(worker, (item,), options).result()
            except BrokenProcessPool:
                crashes += 1
                if crashes > MAX_CONSECUTIVE_CRASHES:
                    raise NewsbriefError(
                        "worker processes keep crashing; try --workers 1",
                        code=ErrorCode.WORKER_CRASH,
                    ) from None
                executor.shutdown(wait=True)
                executor = _pool(1)
                yield _crashed(item)
                continue
            crashes = 0
            yield from results
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


__all__ = [
    "CHUNK_LINES",
    "Chunk",
    "default_workers",
    "run",
    "summarize_chunk",
    "summarize_item",
]
