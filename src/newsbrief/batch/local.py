"""Summarize a JSONL stream: one result dict per input line, in input order, whatever fails.

Each line is ``{"id", "article"}`` (or ``"text"`` / ``"html"``). A good item becomes
``{"id", "summary", "sentences": [{"text", "start", "end"}]}``; a bad one (not JSON, a missing
field, an empty article, ...) becomes ``{"id", "line", "error"}`` and the run goes on.

Input is read lazily and only a bounded number of lines is ever in flight, so a multi-gigabyte
file streams through in constant memory. With several workers, chunks of lines go to a process
pool (summarizing is CPU-bound Python, so threads would not help); results are yielded in input
order. A worker process that dies (a parser crashing on a pathological page) costs only the item
that killed it: the pool is rebuilt and the chunk retried one item at a time.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import BinaryIO

from newsbrief import summarizers
from newsbrief.config import LlmSettings
from newsbrief.errors import ErrorCode, InputError, NewsbriefError
from newsbrief.models import Article
from newsbrief.reading.decoding import MAX_INPUT_BYTES, decode
from newsbrief.reading.extraction import Kind, extract
from newsbrief.render import summary_record
from newsbrief.summarizers.base import SummaryOptions
from newsbrief.threads import single_threaded_numerics

Result = dict[str, object]

# JSON escapes make a line longer than the text it carries (\u00e9 is 6 bytes for 1 character);
# twice the text limit leaves room for that, and extraction applies the real limit afterwards.
MAX_LINE_BYTES = 2 * MAX_INPUT_BYTES
# Lines per task: enough to amortise pickling and inter-process hops (a task is ~1 ms of work per
# article), few enough that results trickle out steadily for the progress bar.
CHUNK_LINES = 16
CHUNK_BYTES = 4 * 1024 * 1024
# Chunks queued per worker: keeps every worker busy while bounding memory.
PENDING_PER_WORKER = 4
# Crashes in a row with no chunk finished in between mean the pool itself cannot work (no memory,
# a broken interpreter), not a bad item: stop instead of rebuilding it for every item.
MAX_CONSECUTIVE_CRASHES = 3
_READ_BLOCK = 1024 * 1024
_FIELDS: tuple[tuple[str, Kind], ...] = (("article", "text"), ("text", "text"), ("html", "html"))


@dataclass(frozen=True, slots=True)
class Item:
    """One input line: its 1-based number and raw bytes (``None`` when it was too long)."""

    line: int
    data: bytes | None


Chunk = tuple[Item, ...]
Worker = Callable[[Chunk, SummaryOptions], list[Result]]


def default_workers() -> int:
    """The cores this process may use (a container's CPU set, not the host's core count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS and Windows have no sched_getaffinity
        return max(1, os.cpu_count() or 1)


def read_items(stream: BinaryIO) -> Iterator[Item]:
    """The non-blank lines of ``stream``, read one at a time; an over-long line is skipped to its
    end and reported as an item without data rather than loaded."""
    number = 0
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield Item(number, None)
        elif line.strip():
            yield Item(number, line)


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while True:
        block = stream.readline(_READ_BLOCK)
        if not block or block.endswith(b"\n"):
            return


def parse_line(data: bytes) -> object:
    """A JSONL line's value; a line in a legacy encoding is decoded with detection first."""
    try:
        return json.loads(data)
    except UnicodeDecodeError:
        # Not UTF-8 (a legacy-encoded export): decode with detection, then parse.
        pass
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON: {error.msg}", code=ErrorCode.INVALID_JSON) from None
    try:
        return json.loads(decode(data))
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON: {error.msg}", code=ErrorCode.INVALID_JSON) from None


def body_of(record: dict[str, object]) -> tuple[str, Kind]:
    """The article a record carries, as ``article`` or ``text`` (plain text) or ``html``."""
    for field, kind in _FIELDS:
        value = record.get(field)
        if value is None:
            continue
        if not isinstance(value, str):
            raise InputError(f"{field!r} must be a string", code=ErrorCode.INVALID_FIELD)
        return value, kind
    raise InputError(
        "missing field: give 'article', 'text' or 'html'", code=ErrorCode.MISSING_FIELD
    )


def article_of(record: dict[str, object], options: SummaryOptions) -> Article:
    """The article a record carries, extracted. Its language is identified only for a method
    that reads it (an abstractive one): batch output never shows it, and identifying it cost a
    third of an extractive run."""
    text, kind = body_of(record)
    identify = options.method in summarizers.ABSTRACTIVE
    return extract(text, kind=kind, language=options.language, identify_language=identify)


def summarize_item(item: Item, options: SummaryOptions, llm: LlmSettings | None = None) -> Result:
    """One line's result; never raises for bad input, whatever the line holds. ``llm``: the LLM
    server, for the ``llm`` method (handed over by value: workers never read the environment)."""
    if item.data is None:
        limit = MAX_LINE_BYTES // (1024 * 1024)
        return {"id": None, "line": item.line, "error": f"line is longer than {limit} MB"}
    item_id: object = None
    try:
        record = parse_line(item.data)
        if not isinstance(record, dict):
            raise InputError("each line must be a JSON object", code=ErrorCode.INVALID_RECORD)
        if "id" not in record:
            raise InputError("missing field: 'id'", code=ErrorCode.MISSING_FIELD)
        item_id = record["id"]
        if not isinstance(item_id, str | int) or isinstance(item_id, bool):
            item_id = None
            raise InputError("'id' must be a string or a number", code=ErrorCode.INVALID_FIELD)
        article = article_of(record, options)
        summary = summarizers.summarize_document(summarizers.segment(article), options, llm)
    except NewsbriefError as error:
        return {"id": item_id, "line": item.line, "error": error.message}
    except RecursionError:
        return {"id": item_id, "line": item.line, "error": "input is nested too deeply to parse"}
    except Exception as error:  # a bug on one item must not end a long run
        message = f"internal error ({type(error).__name__}: {error})"
        return {"id": item_id, "line": item.line, "error": message}
    return {"id": item_id, **summary_record(summary)}


def summarize_chunk(
    chunk: Chunk, options: SummaryOptions, llm: LlmSettings | None = None
) -> list[Result]:
    return [summarize_item(item, options, llm) for item in chunk]


def chunks(items: Iterable[Item]) -> Iterator[Chunk]:
    """Consecutive items grouped up to :data:`CHUNK_LINES` lines or :data:`CHUNK_BYTES` bytes."""
    chunk: list[Item] = []
    size = 0
    for item in items:
        chunk.append(item)
        size += len(item.data or b"")
        if len(chunk) >= CHUNK_LINES or size >= CHUNK_BYTES:
            yield tuple(chunk)
            chunk, size = [], 0
    if chunk:
        yield tuple(chunk)


def run(
    items: Iterable[Item],
    options: SummaryOptions,
    *,
    workers: int = 1,
    worker: Worker = summarize_chunk,
) -> Iterator[Result]:
    """Results for ``items`` in input order; ``workers`` > 1 spreads chunks over processes.

    ``worker`` must be a module-level function, or a ``functools.partial`` of one (it is
    pickled to the worker processes); a partial of :func:`summarize_chunk` carries the LLM
    settings.
    """
    if workers <= 1:
        for chunk in chunks(items):
            yield from worker(chunk, options)
        return
    yield from _parallel(chunks(items), options, workers, worker)


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


def _crashed(item: Item) -> Result:
    item_id: object = None
    try:
        record = json.loads(item.data or b"")
        if isinstance(record, dict):
            item_id = record.get("id")
    except ValueError:
        pass
    return {"id": item_id, "line": item.line, "error": "the worker process crashed on this item"}


def _parallel(
    source: Iterator[Chunk], options: SummaryOptions, workers: int, worker: Worker
) -> Iterator[Result]:
    limit = workers * PENDING_PER_WORKER
    pending: deque[tuple[Chunk, Future[list[Result]]]] = deque()
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


def _isolated(items: list[Item], options: SummaryOptions, worker: Worker) -> Iterator[Result]:
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
    "MAX_LINE_BYTES",
    "Item",
    "Result",
    "body_of",
    "chunks",
    "default_workers",
    "parse_line",
    "read_items",
    "run",
    "summarize_chunk",
    "summarize_item",
]
