"""`newsbrief feeds add | list | poll | remove`: subscribe to RSS, Atom and JSON feeds; store
their stories."""

from __future__ import annotations

import logging
import os
import re
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import click

from newsbrief.cli import extras
from newsbrief.cli.app import Group, fail, handles_errors, main
from newsbrief.config import Settings
from newsbrief.errors import ErrorCode, InputError

if TYPE_CHECKING:
    from newsbrief.feeds.poll import Poller, PollResult
    from newsbrief.storage import Store

_DATABASE_HELP = "database URL (default: $NEWSBRIEF_DATABASE_URL, else ./newsbrief.db)"
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")


def parse_interval(value: str) -> float:
    """``15m`` / ``30s`` / ``2h`` / ``1d`` (a bare number is seconds) as seconds."""
    match = _INTERVAL.match(value)
    if not match or float(match.group(1)) <= 0:
        message = f"not an interval: {value!r} (e.g. 30s, 15m, 2h, 1d)"
        raise InputError(message, code=ErrorCode.INVALID_OPTION)
    return float(match.group(1)) * _UNITS[match.group(2) or "s"]


def _open(database_url: str | None) -> Store:
    from newsbrief.storage import open_store

    return open_store(
        Settings.from_env(database_url=database_url).database_url, memory_cache_size=0
    )


@main.group("feeds", cls=Group)
@handles_errors
def feeds_group() -> None:
    """Subscribe to RSS, Atom and JSON feeds; poll them into the reader site's database."""
    extras.require("feeds", "newsbrief feeds")


@feeds_group.command("add")
@click.argument("source", metavar="URL|FILE")
@click.option("--database-url", help=_DATABASE_HELP)
@handles_errors
def add_command(source: str, database_url: str | None) -> None:
    """Subscribe to the feed at URL, or a feed file on this machine."""
    from newsbrief.storage.feeds import FeedRepository

    try:
        parts = urlsplit(source)
        scheme, host = parts.scheme, parts.hostname
    except ValueError:
        raise fail(f"not a feed URL: {source}") from None
    if scheme in ("http", "https"):
        if not host:
            raise fail(f"not a feed URL: {source}")
        url = source
    elif scheme in ("", "file"):
        path = Path(parts.path if scheme == "file" else source)
        if not path.is_file():
            raise fail(f"no such file: {source}")
        url = path.resolve().as_uri()
    else:
        raise fail(f"not a feed URL or file: {source} (http, https or a path)")
    store = _open(database_url)
    try:
        feed, created = FeedRepository(store.engine).add(url)
    finally:
        store.close()
    click.echo(f"{'added' if created else 'already added'}: feed {feed.id} {feed.url}")


@feeds_group.command("list")
@click.option("--database-url", help=_DATABASE_HELP)
@handles_errors
def list_command(database_url: str | None) -> None:
    """The subscribed feeds: id, entries taken, last poll, failures and the last error."""
    from newsbrief.storage.feeds import FeedRepository

    store = _open(database_url)
    try:
        feeds = FeedRepository(store.engine).all()
    finally:
        store.close()
    if not feeds:
        click.echo("no feeds yet; add one with: newsbrief feeds add URL")
        return
    for feed in feeds:
        polled = feed.last_polled.strftime("%Y-%m-%d %H:%M UTC") if feed.last_polled else "never"
        line = (
            f"{feed.id}\t{feed.url}\t{feed.title or '-'}\t{feed.entries} entries\tpolled {polled}"
        )
        if feed.failures:
            retry = feed.next_poll.strftime("%H:%M UTC") if feed.next_poll else "next poll"
            line += f"\t{feed.failures} failures, retry after {retry}: {feed.last_error}"
        click.echo(line)


def _report(result: PollResult) -> None:
    """One feed's outcome, printed as it finishes (feeds finish in any order)."""
    if result.error is not None:
        click.echo(f"failed: {result.name}: {result.error}", err=True)
        return
    if result.not_modified:
        click.echo(f"{result.name}: not modified")
        return
    click.echo(
        f"{result.name}: {result.added} new, {result.known} already stored, "
        f"{len(result.skipped)} skipped"
    )
    for label, reason in result.skipped:
        click.echo(f"  skipped: {label}: {reason}", err=True)
    for note in result.notes:
        click.echo(f"  note: {note}", err=True)


