"""The Alembic migrations build exactly the schema the SQLAlchemy models declare, on SQLite and
PostgreSQL, and can be undone."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from newsbrief.storage import Repository, Store, create_engine, migrate
from newsbrief.storage.database import downgrade
from newsbrief.storage.feeds import FeedRepository
from newsbrief.storage.schema import Base


# The full-text index is not a model: it differs by database (an FTS5 table with its shadow
# tables and triggers on SQLite, an expression index on PostgreSQL) and only the migrations
# create it.
def _not_full_text(obj: Any, name: str | None, kind: str, reflected: bool, other: Any) -> bool:
    return name is None or not (name.startswith("articles_fts") or name == "ix_articles_fts")


def test_the_migrations_produce_exactly_the_models_schema(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"include_object": _not_full_text, "compare_type": True},
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_every_model_table_exists_after_migrating(store: Store) -> None:
    tables = set(inspect(store.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables


def test_the_migrations_can_be_undone_and_redone(tmp_path: Any) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'undo.db'}")
    migrate(engine)
    downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate(engine)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_0003_keeps_stored_articles_feeds_and_full_text_search(tmp_path: Any) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'upgrade.db'}")
    migrate(engine, "0002")
    now = datetime(2026, 3, 1, tzinfo=UTC)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO articles (url, content_hash, body, word_count, ingested_at, "
                "ordered_at) VALUES ('http://x.test/a', 'h1', 'The harbour wall opened.', 4, "
                ":now, :now)"
            ),
            {"now": now},
        )
        connection.execute(
            text("INSERT INTO feeds (url, added_at, failures) VALUES ('http://x.test/f', :n, 0)"),
            {"n": now},
        )
    migrate(engine)
    repository = Repository(engine)
    found = repository.search("harbour").items
    assert [(a.article.url, a.feed_id, a.via) for a in found] == [("http://x.test/a", None, None)]
    assert FeedRepository(engine).all()[0].last_error_code is None
    downgrade(engine, "0002")
    assert "via" not in {c["name"] for c in inspect(engine).get_columns("articles")}
    assert Repository(engine).count() == 1
    engine.dispose()


def test_0007_marks_the_articles_placed_by_their_date(tmp_path: Any) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'dated.db'}")
    migrate(engine, "0006")
    ingested = datetime(2026, 3, 1, tzinfo=UTC)
    rows = [
        ("h1", None, ingested),  # undated
        ("h2", "2015-01-02", datetime(2015, 1, 2, tzinfo=UTC)),  # placed by its date
        ("h3", "soon", ingested),  # a date storage could not read
    ]
    with engine.begin() as connection:
        for digest, published, ordered in rows:
            connection.execute(
                text(
                    "INSERT INTO articles (content_hash, body, published, word_count, "
                    "ingested_at, ordered_at) VALUES (:h, 'Text.', :p, 1, :i, :o)"
                ),
                {"h": digest, "p": published, "i": ingested, "o": ordered},
            )
    migrate(engine)
    with engine.connect() as connection:
        marks = connection.execute(text("SELECT content_hash, dated FROM articles ORDER BY id"))
        assert [(h, bool(d)) for h, d in marks] == [("h1", False), ("h2", True), ("h3", False)]
    assert [a.article.published for a in Repository(engine).latest().items] == [
        "2015-01-02",
        "soon",
        None,
    ]
    downgrade(engine, "0006")
    assert "dated" not in {c["name"] for c in inspect(engine).get_columns("articles")}
    engine.dispose()
