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


def test_the_edges_of_utc_round_trip_whatever_the_server_time_zone(
    store: Store, database_url: str
) -> None:
    """Sessions run in UTC: a server in Tokyo would hand 9999-12-31T23:30Z back as year 10000,
    which no Python datetime holds, and every listing showing it would fail."""
    if store.engine.dialect.name == "postgresql":
        with store.engine.connect() as connection:
            database = connection.execute(text("SELECT current_database()")).scalar_one()
            connection.execute(text(f"ALTER DATABASE \"{database}\" SET timezone = 'Asia/Tokyo'"))
            connection.commit()
    from newsbrief.storage import open_store

    fresh = open_store(database_url)
    try:
        late = fresh.articles.add(story(1, "9999-12-31T23:30:00Z")).id
        early = fresh.articles.add(story(2, "0001-01-01T00:00:00Z")).id
        assert [a.id for a in fresh.articles.latest().items] == [late, early]
        assert fresh.articles.neighbours(late).previous is not None
    finally:
        fresh.close()
        if store.engine.dialect.name == "postgresql":
            with store.engine.connect() as connection:
                connection.execute(text(f'ALTER DATABASE "{database}" RESET timezone'))
                connection.commit()
