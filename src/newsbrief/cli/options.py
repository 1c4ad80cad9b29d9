"""The options every summarizing command shares (method, length, language).

Options that name a choice (``--method``, ``--format``) are plain strings checked by the core
rather than ``click.Choice``: the error then has the project's one-line shape and lists the valid
names, which for methods come from the registry. Usage errors click finds itself (a missing
argument, a word where a number goes) get the same one-line shape through
:class:`~newsbrief.cli.app.Command`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from newsbrief import summarizers
from newsbrief.summarizers.base import SummaryOptions

F = TypeVar("F", bound=Callable[..., Any])


def length_options(func: F) -> F:
    """``--method``, ``--sentences``, ``--words``, ``--ratio``, ``--points`` and
    ``--language``, shared by every command that summarizes."""
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
            "--points",
            "-p",
            type=int,
            help="key points: N distinct facts from the whole article, top to bottom",
        ),
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
    points: int | None = None,
) -> SummaryOptions:
    """Validated options (an unknown method fails here, before any input is read)."""
    return SummaryOptions(
        method=method,
        sentences=sentences,
        words=words,
        ratio=ratio,
        language=language,
        points=points,
    )


__all__ = ["length_options", "summary_options"]
