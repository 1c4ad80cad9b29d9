"""A command whose optional part is not installed says which extra brings it, in one line."""

from __future__ import annotations

from importlib import metadata

import pytest
from cli_texts import STORY, assert_clean_error, invoke

from newsbrief.cli import extras

EXTRAS = ["site", "feeds", "dask", "llm", "local-llm", "eval"]


@pytest.mark.parametrize("extra", EXTRAS)
def test_every_extra_is_installed_in_the_development_environment(extra: str) -> None:
    assert extras.distributions(extra)
    assert extras.missing(extra) == []


def test_an_extra_includes_the_extras_it_names() -> None:
    assert extras.distributions("site") < extras.distributions("feeds")
    assert set().union(*map(extras.distributions, EXTRAS)) == extras.distributions("all")


def _without(monkeypatch: pytest.MonkeyPatch, absent: str) -> None:
    real = metadata.version

    def version(name: str) -> str:
        if name == absent:
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(metadata, "version", version)


@pytest.mark.parametrize(
    ("absent", "args", "extra"),
    [
        ("fastapi", ["serve"], "site"),
        ("sqlalchemy", ["ingest", "story.txt"], "site"),
        ("feedparser", ["feeds", "list"], "feeds"),
        ("rouge-score", ["eval", "data.jsonl"], "eval"),
        ("pyarrow", ["batch", "data.jsonl", "-o", "out.jsonl", "--engine", "dask"], "dask"),
        ("xllamacpp", ["llm", "serve"], "local-llm"),
    ],
)
def test_a_missing_extra_is_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, absent: str, args: list[str], extra: str
) -> None:
    _without(monkeypatch, absent)
    assert_clean_error(invoke(*args), absent, f"pip install 'newsbrief[{extra}]'")


def test_the_core_commands_need_no_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in extras.distributions("all"):
        _without(monkeypatch, name)
    assert invoke("summarize", "-", input=STORY).exit_code == 0
