"""`newsbrief feeds add | list | poll` on a feed file and a refused URL, their one-line errors,
and the poll interval."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest
from cli_texts import NEWSBRIEF
from click.testing import CliRunner
from feed_site import Route, item, rss, serving, story

from newsbrief.cli import main
from newsbrief.cli.feeds import parse_interval
from newsbrief.storage import open_store


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
        (["feeds", "add", "http://[oops/feed"], "error: not a feed URL"),
        (["feeds", "remove", "x"], "error: invalid value for 'ID'"),
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


def _database(tmp_path: Path) -> list[str]:
    return ["--database-url", f"sqlite:///{tmp_path / 'nb.db'}"]


def test_a_hostile_entry_is_a_note_not_a_crash(tmp_path: Path) -> None:
    runner = CliRunner()
    feed_file = tmp_path / "hostile.json"
    feed_file.write_text(
        json.dumps(
            {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [
                {"id": "1", "url": "http://[oops", "authors": 5, "content_text": story(40),
                 "date_published": "9999-12-31T23:59:59-23:59"},
                {"id": "2", "content_html": ["x"]},
                {"id": "3", "title": "Lone \ud800 surrogate", "content_text": story(43) + "\udfff"},
            ]}
        )
    )  # fmt: skip
    runner.invoke(main, ["feeds", "add", str(feed_file), *_database(tmp_path)])
    for _round in range(2):
        polled = runner.invoke(main, ["feeds", "poll", "--force", *_database(tmp_path)])
        assert polled.exit_code == 0, polled.output
    assert "note: entry 1: ignored" in polled.output
    store = open_store(_database(tmp_path)[1])
    try:
        titles = [a.title for a in store.articles.latest().items]
    finally:
        store.close()
    assert sorted(titles) == ["Lone ? surrogate", "Untitled article"]


def test_allow_private_retries_a_refused_feed_force_and_remove(tmp_path: Path) -> None:
    runner = CliRunner()
    database = _database(tmp_path)
    with serving() as site:
        site.routes["/feed"] = Route(rss([item("p1", site.url("/p1"), story(41))]))
        runner.invoke(main, ["feeds", "add", site.url("/feed"), *database])
        refused = runner.invoke(main, ["feeds", "poll", *database])
        assert refused.exit_code == 1 and "use --allow-private" in refused.output
        # The error's own advice works at once, backoff or not.
        allowed = runner.invoke(main, ["feeds", "poll", "--allow-private", *database])
        assert allowed.exit_code == 0 and "1 new" in allowed.output, allowed.output
        site.routes["/feed"] = Route(b"down", status=503)
        runner.invoke(main, ["feeds", "poll", "--allow-private", "--force", *database])
        waiting = runner.invoke(main, ["feeds", "poll", "--allow-private", *database])
        assert "backing off" in waiting.output
        site.routes["/feed"] = Route(rss([item("p2", site.url("/p2"), story(42))]))
        forced = runner.invoke(main, ["feeds", "poll", "--allow-private", "--force", *database])
        assert forced.exit_code == 0 and "1 new" in forced.output, forced.output
    removed = runner.invoke(main, ["feeds", "remove", "1", *database])
    assert removed.exit_code == 0 and "removed feed 1" in removed.output, removed.output
    assert "no feeds yet" in runner.invoke(main, ["feeds", "list", *database]).output
    again = runner.invoke(main, ["feeds", "remove", "1", *database])
    assert again.exit_code == 2 and "no feed 1" in again.output
    # The articles stay.
    store = open_store(database[1])
    try:
        assert store.articles.count() == 2
    finally:
        store.close()


@pytest.mark.skipif(not NEWSBRIEF.exists(), reason="console script absent")
def test_poll_every_keeps_going_past_failing_and_hostile_feeds(tmp_path: Path) -> None:
    runner = CliRunner()
    hostile = tmp_path / "hostile.json"
    hostile.write_text(
        json.dumps(
            {"version": "https://jsonfeed.org/version/1.1", "items": [
                {"id": "1", "url": "http://[oops", "authors": {"a": 1}, "content_html": [1]}]}
        )
    )  # fmt: skip
    runner.invoke(main, ["feeds", "add", str(hostile), *_database(tmp_path)])
    runner.invoke(main, ["feeds", "add", "http://127.0.0.1:9/refused", *_database(tmp_path)])
    log = tmp_path / "stderr.txt"
    with log.open("w") as stderr:
        process = subprocess.Popen(
            [str(NEWSBRIEF), "feeds", "poll", "--every", "0.2s", *_database(tmp_path)],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )
    try:
        deadline = time.monotonic() + 60
        while log.read_text().count("polled 2 feeds") < 3 and process.poll() is None:
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.05)
        assert process.poll() is None, log.read_text()  # still polling, round after round
    finally:
        process.terminate()
        process.wait(timeout=30)
