"""Shared fixtures: real databases (SQLite files and a throwaway PostgreSQL cluster), the web app.

Storage and web tests take ``store`` (or ``database_url``) and so run twice, once per database.
The PostgreSQL cluster is started from Debian's binaries for the session; PostgreSQL refuses to
run as root, so under root (as in CI) it runs as the ``postgres`` system user via ``runuser``.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from newsbrief.config import Settings
from newsbrief.storage import Store, open_store
from newsbrief.web.app import create_app

# Property tests judge results, not speed: a loaded machine (CI, several test runs at once) must
# not fail them on hypothesis' per-example deadline. Speed has its own benchmarks.
hypothesis_settings.register_profile(
    "newsbrief", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("newsbrief")

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
API_TOKEN = "test-token-0123456789"
DATABASES = ["sqlite", "postgresql"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _postgres_bin() -> Path | None:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "pg_ctl").exists():
            return candidate
    found = shutil.which("pg_ctl")
    return Path(found).parent if found else None


def _missing(reason: str) -> None:
    # CI installs PostgreSQL (scripts/system-deps.sh): there a missing server is a failure.
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@dataclass
class PostgresServer:
    bin: Path
    base: Path
    port: int
    prefix: list[str]

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres") -> None:
        subprocess.run(
            [
                *self.prefix,
                str(self.bin / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                database,
                "-v",
                "ON_ERROR_STOP=1",
                "-q",
                "-c",
                sql,
            ],
            check=True,
            capture_output=True,
        )

    def create_database(self, name: str) -> str:
        self.psql(f'DROP DATABASE IF EXISTS "{name}"')
        self.psql(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _run_as_postgres() -> list[str]:
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "postgres"], check=True)
    return ["runuser", "-u", "postgres", "--"]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL cluster in a temporary folder, on a free loopback port, for this session."""
    bin_dir = _postgres_bin()
    if bin_dir is None:
        _missing("PostgreSQL server binaries not found (apt-get install postgresql)")
        raise AssertionError  # unreachable: _missing raises
    prefix = _run_as_postgres()
    base = Path(tempfile.mkdtemp(prefix="newsbrief-pg-"))
    if prefix:
        shutil.chown(base, "postgres", "postgres")
    data = base / "data"
    port = free_port()
    subprocess.run(
        [
            *prefix,
            str(bin_dir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        ],
        check=True,
        capture_output=True,
    )
    # Durability settings off: a test cluster trades crash safety for speed.
    options = (
        f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    pg_ctl = [*prefix, str(bin_dir / "pg_ctl"), "-D", str(data)]
    subprocess.run(
        [*pg_ctl, "-l", str(base / "server.log"), "-o", options, "-w", "start"],
        check=True,
        capture_output=True,
    )
    server = PostgresServer(bin_dir, base, port, prefix)
    try:
        yield server
    finally:
        subprocess.run([*pg_ctl, "-m", "immediate", "-w", "stop"], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_test_url(postgres_server: PostgresServer) -> str:
    """One migrated database shared by the tests; each test starts with its tables emptied."""
    url = postgres_server.create_database("newsbrief_test")
    open_store(url).close()
    return url


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'newsbrief.db'}"
    url: str = request.getfixturevalue("postgres_test_url")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    server.psql("TRUNCATE articles, summaries RESTART IDENTITY", database="newsbrief_test")
    return url


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    opened = open_store(database_url)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, api_token=API_TOKEN)


@pytest.fixture
def app(settings: Settings, store: Store) -> FastAPI:
    return create_app(settings, store=store)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {API_TOKEN}"}


@pytest.fixture
def shared_data() -> Path:
    """The project's shared development data; tests that need it skip where it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"{SHARED_DATA} is absent")
    return SHARED_DATA
