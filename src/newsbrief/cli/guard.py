"""`newsbrief check`: the faithfulness guard on its own, for a summary from anywhere."""

from __future__ import annotations

import json
from typing import Any

import click

from newsbrief.cli.app import fail, format_option, handles_errors, main
from newsbrief.cli.inputs import open_binary, read_input, refuse_binary
from newsbrief.errors import ErrorCode, InputError, NewsbriefError
from newsbrief.guard import check
from newsbrief.reading.decoding import decode
from newsbrief.records import Item, load_json, read_items
from newsbrief.render import check_format, to_json

CHECK_FORMATS = ("text", "json")


def _text(path: str) -> str:
    text = decode(read_input(path)).strip()
    if not text:
        raise InputError(f"{path}: input is empty", code=ErrorCode.EMPTY_INPUT)
    return text


def _render(verdict: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return to_json(verdict)
    lines = [f"faithful: {'yes' if verdict['faithful'] else 'no'} (score {verdict['score']:.2f})"]
    for s in verdict["sentences"]:
        mark = "ok " if s["supported"] else "BAD"
        lines.append(f"{mark} {s['text']}")
        lines.extend(f"    - {r}" for r in s["reasons"])
    lines.extend(f"summary: {r}" for r in verdict.get("reasons", []))
    return "\n".join(lines)


@main.command("check")
@click.argument("article", metavar="ARTICLE_FILE", required=False)
@click.argument("summary", metavar="SUMMARY_FILE", required=False)
@click.option("--batch", "batch", metavar="IN.jsonl", help='{"id", "article", "summary"} lines')
@click.option("--output", "-o", metavar="OUT.jsonl", help="where --batch writes (default stdout)")
@format_option(CHECK_FORMATS)
@handles_errors
def check_command(
    article: str | None, summary: str | None, batch: str | None, output: str | None, fmt: str
) -> None:
    """Check a summary against its article: every number, date, name and quotation must occur
    in the article, and each sentence must stay close to its wording.

    JSON output: {"faithful", "score", "sentences": [{"text", "supported", "reasons"}]}. Exits 1
    when the summary is not faithful. With --batch, each output line adds faithful, score and
    sentences to its input line.
    """
    check_format(fmt, CHECK_FORMATS)
    if batch is not None:
        if article or summary:
            raise InputError(
                "give ARTICLE_FILE SUMMARY_FILE or --batch, not both", code=ErrorCode.USAGE
            )
        _check_batch(batch, output)
        return
    if not article or not summary:
        raise InputError(
            "give ARTICLE_FILE and SUMMARY_FILE (or --batch IN.jsonl)", code=ErrorCode.USAGE
        )
    verdict = check(_text(article), _text(summary)).to_dict()
    click.echo(_render(verdict, fmt))
    if not verdict["faithful"]:
        raise click.exceptions.Exit(1)


def _check_batch(path: str, output: str | None) -> None:
    """Check every line; exit 1 when a line could not be checked or a summary is unfaithful,
    as a single check does, with the counts on stderr."""
    lines = failures = checked = unfaithful = 0
    out = click.open_file(output or "-", "w", encoding="utf-8")
    with out, open_binary(path) as stream:
        refuse_binary(stream, path)
        for item in read_items(stream):
            lines += 1
            try:
                record = _checked(item)
            except NewsbriefError as error:
                failures += 1
                click.echo(f"error: line {item.line}: {error.message}", err=True)
                continue
            checked += 1
            unfaithful += not record["faithful"]
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    problems = []
    if failures:
        problems.append(f"{failures} of {lines} lines failed")
    if unfaithful:
        problems.append(f"{unfaithful} of {checked} summaries are not faithful")
    if problems:
        raise fail("; ".join(problems), 1)


def _checked(item: Item) -> dict[str, Any]:
    """The line's record with the guard's verdict added."""
    if item.data is None:
        raise InputError("line is too long", code=ErrorCode.TOO_LARGE)
    record = load_json(item.data)
    if not isinstance(record, dict):
        raise InputError("each line must be a JSON object", code=ErrorCode.INVALID_RECORD)
    text, written = record.get("article"), record.get("summary")
    if not isinstance(text, str) or not isinstance(written, str):
        raise InputError(
            "needs string fields 'article' and 'summary'", code=ErrorCode.MISSING_FIELD
        )
    record.update(check(text, written).to_dict())
    return record


__all__ = ["check_command"]
