"""`newsbrief extract`, `summarize` and `eval`, plus what every reading command shares.

Options that name a choice (``--method``, ``--format``) are plain strings checked here rather than
``click.Choice``: the error then has the project's one-line shape and lists the valid names, which
for methods come from the registry. Usage errors click finds itself (a missing argument, a word
where a number goes) get the same one-line shape through :class:`Command`.
"""

from __future__ import annotations

import stat
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, TypeVar

import click

from newsbrief import records, summarizers
from newsbrief.cli.app import fail, format_option, handles_errors, main
from newsbrief.config import LlmSettings
from newsbrief.errors import ErrorCode, InputError, NewsbriefError
from newsbrief.evaluation import RougeEvaluator, RougeScores
from newsbrief.models import Article
from newsbrief.pipeline import llm_settings
from newsbrief.reading.decoding import MAX_INPUT_BYTES, binary_kind, check_size
from newsbrief.reading.extraction import extract
from newsbrief.render import (
    ARTICLE_FORMATS,
    SUMMARY_FORMATS,
    check_format,
    render_article,
    render_summary,
    to_json,
)
from newsbrief.summarizers.base import SummaryOptions

F = TypeVar("F", bound=Callable[..., Any])

STDIN = "-"
EVAL_FORMATS = ("text", "json")
_MB = 1024 * 1024
_PEEK = 64 * 1024


def length_options(func: F) -> F:
    """``--method``, ``--sentences``, ``--words``, ``--ratio`` and ``--language``, shared by
    every command that summarizes."""
    methods = "|".join(summarizers.available())
    decorators = [
        click.option(
            "--method",
            "-m",
            default="news",
            show_default=True,
            metavar=methods,
            help="summarization method",
        ),
        click.option("--sentences", "-n", type=int, help="number of sentences (default 3)"),
        click.option(
            "--words", "-w", type=int, help="word ceiling; never exceeded (cuts one sentence)"
        ),
        click.option("--ratio", "-r", type=float, help="share of the sentences to keep, (0, 1]"),
        click.option(
            "--language", "-l", help="ISO 639-1 code of the text, e.g. en (default: detected)"
        ),
    ]
    for decorator in reversed(decorators):
        func = decorator(func)
    return func


def summary_options(
    method: str,
    sentences: int | None,
    words: int | None,
    ratio: float | None,
    language: str | None,
) -> SummaryOptions:
    """Validated options (an unknown method fails here, before any input is read)."""
    return SummaryOptions(
        method=method, sentences=sentences, words=words, ratio=ratio, language=language
    )


def check_readable(path: str) -> Path:
    """``path`` as a regular file, or an error saying what it is instead."""
    file = Path(path)
    try:
        mode = file.stat().st_mode
    except FileNotFoundError:
        raise InputError(f"no such file: {path}", code=ErrorCode.NOT_FOUND) from None
    except OSError as error:
        raise InputError(
            f"cannot read {path}: {error.strerror}", code=ErrorCode.UNREADABLE
        ) from None
    if stat.S_ISDIR(mode):
        raise InputError(f"{path} is a directory, not a file", code=ErrorCode.NOT_A_FILE)
    return file


def read_input(path: str) -> bytes:
    """The bytes of ``path`` (``-``: standard input), refusing oversized input before reading."""
    if path == STDIN:
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        if len(data) > MAX_INPUT_BYTES:
            limit = MAX_INPUT_BYTES // _MB
            raise InputError(f"input is over the {limit} MB limit", code=ErrorCode.TOO_LARGE)
        return data
    file = check_readable(path)
    try:
        check_size(file.stat().st_size)
        return file.read_bytes()
    except NewsbriefError as error:
        raise InputError(f"{path}: {error.message}", code=error.code) from None
    except OSError as error:
        raise InputError(
            f"cannot read {path}: {error.strerror}", code=ErrorCode.UNREADABLE
        ) from None


def extract_input(path: str, language: str | None) -> Article:
    """The article in ``path``; content errors name the file they came from."""
    data = read_input(path)
    try:
        return extract(data, language=language)
    except NewsbriefError as error:
        if path == STDIN:
            raise
        raise InputError(f"{path}: {error.message}", code=error.code) from None


@contextmanager
def open_binary(path: str) -> Iterator[BinaryIO]:
    """``path`` (``-``: standard input, left open) opened for streaming."""
    if path == STDIN:
        yield sys.stdin.buffer
        return
    file = check_readable(path)
    try:
        stream = file.open("rb")
    except OSError as error:
        raise InputError(
            f"cannot read {path}: {error.strerror}", code=ErrorCode.UNREADABLE
        ) from None
    with stream:
        yield stream


def refuse_binary(stream: BinaryIO, name: str) -> None:
    """Fail a whole JSONL run on a PNG or a ZIP given by mistake, rather than once per "line"."""
    peek = getattr(stream, "peek", None)
    head = peek(_PEEK)[:_PEEK] if callable(peek) else b""
    kind = binary_kind(head) if head else None
    if kind is not None:
        raise InputError(f"{name} looks like {kind}, not JSON lines", code=ErrorCode.BINARY_INPUT)


