"""Engines: SQLite settings."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from newsbrief.models import Article
from newsbrief.storage import Store

BODY = (
    "The city council approved a new bus network on Tuesday after two years of debate.\n\n"
    "Routes will run every ten minutes on the busiest corridors, officials said."
)


def story(n: int, published: str | None = None, **fields: str) -> Article:
    return Article(
        text=f"Story number {n} reports that event {n} happened. Witnesses described it in detail.",
        title=fields.get("title", f"Story {n}"),
        url=fields.get("url"),
        published=published,
    )


def test_sqlite_runs_in_wal_mode(store: Store) -> None:
    if store.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only")
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
