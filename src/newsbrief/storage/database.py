"""Engines and migrations: SQLite (WAL, immediate write transactions) or PostgreSQL by URL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy
from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.pool import ConnectionPoolEntry

from newsbrief.errors import ErrorCode, InputError

MIGRATIONS = Path(__file__).parent / "migrations"
# Execution option that makes a SQLite transaction take the write lock at BEGIN. A deferred
# transaction that reads and then writes cannot wait for the lock when another writer holds it and
# fails at once with "database is locked"; an immediate one waits up to the busy timeout.
WRITE = "newsbrief_write"


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A connection in a write transaction (on SQLite, BEGIN IMMEDIATE: see _configure_sqlite)."""
    with engine.connect() as connection:
        connection = connection.execution_options(**{WRITE: True})
        with connection.begin():
            yield connection


_BUSY_TIMEOUT_MS = 30_000


def create_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get WAL mode so readers never block the writer and a
    killed process leaves the last committed state behind."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise InputError(f"not a database URL: {url!r}", code=ErrorCode.INVALID_SETTING) from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = sqlalchemy.create_engine(
            parsed, connect_args={"check_same_thread": False, "timeout": _BUSY_TIMEOUT_MS / 1000}
        )
        _configure_sqlite(engine)
        return engine
    if parsed.get_backend_name() == "postgresql":
        # Sessions in UTC: timestamps come back in the session's zone, and a moment near either
        # end of the years Python holds (which records accept) would not fit in another zone.
        given = parsed.query.get("options", "")
        options = " ".join([*([given] if isinstance(given, str) else given), "-c timezone=UTC"])
        return sqlalchemy.create_engine(
            parsed,
            pool_pre_ping=True,
            pool_size=10,
            max_overflow=20,
            connect_args={"options": options.strip()},
        )
    raise InputError(
        f"unsupported database {parsed.get_backend_name()!r}; use sqlite:/// or postgresql+psycopg://",
        code=ErrorCode.INVALID_SETTING,
    )


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
        # Take transaction control from the sqlite3 module so BEGIN is ours (see WRITE).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        immediate = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def alembic_config(engine: Engine | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.set_main_option(
            "sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%")
        )
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (creating the database's tables on first use)."""
    _run_alembic(engine, command.upgrade, revision)


def downgrade(engine: Engine, revision: str) -> None:
    """Take the schema back to ``revision`` (``base``: no tables)."""
    _run_alembic(engine, command.downgrade, revision)


def _run_alembic(engine: Engine, step: Callable[[Config, str], None], revision: str) -> None:
    """One Alembic command in one write transaction on ``engine`` (see ``migrations/env.py``)."""
    config = alembic_config()
    with write_transaction(engine) as connection:
        config.attributes["connection"] = connection
        step(config, revision)


__all__ = ["WRITE", "create_engine", "downgrade", "migrate"]
