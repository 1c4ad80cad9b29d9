"""`newsbrief ingest` and `newsbrief serve`: fill the reader site's database and serve it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from newsbrief.cli import extras
from newsbrief.cli.app import fail, handles_errors, main
from newsbrief.config import Settings

if TYPE_CHECKING:
    from newsbrief.storage.ingest import Source

_DATABASE_HELP = "database URL (default: $NEWSBRIEF_DATABASE_URL, else ./newsbrief.db)"


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=False))
@click.option("--database-url", help=_DATABASE_HELP)
@click.option("--quiet", "-q", is_flag=True, help="no progress bar")
@handles_errors
def ingest_command(paths: tuple[Path, ...], database_url: str | None, quiet: bool) -> None:
    """Store articles from text files, HTML pages, JSONL files and folders.

    A JSONL line holds one of "text" (or "article") or "html", and optionally "id" (a string or
    a number), "title", "url", "author" and "published" (ISO 8601). The same article (same URL or
    same body) is stored once.
    Exits 1 when any item failed.
    """
    extras.require("site", "newsbrief ingest")
    # Storage and ingestion load SQLAlchemy: imported here so `summarize` starts fast.
    from newsbrief.storage import open_store
    from newsbrief.storage.ingest import collect, count, ingest

    settings = Settings.from_env(database_url=database_url)
    store = open_store(settings.database_url, memory_cache_size=0)
    try:
        # Sources stream in one at a time; the bar's total comes from a counting pass first.
        sources = collect(paths)
        if quiet:
            report = ingest(store.articles, sources)
        else:
            total = count(paths)
            with click.progressbar(length=total, label="ingesting", show_pos=True) as bar:

                def advance(_source: Source) -> None:
                    bar.update(1)

                report = ingest(store.articles, sources, on_item=advance)
    finally:
        store.close()
    for name, message in report.failed:
        click.echo(f"failed: {name}: {message}", err=True)
    click.echo(report.summary_line())
    if report.failed:
        raise click.exceptions.Exit(1)


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--database-url", help=_DATABASE_HELP)
@click.option("--log-level", default="info", show_default=True)
@handles_errors
def serve_command(
    host: str, port: int, workers: int, database_url: str | None, log_level: str
) -> None:
    """Serve the reader site and the REST API (docs at /docs) with uvicorn."""
    extras.require("site", "newsbrief serve")
    import uvicorn

    from newsbrief.storage import open_store

    settings = Settings.from_env(database_url=database_url)
    # Migrate once here, not in each worker, so workers never race on the schema.
    open_store(settings.database_url, memory_cache_size=0).close()
    # Workers are separate processes that build their settings from the environment.
    os.environ["NEWSBRIEF_DATABASE_URL"] = settings.database_url
    if not settings.api_token:
        click.echo(
            "note: NEWSBRIEF_API_TOKEN is not set; POST /api/v1/articles is disabled", err=True
        )
    try:
        uvicorn.run(
            "newsbrief.web.app:app_from_env",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level=log_level,
            proxy_headers=False,
        )
    except OSError as error:
        raise fail(f"cannot serve on {host}:{port}: {error.strerror or error}") from None


__all__ = ["ingest_command", "serve_command"]
