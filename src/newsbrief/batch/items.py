"""One batch item's output row, the same for both engines: its summary, or why it failed.

A summarized item is ``{"id", **summary_record(summary)}``; a failed one is
``{"id", "line", "error"}``. The Dask engine adds ``key`` (what names a result across resumed
runs) to both, and ``source`` (the input file) to a failed one; the local engine adds ``source``
to a failed one when the run reads several inputs. Either way the fields come in one order:
``id``, ``key``, ``source``, then the rest.
"""

from __future__ import annotations

from newsbrief import summarizers
from newsbrief.errors import NewsbriefError
from newsbrief.models import Article
from newsbrief.records import Record
from newsbrief.render import summary_record
from newsbrief.summarizers.base import Summary, SummaryOptions

Row = dict[str, object]
ItemId = str | int | None
CRASHED = "the worker process crashed on this item"


def summary_row(item_id: ItemId, summary: Summary, *, key: str | None = None) -> Row:
    """The row of an item that was summarized."""
    row: Row = {"id": item_id}
    if key is not None:
        row["key"] = key
    row.update(summary_record(summary))
    return row


def error_row(
    item_id: ItemId, line: int, message: str, *, key: str | None = None, source: str | None = None
) -> Row:
    """The row of an item that could not be summarized; ``line`` counts from 1 in its input."""
    row: Row = {"id": item_id}
    if key is not None:
        row["key"] = key
    if source is not None:
        row["source"] = source
    row.update(line=line, error=message)
    return row


def with_source(row: Row, source: str) -> Row:
    """A failed row of a run over several inputs: the same row, naming its input."""
    head: Row = {name: row[name] for name in ("id", "key") if name in row}
    rest = {name: value for name, value in row.items() if name not in head}
    return {**head, "source": source, **rest}


def error_message(error: Exception) -> str:
    """What a failed row says about the exception that stopped its item. Anything, a bug
    included, ends one item only: a long run goes on."""
    if isinstance(error, NewsbriefError):
        return error.message
    if isinstance(error, RecursionError):
        return "input is nested too deeply to parse"
    return f"internal error ({type(error).__name__}: {error})"


def article_for(record: Record, options: SummaryOptions) -> Article:
    """The record's article for a batch summary. Its language is identified only for a method
    that reads it (an abstractive one): batch output never shows it, and identifying it cost a
    third of an extractive run."""
    identify = options.method in summarizers.ABSTRACTIVE
    return record.article(language=options.language, identify_language=identify)


__all__ = [
    "CRASHED",
    "ItemId",
    "Row",
    "article_for",
    "error_message",
    "error_row",
    "summary_row",
    "with_source",
]
