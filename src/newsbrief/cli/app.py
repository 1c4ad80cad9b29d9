"""The click group every command module registers with, and the shared error handling."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import click

from newsbrief import __version__
from newsbrief.errors import NewsbriefError

P = ParamSpec("P")
R = TypeVar("R")

EXIT_INPUT = 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsbrief")
def main() -> None:
    """Extract news articles and summarize them, offline."""


def fail(message: str, status: int = EXIT_INPUT) -> click.exceptions.Exit:
    click.echo(f"error: {message}", err=True)
    return click.exceptions.Exit(status)


def handles_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn the project's errors (and a closed pipe or Ctrl-C) into one line and an exit code."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except NewsbriefError as error:
            raise fail(error.message) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except BrokenPipeError:
            raise click.exceptions.Exit(0) from None

    return wrapper