@main.command("extract")
@click.argument("source", metavar="PAGE|-")
@format_option(ARTICLE_FORMATS)
@click.option("--language", "-l", help="ISO 639-1 code of the text (default: detected)")
@handles_errors
def extract_command(source: str, fmt: str, language: str | None) -> None:
    """Print the article in an HTML page or a copied text page (PAGE, or - for stdin):
    title, byline, date, language, body, and the previous/next article links."""
    check_format(fmt, ARTICLE_FORMATS)
    click.echo(render_article(extract_input(source, language), fmt))


@main.command("summarize")
@click.argument("source", metavar="PATH|-")
@length_options
@format_option(SUMMARY_FORMATS)
@handles_errors
def summarize_command(
    source: str,
    method: str,
    sentences: int | None,
    words: int | None,
    ratio: float | None,
    language: str | None,
    fmt: str,
) -> None:
    """Summarize an article: plain text or an HTML page (detected), from PATH or - for stdin.

    Give at most one of --sentences, --words, --ratio (default: 3 sentences). JSON output holds
    each sentence's start/end offsets into the extracted article text (`newsbrief extract`).
    """
    options = summary_options(method, sentences, words, ratio, language)
    check_format(fmt, SUMMARY_FORMATS)
    llm = llm_settings(options.method)
    article = extract_input(source, language)
    summary = summarizers.summarize_document(summarizers.segment(article), options, llm)
    click.echo(render_summary(summary, fmt, article))
    if fmt == "text":
        for note in summary.notes:
            click.echo(f"note: {note}", err=True)


@dataclass(slots=True)
class EvalRun:
    """What an evaluation pass saw besides the scores."""

    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)


def _reference_pairs(
    items: Iterator[records.Item], options: SummaryOptions, llm: LlmSettings | None, run: EvalRun
) -> Iterator[tuple[list[str], str]]:
    """(summary sentences, reference) per item; a bad item is recorded, not fatal. Only the
    summarizing is timed, so articles/s measures the method rather than ROUGE."""
    for item in items:
        try:
            article, reference = _eval_record(records.item_bytes(item))
            started = time.perf_counter()
            summary = summarizers.summarize_document(summarizers.segment(article), options, llm)
            run.seconds += time.perf_counter() - started
        except NewsbriefError as error:
            run.failures.append(f"line {item.line}: {error.message}")
            continue
        yield [s.text for s in summary.sentences], reference


def _eval_record(data: bytes) -> tuple[Article, str]:
    """A data set line: an article record plus its ``reference`` summary."""
    fields = records.load_object(data)
    record = records.parse_mapping(fields)
    reference = fields.get("reference")
    if not isinstance(reference, str):
        raise InputError("missing field: 'reference' (a string)", code=ErrorCode.MISSING_FIELD)
    if record.kind == "html":
        return record.article(), reference
    # The data sets hold clean article bodies: scoring them as given (no page clean-up) is how
    # the benchmarks and the CI gate measure, so the figures agree.
    return Article(text=record.body), reference


@main.command("eval")
@click.argument("data", metavar="DATA.jsonl|-")
@length_options
@format_option(EVAL_FORMATS)
@handles_errors
def eval_command(
    data: str,
    method: str,
    sentences: int | None,
    words: int | None,
    ratio: float | None,
    language: str | None,
    fmt: str,
) -> None:
    """Score a method with ROUGE against the "reference" of each {"article", "reference"} line.

    Prints rouge1, rouge2 and rougeLsum (rouge-score, stemmed, F1 x 100), the number of articles
    and the summarizing speed. Exits 1 when some lines could not be scored.
    """
    options = summary_options(method, sentences, words, ratio, language)
    check_format(fmt, EVAL_FORMATS)
    llm = llm_settings(options.method)
    run = EvalRun()
    with open_binary(data) as stream:
        refuse_binary(stream, "the input" if data == STDIN else data)
        pairs = _reference_pairs(records.read_items(stream), options, llm, run)
        scores = RougeEvaluator().mean(pairs)
    total = scores.count + len(run.failures)
    for failure in run.failures:
        click.echo(f"error: {failure}", err=True)
    if total == 0:
        raise fail(f"{data}: input is empty" if data != STDIN else "input is empty")
    if scores.count:
        click.echo(_render_eval(method, scores, run, fmt))
    if run.failures:
        raise fail(f"{len(run.failures)} of {total} items failed", 1)


def _render_eval(method: str, scores: RougeScores, run: EvalRun, fmt: str) -> str:
    speed = scores.count / run.seconds if run.seconds > 0 else 0.0
    if fmt == "json":
        record: dict[str, object] = {
            "method": method,
            "count": scores.count,
            "failed": len(run.failures),
            **{name: round(value, 2) for name, value in scores.as_dict().items()},
            "articles_per_second": round(speed, 1),
        }
        return to_json(record)
    rows = [
        ("method", method),
        ("articles", str(scores.count)),
        *((name, f"{value:.2f}") for name, value in scores.as_dict().items()),
        ("articles/s", f"{speed:.1f}"),
    ]
    return "\n".join(f"{name:<11}{value}" for name, value in rows)


__all__ = [
    "check_readable",
    "eval_command",
    "extract_command",
    "length_options",
    "open_binary",
    "read_input",
    "refuse_binary",
    "summarize_command",
    "summary_options",
]
