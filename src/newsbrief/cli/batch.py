"""`newsbrief batch`: summarize a JSONL file, one output line per input line, in order."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import BinaryIO

import click
from tqdm import tqdm

from newsbrief import batch
from newsbrief.cli.app import fail, handles_errors, main
from newsbrief.cli.core import (
    STDIN,
    check_readable,
    length_options,
    open_binary,
    refuse_binary,
    summary_options,
)
from newsbrief.errors import InputError


def _count_items(path: str) -> int | None:
    """Non-blank lines of a regular file, for the progress bar's total: a streaming pass."""
    if path == STDIN:
        return None
    with Path(path).open("rb") as handle:
        return sum(1 for item in batch.read_items(handle))


@contextmanager
def _open_output(path: str, source: str) -> Iterator[BinaryIO]:
    """``path`` opened for writing (``-``: standard output, left open)."""
    if path == STDIN:
        yield sys.stdout.buffer
        return
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{path} is a directory, not a file", code="not_a_file")
    if source != STDIN and target.exists() and target.samefile(source):
        raise InputError("the output file would overwrite the input", code="same_file")
    try:
        out = target.open("wb")
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror}", code="unwritable") from None
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


@main.command("batch")
@click.argument("source", metavar="IN.jsonl|-")
@click.option(
    "--output", "-o", default=STDIN, show_default=True, metavar="OUT.jsonl|-", help="where to write"
)
@click.option(
    "--workers",
    "-j",
    type=click.IntRange(min=1),
    help="worker processes (default: all cores)",
)
@length_options
@handles_errors
def batch_command(
    source: str,
    output: str,
    workers: int | None,
    method: str,
    sentences: int | None,
    words: int | None,
    ratio: float | None,
    language: str | None,
) -> None:
    """Summarize every {"id", "article"} line (or "text" / "html") of a JSONL file.

    Each output line is {"id", "summary", "sentences": [{"text", "start", "end"}]}, or
    {"id", "line", "error"} for a line that could not be summarized; the others go on. Exits 1
    when any item failed, saying how many on stderr. Input streams: any size works.
    """
    options = summary_options(method, sentences, words, ratio, language)
    if source != STDIN:
        check_readable(source)
    show_progress = progress_wanted()
    total = _count_items(source) if show_progress else None
    items = failed = 0
    with ExitStack() as stack:
        stream = stack.enter_context(open_binary(source))
        refuse_binary(stream, "the input" if source == STDIN else source)
        out = stack.enter_context(_open_output(output, source))
        results = batch.run(
            batch.read_items(stream), options, workers=workers or batch.default_workers()
        )
        if show_progress:
            results = _with_progress(results, total)
        for result in results:
            items += 1
            failed += "error" in result
            out.write(json.dumps(result, ensure_ascii=False).encode() + b"\n")
        out.flush()
    if items == 0:
        raise fail(f"{source}: input is empty" if source != STDIN else "input is empty")
    if failed:
        raise fail(f"{failed} of {items} items failed", 1)


__all__ = ["batch_command"]
