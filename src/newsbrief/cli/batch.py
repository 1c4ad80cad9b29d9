"""`newsbrief batch`: summarize a JSONL file, one output line per input line, in order."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import BinaryIO

import click
from tqdm import tqdm

from newsbrief.batch import local as batch
from newsbrief.batch.parts import expand_inputs, is_parquet
from newsbrief.cli.app import fail, handles_errors, main
from newsbrief.cli.reading import (
    STDIN,
    check_readable,
    length_options,
    open_binary,
    refuse_binary,
    summary_options,
)
from newsbrief.config import LlmSettings
from newsbrief.errors import ErrorCode, InputError, unknown_choice
from newsbrief.pipeline import llm_settings
from newsbrief.summarizers.base import SummaryOptions


def _count_items(path: str) -> int | None:
    """Non-blank lines of a regular file, for the progress bar's total: a streaming pass."""
    if path == STDIN:
        return None
    with Path(path).open("rb") as handle:
        return sum(1 for item in batch.read_items(handle))


@contextmanager
def _open_output(path: str, sources: list[str]) -> Iterator[BinaryIO]:
    """``path`` opened for writing (``-``: standard output, left open)."""
    if path == STDIN:
        yield sys.stdout.buffer
        return
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{path} is a directory, not a file", code=ErrorCode.NOT_A_FILE)
    if target.exists() and any(s != STDIN and target.samefile(s) for s in sources):
        raise InputError("the output file would overwrite the input", code=ErrorCode.SAME_FILE)
    try:
        out = target.open("wb")
    except OSError as error:
        raise InputError(
            f"cannot write {path}: {error.strerror}", code=ErrorCode.UNWRITABLE
        ) from None
    with out:
        yield out


class _Progress(tqdm):  # type: ignore[misc]  # tqdm ships no type hints
    # No monitor thread: the worker pool forks after the bar starts, and a fork must not copy
    # a process whose other threads may hold locks.
    monitor_interval = 0


def progress_wanted() -> bool:
    """A bar is only for a person watching a terminal: in a pipeline or a log it is noise."""
    return sys.stderr.isatty()


def _with_progress(results: Iterator[batch.Result], total: int | None) -> Iterator[batch.Result]:
    with _Progress(results, total=total, unit="item", file=sys.stderr, dynamic_ncols=True) as bar:
        yield from bar


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
    language: str | None,
) -> None:
    """Summarize every {"id", "article"} line (or "text" / "html") of JSONL files.

    Each output line is {"id", "summary", "sentences": [{"text", "start", "end"}]}, or
    {"id", "line", "error"} for a line that could not be summarized; the others go on. Exits 1
    when any item failed, saying how many on stderr. Input streams: any size works.
    With --engine dask the run goes to a Dask cluster, reads and writes JSONL or Parquet, and
    resumes an interrupted run of the same OUT without redoing finished items.
    """
    options = summary_options(method, sentences, words, ratio, language)
    if engine not in ENGINES:
        raise unknown_choice("engine", engine, ENGINES)
    llm = llm_settings(options.method)
    if engine == "dask":
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
    show_progress = progress_wanted()
    items = failed = 0
    with ExitStack() as stack:
        out = stack.enter_context(_open_output(output, paths))
        for source in paths:
            if source != STDIN:
                check_readable(source)
            total = _count_items(source) if show_progress else None
            stream = stack.enter_context(open_binary(source))
            refuse_binary(stream, "the input" if source == STDIN else source)
            results = batch.run(
                batch.read_items(stream),
                options,
                workers=workers or batch.default_workers(),
                # The settings travel to the worker processes by value.
                worker=functools.partial(batch.summarize_chunk, llm=llm),
            )
            if show_progress:
                results = _with_progress(results, total)
            for result in results:
                items += 1
                failed += "error" in result
                if "error" in result and len(paths) > 1:
                    result["source"] = source
                out.write(json.dumps(result, ensure_ascii=False).encode() + b"\n")
            out.flush()
    if items == 0:
        empty = paths[0] if len(paths) == 1 and paths[0] != STDIN else None
        raise fail(f"{empty}: input is empty" if empty else "input is empty")
    if failed:
        raise fail(f"{failed} of {items} items failed", 1)


__all__ = ["batch_command"]
