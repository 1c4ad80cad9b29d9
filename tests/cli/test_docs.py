"""Every command has help and is documented in docs/cli.md (as sqlite-utils checks its docs)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from newsbrief.cli import main

CLI_DOCS = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def commands(group: click.Group, prefix: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        yield path
        if isinstance(command, click.Group):
            yield from commands(command, path)


ALL = list(commands(main))


def test_the_command_list_is_not_empty() -> None:
    assert ("summarize",) in ALL and ("feeds", "poll") in ALL


@pytest.mark.parametrize("path", ALL, ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0, result.output
    usage, _, rest = result.output.partition("\n\n")
    assert usage.startswith("Usage: ")
    assert rest.strip(), f"newsbrief {' '.join(path)} has no help text"


@pytest.mark.parametrize("path", ALL, ids=" ".join)
def test_every_command_is_documented(path: tuple[str, ...]) -> None:
    docs = CLI_DOCS.read_text(encoding="utf-8")
    assert f"`newsbrief {' '.join(path)}`" in docs, f"docs/cli.md does not document {path}"
