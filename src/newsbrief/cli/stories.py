"""`newsbrief stories cluster | timeline | catchup | rebuild`: stories for data teams.

The three file commands read JSONL lines with the one record parser (:mod:`newsbrief.records`),
report a bad line on stderr and go on, and show a progress bar on a terminal. A "text" or
"article" body is read as given, so the offsets of the output sentences point into it; an "html"
body is extracted first and the offsets point into the extracted text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

import click

from newsbrief import records
from newsbrief.cli import extras, progress
from newsbrief.cli.app import Group, fail, handles_errors, main
from newsbrief.cli.inputs import STDIN, check_readable, open_binary, open_output, refuse_binary
from newsbrief.config import Settings
from newsbrief.errors import ErrorCode, InputError, NewsbriefError
from newsbrief.stories.catchup import catch_up
from newsbrief.stories.dates import publication_day
from newsbrief.stories.features import article_terms
from newsbrief.stories.grouping import group
from newsbrief.stories.sentences import StoryArticle
from newsbrief.stories.timeline import SourcedSentence, timeline


@dataclass(frozen=True, slots=True)
class Line:
    """A readable input line: its number and the article it holds."""

    number: int
    article: StoryArticle


@dataclass(slots=True)
class Reading:
    lines: list[Line]
    failed: int = 0


def read_article(data: bytes) -> StoryArticle:
    """The article of a JSONL line (see the module's note on offsets)."""
    record = records.parse_line(data, require_id=True)
    text = record.body if record.kind == "text" else record.article().text
    if not text.strip():
        raise InputError("the article has no text", code=ErrorCode.EMPTY_INPUT)
    assert record.id is not None  # require_id
    return StoryArticle(record.id, text, publication_day(record.published), record.title)


def read_lines(source: str) -> Reading:
    """Every article of ``source``; each bad line is one ``error: line N: ...`` on stderr."""
    if source != STDIN:
        check_readable(source)
    reading = Reading([])
    with open_binary(source) as stream:
        refuse_binary(stream, "the input" if source == STDIN else source)
        items: Iterator[records.Item] = records.read_items(stream)
        if progress.wanted():
            items = progress.counted(items, None)
        for item in items:
            try:
                article = read_article(records.item_bytes(item))
            except NewsbriefError as error:
                click.echo(f"error: line {item.line}: {error.message}", err=True)
                reading.failed += 1
                continue
            reading.lines.append(Line(item.line, article))
    if not reading.lines and not reading.failed:
        raise fail(f"{source}: input is empty" if source != STDIN else "input is empty")
    return reading


def _finish(reading: Reading) -> None:
    if reading.failed:
        total = reading.failed + len(reading.lines)
        raise fail(f"{reading.failed} of {total} lines failed", 1)


def _sentence(sentence: SourcedSentence, *, with_date: bool = False) -> dict[str, object]:
    record: dict[str, object] = {
        "text": sentence.text,
        "id": sentence.article,
        "start": sentence.start,
        "end": sentence.end,
    }
    if with_date:
        record["date"] = sentence.day.isoformat() if sentence.day else None
    return record


def _write_json(out: BinaryIO, record: object) -> None:
    out.write(json.dumps(record, ensure_ascii=False, indent=2).encode() + b"\n")


@main.group("stories", cls=Group)
def stories_group() -> None:
    """Group articles into stories; a story's timeline; what is new since a date."""


_OUTPUT = click.option("--output", "-o", default=STDIN, show_default=True, metavar="OUT|-")


@stories_group.command("cluster")
@click.argument("source", metavar="IN.jsonl|-")
@_OUTPUT
@handles_errors
def cluster_command(source: str, output: str) -> None:
    """Group the articles of IN into stories: one {"id", "story"} line per article.

    A line holds "id", one of "text" (or "article") or "html", and optionally "title" and
    "published" (ISO 8601). Articles are taken in publication order, undated ones after them in
    file order; each joins the story it fits or starts a new one. Exits 1 when a line failed.
    """
    reading = read_lines(source)
    stories = group(
        [
            (article_terms(x.article.text, x.article.title), x.article.published)
            for x in reading.lines
        ]
    )
    with open_output(output, [source]) as out:
        for line, story in zip(reading.lines, stories, strict=True):
            row = {"id": line.article.id, "story": story}
            out.write(json.dumps(row, ensure_ascii=False).encode() + b"\n")
    _finish(reading)


@stories_group.command("timeline")
@click.argument("source", metavar="IN.jsonl|-")
@click.option("--dates", "-d", type=int, default=10, show_default=True, help="number of dates")
@click.option("--per-date", "-k", type=int, default=1, show_default=True, help="sentences a date")
@_OUTPUT
@handles_errors
def timeline_command(source: str, dates: int, per_date: int, output: str) -> None:
    """The timeline of the story whose articles are the lines of IN: its dates that matter,
    in order, each with sentences and the id and offsets of their article.

    Writes {"timeline": [{"date", "sentences": [{"text", "id", "start", "end"}]}]}.
    """
    reading = read_lines(source)
    entries = timeline([line.article for line in reading.lines], dates, per_date)
    record = {
        "timeline": [
            {"date": e.day.isoformat(), "sentences": [_sentence(s) for s in e.sentences]}
            for e in entries
        ]
    }
    with open_output(output, [source]) as out:
        _write_json(out, record)
    _finish(reading)


@stories_group.command("catchup")
@click.argument("source", metavar="IN.jsonl|-")
@click.option("--since", metavar="YYYY-MM-DD", help="what is new from this day on (default: all)")
@click.option("--sentences", "-n", type=int, default=5, show_default=True)
@_OUTPUT
@handles_errors
def catchup_command(source: str, since: str | None, sentences: int, output: str) -> None:
    """What the story in IN reported since a day, in a few sentences, each with its article.

    Writes {"since", "sentences": [{"text", "id", "start", "end", "date"}]}; with nothing
    published since then, the sentences are empty and stderr says so.
    """
    moment = _since(since)
    reading = read_lines(source)
    result = catch_up([line.article for line in reading.lines], moment, sentences)
    if result.nothing_new:
        click.echo(f"nothing new since {since}" if since else "nothing to tell", err=True)
    record = {
        "since": since,
        "sentences": [_sentence(s, with_date=True) for s in result.sentences],
    }
    with open_output(output, [source]) as out:
        _write_json(out, record)
    _finish(reading)


def _since(value: str | None) -> date | None:
    if value is None:
        return None
    day = publication_day(value)
    if day is None:
        raise InputError(
            f"--since must be a date such as 2011-02-01 (years 1900 to 2200), got {value!r}",
            code=ErrorCode.INVALID_OPTION,
        )
    return day


@stories_group.command("rebuild")
@click.option("--database-url", help="database URL (default: $NEWSBRIEF_DATABASE_URL)")
@handles_errors
def rebuild_command(database_url: str | None) -> None:
    """Group every stored article into stories again, from scratch, in publication order.

    The stories the site shows are replaced (their ids change); new articles are grouped as
    they arrive, so this is only needed after changing how stories are grouped.
    """
    extras.require("site", "newsbrief stories rebuild")
    from newsbrief.storage import open_store

    store = open_store(Settings.from_env(database_url=database_url).database_url)
    try:
        count = store.stories.rebuild()
    finally:
        store.close()
    click.echo(f"grouped {count.articles} articles into {count.stories} stories")


__all__ = [
    "catchup_command",
    "cluster_command",
    "read_article",
    "rebuild_command",
    "timeline_command",
]
