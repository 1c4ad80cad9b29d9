"""`newsbrief feeds add | list | poll` on a feed file and a refused URL, their one-line errors,
and the poll interval."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from feed_site import item, rss, story

from newsbrief.cli import main
from newsbrief.cli.feeds import parse_interval


def test_feeds_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    database = ["--database-url", f"sqlite:///{tmp_path / 'nb.db'}"]
    feed_file = tmp_path / "local.rss"
    feed_file.write_bytes(rss([item("c1", "http://127.0.0.1/c1", story(10))]))
    added = runner.invoke(main, ["feeds", "add", str(feed_file), *database])
    assert added.exit_code == 0 and "added: feed 1" in added.output
    again = runner.invoke(main, ["feeds", "add", str(feed_file), *database])
    assert "already added" in again.output
    polled = runner.invoke(main, ["feeds", "poll", *database])
    assert polled.exit_code == 0, polled.output
    assert "Eastport Gazette: 1 new, 0 already stored, 0 skipped" in polled.output
    listed = runner.invoke(main, ["feeds", "list", *database])
    assert "Eastport Gazette\t1 entries" in listed.output
    # A loopback URL without --allow-private: recorded as failed, exit 1, one line.
    runner.invoke(main, ["feeds", "add", "http://127.0.0.1:9/feed", *database])
    refused = runner.invoke(main, ["feeds", "poll", *database])
    assert refused.exit_code == 1 and "refused to fetch from 127.0.0.1" in refused.output
    assert "1 failures" in runner.invoke(main, ["feeds", "list", *database]).output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["feeds", "poll", "--every", "soon"], "error: not an interval: 'soon'"),
        (["feeds", "add", "ftp://example.com/feed"], "error: not a feed URL or file"),
        (["feeds", "add", "missing.rss"], "error: no such file: missing.rss"),
    ],
)
def test_feeds_command_errors_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, [*args, "--database-url", f"sqlite:///{tmp_path / 'x.db'}"])
    assert result.exit_code == 2 and result.output.strip() == result.output.strip().splitlines()[0]
    assert message in result.output


def test_intervals() -> None:
    assert parse_interval("15m") == 900 and parse_interval("30s") == 30
    assert parse_interval("2h") == 7200 and parse_interval("45") == 45
    assert parse_interval("1d") == 86400
