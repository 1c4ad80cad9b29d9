"""The click group every command module registers with, and the shared error handling."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import click

from newsbrief.config import VERSION
from newsbrief.errors import NewsbriefError
from newsbrief.threads import single_threaded_numerics

P = ParamSpec("P")
R = TypeVar("R")
C = TypeVar("C", bound=Callable[..., Any])

EXIT_INPUT = 2
# sysexits.h EX_SOFTWARE: a bug in newsbrief, as opposed to bad input (2) or failed items (1).
EXIT_BUG = 70


class Command(click.Command):
    """A command whose usage errors are one ``error: ...`` line and exit 2, like all others, and
    whose bugs are one line and exit 70 too (``NEWSBRIEF_DEBUG=1`` shows the traceback)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            message = error.format_message()
            raise fail(message[:1].lower() + message[1:]) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as error:
            if os.environ.get("NEWSBRIEF_DEBUG"):
                raise
            name = type(error).__name__
            raise fail(f"internal error ({name}: {error}); please report it", EXIT_BUG) from None


class Group(click.Group):
    """Every subcommand is a :class:`Command`, wherever it is registered."""

    command_class = Command


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(VERSION, prog_name="newsbrief")
def main() -> None:
    """Extract news articles and summarize them, offline."""
    single_threaded_numerics()


def format_option(formats: tuple[str, ...]) -> Callable[[C], C]:
    """The ``--format/-f`` option every printing command shares (validated by the command)."""
    return click.option(
        "--format", "-f", "fmt", default="text", show_default=True, metavar="|".join(formats)
    )


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
