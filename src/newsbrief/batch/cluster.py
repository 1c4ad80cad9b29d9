"""The Dask engine of `newsbrief batch`: chunks of items as futures on a Dask cluster.

The driver (this process) reads the inputs, skips items whose results are already committed
(see :mod:`newsbrief.batch.parts`), submits the rest in chunks with a bounded number in flight,
and commits results as part files as they come back. Dask does the scheduling, the retries when a
worker dies (its tasks are rerun elsewhere; the driver only ever commits a chunk's rows once, when
its future completes) and the spreading over machines. Workers load each summarizer once per
process (a worker plugin warms it at start, also on workers that join or restart later).
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from distributed import WorkerPlugin

from newsbrief import summarizers
from newsbrief.batch.parts import Parts, Row, Task
from newsbrief.config import LlmSettings
from newsbrief.errors import ErrorCode, InputError, NewsbriefError
from newsbrief.models import Article
from newsbrief.render import summary_record
from newsbrief.summarizers.base import Summary, SummaryOptions
from newsbrief.threads import single_threaded_numerics

if TYPE_CHECKING:
    from distributed import Client, Future

    from newsbrief.storage import Store

# Items per task: ~0.7 ms of work each (compiled statistics), so a task is ~0.2 s: the
# scheduler's and the transfers' cost per task stays small (32 items kept 67 % of the local
# engine's throughput on 2 cores, 128 kept 83 %, 256 87 %), and a lost worker costs little rework.
CHUNK_ITEMS = 256
# Tasks in flight per worker: keeps each busy while bounding the driver's memory.
PENDING_PER_WORKER = 4
# Rows per committed part file, and the longest a finished row waits in memory before commit
# (what a killed run can lose and redo).
PART_ROWS = 1000
PART_SECONDS = 5.0
_CRASHED = "the worker process crashed on this item"


@dataclass(slots=True)
class Report:
    """What a run did: items already done before it, computed now and failed now; then rows
    and error rows in the merged output."""

    skipped: int = 0
    computed: int = 0
    failed: int = 0
    rows: int = 0
    errors: int = 0


# ---------------------------------------------------------------- worker side


@functools.cache
def _summarizer(method: str, llm: LlmSettings | None) -> summarizers.Summarizer:
    """One summarizer per worker process and method: any model loads once."""
    return summarizers.get(method, llm)


@functools.cache
def _store(database_url: str) -> Store:
    from newsbrief.storage import open_store

    # The driver migrated the schema before submitting; workers only read and write rows.
    return open_store(database_url, memory_cache_size=0, upgrade=False)


def _save(store: Store, article: Article, external_id: str, summary: Summary) -> None:
    import json

    from newsbrief.storage import SummaryKey, content_hash

    # Both writes are idempotent (the article dedups by URL / body, the summary by its key), so a
    # chunk rerun after a worker died stores nothing twice.
    store.articles.add(article, external_id=external_id)
    key = SummaryKey.of(content_hash(article.text), summary.options)
    payload = json.dumps(summary_record(summary), ensure_ascii=False)
    store.summaries.get_or_compute(key, lambda: payload)


def summarize_task(
    task: Task, options: SummaryOptions, database_url: str | None, llm: LlmSettings | None
) -> Row:
    """One item's row; never raises for bad input. ``llm`` comes from the driver by value:
    workers never read the environment."""
    row: Row = {"id": task.id, "key": task.key}
    failure = {"source": task.source, "line": task.line}
    if task.record is None:
        return {**row, **failure, "error": task.error or "unreadable item"}
    try:
        if database_url is not None:
            from newsbrief.storage.ingest import article_from_record

            article, external_id = article_from_record(task.record)
        else:
            from newsbrief.batch.local import article_of

            article, external_id = article_of(task.record, options), None
        summary = _summarizer(options.method, llm)(summarizers.segment(article), options)
        row.update(summary_record(summary))
        if database_url is not None:
            _save(_store(database_url), article, external_id or str(task.id), summary)
    except NewsbriefError as error:
        return {**row, **failure, "error": error.message}
    except RecursionError:
        return {**row, **failure, "error": "input is nested too deeply to parse"}
    except Exception as error:  # a bug on one item must not end a long run
        return {**row, **failure, "error": f"internal error ({type(error).__name__}: {error})"}
    return row


def summarize_tasks(
    chunk: Sequence[Task],
    options: SummaryOptions,
    database_url: str | None,
    llm: LlmSettings | None,
) -> list[Row]:
    return [summarize_task(task, options, database_url, llm) for task in chunk]


class Warmup(WorkerPlugin):
    """A worker plugin: load the method's summarizer when a worker starts, not on its first item."""

    name = "newsbrief-warmup"

    def __init__(self, method: str, llm: LlmSettings | None = None) -> None:
        self.method = method
        self.llm = llm

    def setup(self, worker: Any) -> None:
        single_threaded_numerics()
        summarizer = _summarizer(self.method, self.llm)
        sample = Article("Warm up the summarizer. It loads what it needs once.")
        summarizer(summarizers.segment(sample), SummaryOptions(method=self.method, sentences=1))