@feeds_group.command("remove")
@click.argument("feed_id", metavar="ID", type=int)
@click.option("--database-url", help=_DATABASE_HELP)
@handles_errors
def remove_command(feed_id: int, database_url: str | None) -> None:
    """Unsubscribe from feed ID (see `feeds list`); the stories it brought stay."""
    from newsbrief.storage.feeds import FeedRepository

    store = _open(database_url)
    try:
        feed, entries = FeedRepository(store.engine).remove(feed_id)
    finally:
        store.close()
    click.echo(f"removed feed {feed.id} {feed.url} ({entries} entries; their articles stay)")


@feeds_group.command("poll")
@click.option("--every", metavar="15m", help="poll again at this interval until interrupted")
@click.option(
    "--fetch-pages",
    is_flag=True,
    envvar="NEWSBRIEF_FEEDS_FETCH_PAGES",
    help="take a teaser entry's text from its linked page",
)
@click.option(
    "--allow-private",
    is_flag=True,
    envvar="NEWSBRIEF_FEEDS_ALLOW_PRIVATE",
    help="allow private, loopback and link-local addresses (refused by default)",
)
@click.option("--force", is_flag=True, help="poll every feed now, even those backing off")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    default=15.0,
    show_default=True,
    help="seconds a whole fetch may take (redirects included)",
)
@click.option(
    "--host-delay",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    help="seconds between requests to one host",
)
@click.option(
    "--max-entries",
    type=click.IntRange(min=1),
    default=200,
    show_default=True,
    help="entries read per feed and poll, newest first",
)
@click.option("--database-url", help=_DATABASE_HELP)
@handles_errors
def poll_command(
    every: str | None,
    fetch_pages: bool,
    allow_private: bool,
    force: bool,
    timeout: float,
    host_delay: float,
    max_entries: int,
    database_url: str | None,
) -> None:
    """Fetch every due feed (several at once) and store its new entries. Failing feeds are
    retried with backoff.

    Exits 1 when a feed failed in a single poll; with --every it keeps going until Ctrl-C.
    """
    from newsbrief.feeds.poll import Poller
    from newsbrief.net.fetch import Fetcher, Policy
    from newsbrief.storage.feeds import FeedRepository

    interval = parse_interval(every) if every is not None else None
    if os.environ.get("NEWSBRIEF_DEBUG"):
        # A feed's unexpected failure is one line in the report; here with its traceback.
        feeds_log = logging.getLogger("newsbrief.feeds")
        feeds_log.addHandler(logging.StreamHandler())
        feeds_log.setLevel(logging.DEBUG)
    store = _open(database_url)
    try:
        fetcher = Fetcher(
            Policy(allow_private=allow_private), timeout=timeout, host_delay=host_delay
        )
        poller = Poller(
            FeedRepository(store.engine),
            store.articles,
            fetcher,
            fetch_pages,
            max_entries=max_entries,
            force=force,
        )
        if interval is None:
            results = _poll_round(poller)
            failed = sum(r.error is not None for r in results)
            if failed:
                raise fail(f"{failed} of {len(results)} feeds failed", 1)
            return
        _poll_every(poller, interval, every or "")
    finally:
        store.close()


def _poll_every(poller: Poller, interval: float, every: str) -> None:
    """Poll round after round until interrupted: a round that fails as a whole (the database
    away) is reported and the next one tried, like a failing feed."""
    while True:
        try:
            count = f"{len(_poll_round(poller))} feeds"
        except Exception as error:
            count = f"nothing ({type(error).__name__}: {error})"
        stamp = datetime.now(UTC).strftime("%H:%M:%S UTC")
        click.echo(f"polled {count} at {stamp}; next in {every}", err=True)
        time.sleep(interval)


def _poll_round(poller: Poller) -> list[PollResult]:
    """Every due feed polled once, each reported as it finishes."""
    results = poller.poll(on_feed=_report)
    if not results:
        click.echo("no feeds yet; add one with: newsbrief feeds add URL")
    return results


__all__ = ["feeds_group", "parse_interval"]
