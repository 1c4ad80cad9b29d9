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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from distributed import WorkerPlugin

from newsbrief import summarizers
from newsbrief.batch.chunks import chunks
from newsbrief.batch.items import CRASHED, article_for, error_message, error_row, summary_row
from newsbrief.batch.parts import PartFiles, Row
from newsbrief.batch.tasks import Task
from newsbrief.config import LlmSettings
from newsbrief.errors import ErrorCode, InputError
from newsbrief.models import Article
from newsbrief.records import Record, with_title
from newsbrief.render import summary_record
from newsbrief.summarizers.base import Summary, SummaryOptions
from newsbrief.threads import single_threaded_numerics

if TYPE_CHECKING:
    from distributed import Client, Future

    from newsbrief.storage import Store

# Items per task: a task must be long enough that the scheduler's and the transfers' cost per
# task stays small next to its work, and short enough that a lost worker costs little rework
# (docs/benchmarks-batch.md has the measurements behind this choice).
CHUNK_ITEMS = 256
# Tasks in flight per worker: keeps each busy while bounding the driver's memory.
PENDING_PER_WORKER = 4
# Rows per committed part file, and the longest a finished row waits in memory before commit
# (what a killed run can lose and redo).
PART_ROWS = 1000
PART_SECONDS = 5.0


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
    store.articles.add(with_title(article), external_id=external_id)
    key = SummaryKey.of(content_hash(article.text), summary.options)
    payload = json.dumps(summary_record(summary), ensure_ascii=False)
    store.summaries.get_or_compute(key, lambda: payload)


def _summarize(
    record: Record, options: SummaryOptions, database_url: str | None, llm: LlmSettings | None
) -> Summary:
    summarize = _summarizer(options.method, llm)
    if database_url is None:
        return summarize(summarizers.segment(article_for(record, options)), options)
    # A stored article keeps the language extraction identifies, as `newsbrief ingest` stores it.
    article = record.article()
    summary = summarize(summarizers.segment(article), options)
    _save(_store(database_url), article, str(record.id), summary)
    return summary


def summarize_task(
    task: Task, options: SummaryOptions, database_url: str | None, llm: LlmSettings | None = None
) -> Row:
    """One item's row; never raises for bad input. ``llm`` comes from the driver by value:
    workers never read the environment."""
    failed = functools.partial(error_row, task.id, task.line, key=task.key, source=task.source)
    if task.record is None:
        return failed(task.error or "unreadable item")
    try:
        summary = _summarize(task.record, options, database_url, llm)
    except Exception as error:  # one bad item, a bug included, must not end a long run
        return failed(error_message(error))
    return summary_row(task.id, summary, key=task.key)


def summarize_tasks(
    chunk: Sequence[Task],
    options: SummaryOptions,
    database_url: str | None,
    llm: LlmSettings | None = None,
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


Submit = Callable[[list[Task]], "Future[list[Row]]"]


def _isolated(chunk: list[Task], submit: Submit) -> list[Row]:
    """A chunk that kept killing workers, one item at a time: only the culprit is marked."""
    from distributed import KilledWorker

    rows: list[Row] = []
    for task in chunk:
        try:
            rows.extend(submit([task]).result())
        except KilledWorker:
            rows.append(error_row(task.id, task.line, CRASHED, key=task.key, source=task.source))
    return rows


def _fresh(tasks: Iterable[Task], seen: set[str], report: Report) -> Iterator[Task]:
    """The tasks whose items are not done yet; counts the others as skipped."""
    for task in tasks:
        name = task.identity
        if name in seen:
            report.skipped += 1
            continue
        seen.add(name)  # an exact repeat (same id, same text) is one item
        yield task


def _completed(batches: Iterator[list[Task]], submit: Submit, limit: int) -> Iterator[list[Row]]:
    """Each chunk's rows as its future completes, with at most ``limit`` chunks in flight."""
    from distributed import KilledWorker, as_completed

    pending: dict[Future[list[Row]], list[Task]] = {}
    done = as_completed()
    while True:
        while len(pending) < limit and (chunk := next(batches, None)) is not None:
            future = submit(chunk)
            pending[future] = chunk
            done.add(future)
        if not pending:
            return
        future = next(done)
        chunk = pending.pop(future)
        try:
            rows = future.result()
        except KilledWorker:
            # Dask already retried this chunk on other workers and each died on it: some item
            # kills the process. Find it.
            rows = _isolated(chunk, submit)
        future.release()
        yield rows


@dataclass(slots=True)
class _PartBuffer:
    """Finished rows waiting to be committed together as one part file."""

    parts: PartFiles
    part_rows: int
    rows: list[Row] = field(default_factory=list)
    last_commit: float = field(default_factory=time.monotonic)

    def add(self, rows: list[Row]) -> None:
        self.rows.extend(rows)
        if len(self.rows) >= self.part_rows or time.monotonic() - self.last_commit >= PART_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.rows:
            self.parts.commit(self.rows)
            self.rows = []
        self.last_commit = time.monotonic()


def run(
    client: Client,
    tasks: Iterable[Task],
    parts: PartFiles,
    options: SummaryOptions,
    *,
    database_url: str | None = None,
    llm: LlmSettings | None = None,
    chunk_items: int = CHUNK_ITEMS,
    part_rows: int = PART_ROWS,
    on_progress: Callable[[int], None] | None = None,
) -> Report:
    """Summarize every task not yet in ``parts``; commit results as parts; return the counts."""
    report = Report()
    fresh = _fresh(tasks, parts.done(), report)
    client.register_plugin(Warmup(options.method, llm))
    limit = max(1, worker_count(client)) * PENDING_PER_WORKER

    def submit(chunk: list[Task]) -> Future[list[Row]]:
        return client.submit(summarize_tasks, chunk, options, database_url, llm, pure=False)

    buffer = _PartBuffer(parts, part_rows)
    for rows in _completed(chunks(fresh, chunk_items), submit, limit):
        report.computed += len(rows)
        report.failed += sum("error" in row for row in rows)
        buffer.add(rows)
        if on_progress is not None:
            on_progress(len(rows))
    buffer.flush()
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