# ---------------------------------------------------------------- driver side


@contextmanager
def connect(scheduler: str | None, workers: int) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, or of a new LocalCluster of ``workers``
    single-threaded processes (summarizing is CPU-bound Python: threads would share one GIL)."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout="10s")
        except (OSError, TimeoutError, ValueError) as error:
            message = f"cannot reach the Dask scheduler at {scheduler}: {error}"
            raise InputError(message, code=ErrorCode.UNREACHABLE) from None
        with client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _chunks(tasks: Iterable[Task], size: int) -> Iterator[list[Task]]:
    chunk: list[Task] = []
    for task in tasks:
        chunk.append(task)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _isolated(chunk: list[Task], run: Callable[[list[Task]], Future[list[Row]]]) -> list[Row]:
    """A chunk that kept killing workers, one item at a time: only the culprit is marked."""
    from distributed import KilledWorker

    rows: list[Row] = []
    for task in chunk:
        try:
            rows.extend(run([task]).result())
        except KilledWorker:
            failure = {"source": task.source, "line": task.line, "error": _CRASHED}
            rows.append({"id": task.id, "key": task.key, **failure})
    return rows


def run(
    client: Client,
    tasks: Iterable[Task],
    parts: Parts,
    options: SummaryOptions,
    *,
    database_url: str | None = None,
    llm: LlmSettings | None = None,
    chunk_items: int = CHUNK_ITEMS,
    part_rows: int = PART_ROWS,
    on_progress: Callable[[int], None] | None = None,
) -> Report:
    """Summarize every task not yet in ``parts``; commit results as parts; return the counts."""
    from distributed import KilledWorker, as_completed

    report = Report()
    seen = parts.done()
    client.register_plugin(Warmup(options.method, llm))
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    limit = workers * PENDING_PER_WORKER

    def fresh() -> Iterator[Task]:
        for task in tasks:
            name = task.identity
            if name in seen:
                report.skipped += 1
                continue
            seen.add(name)  # an exact repeat (same id, same text) is one item
            yield task

    def submit(chunk: list[Task]) -> Future[list[Row]]:
        return client.submit(summarize_tasks, chunk, options, database_url, llm, pure=False)

    buffer: list[Row] = []
    last_commit = time.monotonic()

    def collect(rows: list[Row]) -> None:
        nonlocal last_commit
        buffer.extend(rows)
        report.computed += len(rows)
        report.failed += sum("error" in row for row in rows)
        if len(buffer) >= part_rows or time.monotonic() - last_commit >= PART_SECONDS:
            parts.commit(buffer)
            buffer.clear()
            last_commit = time.monotonic()
        if on_progress is not None:
            on_progress(len(rows))

    pending: dict[Future[list[Row]], list[Task]] = {}
    done = as_completed()
    source = _chunks(fresh(), chunk_items)
    while True:
        while len(pending) < limit and (chunk := next(source, None)) is not None:
            future = submit(chunk)
            pending[future] = chunk
            done.add(future)
        if not pending:
            break
        future = next(done)
        chunk = pending.pop(future)
        try:
            rows = future.result()
        except KilledWorker:
            # Dask already retried this chunk on other workers and each died on it: some item
            # kills the process. Find it.
            rows = _isolated(chunk, submit)
        collect(rows)
        future.release()
    if buffer:
        parts.commit(buffer)
    report.rows, report.errors = parts.merge()
    return report


def worker_count(client: Client) -> int:
    return len(client.scheduler_info().get("workers", {}))


def dashboard(client: Client) -> str | None:
    link = client.dashboard_link
    return str(link) if link else None


__all__ = [
    "CHUNK_ITEMS",
    "PART_ROWS",
    "Report",
    "Warmup",
    "connect",
    "dashboard",
    "run",
    "summarize_task",
    "summarize_tasks",
    "worker_count",
]
