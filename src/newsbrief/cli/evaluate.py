"""`newsbrief eval`: ROUGE of a method against reference summaries, and its speed."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field

import click

from newsbrief import records, summarizers
from newsbrief.cli import extras
from newsbrief.cli.app import fail, format_option, handles_errors, main
from newsbrief.cli.inputs import STDIN, open_binary, refuse_binary
from newsbrief.cli.options import length_options, summary_options
from newsbrief.config import LlmSettings
from newsbrief.errors import ErrorCode, InputError, NewsbriefError
from newsbrief.evaluation import RougeEvaluator, RougeScores
from newsbrief.models import Article
from newsbrief.pipeline import llm_settings
from newsbrief.render import check_format, to_json
from newsbrief.summarizers.base import SummaryOptions

EVAL_FORMATS = ("text", "json")


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
    points: int | None,
    language: str | None,
    fmt: str,
) -> None:
    """Score a method with ROUGE against the "reference" of each {"article", "reference"} line.

    Prints rouge1, rouge2 and rougeLsum (rouge-score, stemmed, F1 x 100), the number of articles
    and the summarizing speed. Exits 1 when some lines could not be scored.
    """
    extras.require("eval", "newsbrief eval")
    options = summary_options(method, sentences, words, ratio, language, points)
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


__all__ = ["eval_command"]
