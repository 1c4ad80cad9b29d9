"""`newsbrief extract` and `newsbrief summarize`: one article, from a file or standard input."""

from __future__ import annotations

import click

from newsbrief import summarizers
from newsbrief.cli.app import format_option, handles_errors, main
from newsbrief.cli.inputs import extract_input
from newsbrief.cli.options import length_options, summary_options
from newsbrief.pipeline import llm_settings
from newsbrief.render import (
    ARTICLE_FORMATS,
    SUMMARY_FORMATS,
    check_format,
    render_article,
    render_summary,
)


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
    points: int | None,
    language: str | None,
    fmt: str,
) -> None:
    """Summarize an article: plain text or an HTML page (detected), from PATH or - for stdin.

    Give at most one of --sentences, --words, --ratio, --points (default: 3 sentences). JSON holds
    each sentence's start/end offsets into the extracted article text (`newsbrief extract`).
    """
    options = summary_options(method, sentences, words, ratio, language, points)
    check_format(fmt, SUMMARY_FORMATS)
    llm = llm_settings(options.method)
    article = extract_input(source, language)
    summary = summarizers.summarize_document(summarizers.segment(article), options, llm)
    click.echo(render_summary(summary, fmt, article))
    if fmt == "text":
        for note in summary.notes:
            click.echo(f"note: {note}", err=True)


__all__ = ["extract_command", "summarize_command"]
