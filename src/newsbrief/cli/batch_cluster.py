"""`newsbrief batch --engine dask`: a resumable run on a Dask cluster (or a LocalCluster).

Imported only when that engine is asked for: Dask and pyarrow take a second to import, which
every other command should not pay.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from newsbrief.batch import cluster as batch_dask
from newsbrief.batch.files import check_output, expand_inputs
from newsbrief.batch.local import default_workers
from newsbrief.batch.parts import PartFiles
from newsbrief.batch.tasks import read_tasks
from newsbrief.cli import progress
from newsbrief.cli.app import fail
from newsbrief.cli.inputs import STDIN
from newsbrief.config import LlmSettings
from newsbrief.errors import ErrorCode, InputError
from newsbrief.summarizers.base import SummaryOptions


def _output(output: str, inputs: list[Path]) -> Path:
    if output == STDIN:
        raise InputError(
            "--engine dask writes a file it can resume: give -o OUT.jsonl or -o OUT.parquet",
            code=ErrorCode.INVALID_OPTION,
        )
    return check_output(output, inputs)


@dataclass(frozen=True, slots=True)
class DaskSettings:
    """The dask-only options of `newsbrief batch`."""

    workers: int | None
    scheduler: str | None
    database_url: str | None
    restart: bool
    chunk_size: int | None
    part_size: int | None


def run_dask(
    sources: tuple[str, ...],
    output: str,
    options: SummaryOptions,
    settings: DaskSettings,
    llm: LlmSettings | None = None,
) -> None:
    if STDIN in sources:
        raise fail("--engine dask reads files (or globs), not standard input")
    inputs = expand_inputs(sources)
    parts = _prepared_parts(output, inputs, settings.restart)
    if settings.database_url is not None:
        from newsbrief.storage import open_store

        # Migrate once here, so workers never race on the schema.
        open_store(settings.database_url, memory_cache_size=0).close()
    bar = progress.Bar() if progress.wanted() else None
    with batch_dask.connect(settings.scheduler, settings.workers or default_workers()) as client:
        if settings.scheduler:
            link = batch_dask.dashboard(client)
            count = batch_dask.worker_count(client)
            click.echo(f"note: {count} Dask workers; dashboard: {link or 'none'}", err=True)
        report = batch_dask.run(
            client,
            read_tasks(inputs, options),
            parts,
            options,
            database_url=settings.database_url,
            llm=llm,
            chunk_items=settings.chunk_size or batch_dask.CHUNK_ITEMS,
            part_rows=settings.part_size or batch_dask.PART_ROWS,
            on_progress=bar.update if bar is not None else None,
        )
    if bar is not None:
        bar.close()
    _tell(report, output)


def _prepared_parts(output: str, inputs: list[Path], restart: bool) -> PartFiles:
    parts = PartFiles(_output(output, inputs))
    try:
        parts.prepare(restart=restart)
    except OSError as error:
        raise fail(f"cannot write next to {output}: {error.strerror or error}") from None
    return parts


def _tell(report: batch_dask.Report, output: str) -> None:
    """The run's counts on stderr, and its exit status."""
    click.echo(
        f"note: {report.rows} items in {output}: {report.skipped} were already done, "
        f"{report.computed} summarized now",
        err=True,
    )
    if report.rows == 0:
        raise fail("input is empty")
    if report.errors:
        raise fail(f"{report.errors} of {report.rows} items failed", 1)


__all__ = ["DaskSettings", "run_dask"]
