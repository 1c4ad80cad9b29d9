"""`newsbrief batch`: summarize a JSONL file, one output line per input line, in order."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from pathlib import Path

import click

from newsbrief import records
from newsbrief.batch import local as batch
from newsbrief.batch.files import expand_inputs, is_parquet
from newsbrief.batch.items import Row
from newsbrief.cli import extras, progress
from newsbrief.cli.app import fail, handles_errors, main
from newsbrief.cli.inputs import STDIN, check_readable, open_binary, open_output, refuse_binary
from newsbrief.cli.options import length_options, summary_options
from newsbrief.config import LlmSettings
from newsbrief.errors import unknown_choice
from newsbrief.pipeline import llm_settings
from newsbrief.summarizers.base import SummaryOptions


def _count_items(path: str) -> int | None:
    """Non-blank lines of a regular file, for the progress bar's total: a streaming pass."""
    if path == STDIN:
        return None
    with Path(path).open("rb") as handle:
        return sum(1 for item in records.read_items(handle))


ENGINES = ("local", "dask")


@main.command("batch")
@click.argument("sources", nargs=-1, required=True, metavar="IN...")
@click.option(
    "--output",
    "-o",
    default=STDIN,
    show_default=True,
    metavar="OUT|-",
    help="where to write: JSONL, or Parquet for OUT.parquet (dask)",
)
@click.option(
    "--workers",
    "-j",
    type=click.IntRange(min=1),
    help="worker processes (default: all cores)",
)
@click.option("--engine", default="local", show_default=True, metavar="local|dask")
@click.option("--scheduler", metavar="tcp://HOST:PORT", help="dask: a running scheduler")
@click.option("--database-url", help="dask: also store articles and summaries in this database")
@click.option("--restart", is_flag=True, help="dask: discard earlier results of OUT, start over")
@click.option("--chunk-size", type=click.IntRange(min=1), help="dask: items per task (256)")
@click.option(
    "--part-size", type=click.IntRange(min=1), help="dask: rows per committed part file (1000)"
)
@length_options
@handles_errors
def batch_command(
    sources: tuple[str, ...],
    output: str,
    workers: int | None,
    engine: str,
    scheduler: str | None,
    database_url: str | None,
    restart: bool,
    chunk_size: int | None,
    part_size: int | None,
    method: str,
    sentences: int | None,
    words: int | None,
    ratio: float | None,
    points: int | None,
    language: str | None,
) -> None:
    """Summarize every {"id", "article"} line (or "text" / "html") of JSONL files.

    Each output line is {"id", "method", "summary", "words", "sentences", "notes"}, or
    {"id", "line", "error"} for a line that could not be summarized; the others go on. Exits 1
    when any item failed, saying how many on stderr. Input streams: any size works.
    With --engine dask the run goes to a Dask cluster, reads and writes JSONL or Parquet, and
    resumes an interrupted run of the same OUT without redoing finished items.
    """
    options = summary_options(method, sentences, words, ratio, language, points)
    if engine not in ENGINES:
        raise unknown_choice("engine", engine, ENGINES)
    llm = llm_settings(options.method)
    if engine == "dask":
        extras.require("dask", "--engine dask")
        if database_url is not None:
            extras.require("site", "--database-url")
        from newsbrief.cli.batch_cluster import DaskSettings, run_dask

        run_dask(
            sources,
            output,
            options,
            DaskSettings(workers, scheduler, database_url, restart, chunk_size, part_size),
            llm,
        )
        return
    for name, value in (
        ("--scheduler", scheduler),
        ("--database-url", database_url),
        ("--restart", restart or None),
    ):
        if value is not None:
            raise fail(f"{name} needs --engine dask")
    _run_local(sources, output, options, workers, llm)


def _run_local(
    sources: tuple[str, ...],
    output: str,
    options: SummaryOptions,
    workers: int | None,
    llm: LlmSettings | None,
) -> None:
    if any(is_parquet(name) for name in (*sources, output)):
        raise fail("Parquet input or output needs --engine dask")
    paths = [STDIN] if sources == (STDIN,) else [str(p) for p in expand_inputs(sources)]
    items = failed = 0
    with open_output(output, paths) as out:
        for source in paths:
            rows = _local_rows(source, options, workers, llm, several=len(paths) > 1)
            for row in rows:
                items += 1
                failed += "error" in row
                out.write(json.dumps(row, ensure_ascii=False).encode() + b"\n")
            out.flush()
    if items == 0:
        empty = paths[0] if len(paths) == 1 and paths[0] != STDIN else None
        raise fail(f"{empty}: input is empty" if empty else "input is empty")
    if failed:
        raise fail(f"{failed} of {items} items failed", 1)


def _local_rows(
    source: str,
    options: SummaryOptions,
    workers: int | None,
    llm: LlmSettings | None,
    *,
    several: bool,
) -> Iterator[Row]:
    """The rows of one input, on a progress bar when someone watches."""
    if source != STDIN:
        check_readable(source)
    show_progress = progress.wanted()
    total = _count_items(source) if show_progress else None
    with open_binary(source) as stream:
        refuse_binary(stream, "the input" if source == STDIN else source)
        rows = batch.run(
            records.read_items(stream),
            options,
            workers=workers or batch.default_workers(),
            # The settings travel to the worker processes by value.
            worker=functools.partial(batch.summarize_chunk, llm=llm),
            source=source if several else None,
        )
        yield from progress.counted(rows, total) if show_progress else rows


__all__ = ["batch_command"]
