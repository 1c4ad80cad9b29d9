"""The site's settings: one typed object, built once at the edge (CLI, app factory) and passed down.

Nothing else reads the environment; the core never sees these values.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path

from newsbrief.errors import ErrorCode, InputError


def _version() -> str:
    try:
        return metadata.version("newsbrief")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


# The installed package's version, as pyproject.toml gives it.
VERSION = _version()
DEFAULT_DATABASE_FILE = "newsbrief.db"


def default_database_url(directory: Path | None = None) -> str:
    """A SQLite file in the working directory, so `newsbrief serve` works with no setup."""
    base = (directory or Path.cwd()).resolve()
    return f"sqlite:///{base / DEFAULT_DATABASE_FILE}"


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InputError(
            f"{name} must be an integer, got {raw!r}", code=ErrorCode.INVALID_SETTING
        ) from None
    if value < 1:
        raise InputError(f"{name} must be at least 1, got {value}", code=ErrorCode.INVALID_SETTING)
    return value


# No slots: from_env reads the class-level defaults, which slots would replace with descriptors.
@dataclass(frozen=True)
class Settings:
    """Everything the site's edges need to know about their deployment."""

    database_url: str
    # None disables writing over HTTP: no token, no way in.
    api_token: str | None = None
    # Request bodies above this many bytes get 413 before they are parsed.
    max_body_bytes: int = 2_000_000
    # POST /api/v1/summarize computes on every call, so each client gets this many per minute.
    summarize_per_minute: int = 60
    page_size: int = 20
    # Summaries kept in each worker's memory on top of the database cache (they never change for
    # a given content hash, so the copy cannot go stale).
    memory_cache_size: int = 2048

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Read ``NEWSBRIEF_*`` variables; keyword overrides (from CLI flags) win."""
        env = os.environ if env is None else env
        token = env.get("NEWSBRIEF_API_TOKEN") or None
        settings = cls(
            database_url=env.get("NEWSBRIEF_DATABASE_URL") or default_database_url(),
            api_token=token,
            max_body_bytes=_int(env, "NEWSBRIEF_MAX_BODY_BYTES", cls.max_body_bytes),
            summarize_per_minute=_int(
                env, "NEWSBRIEF_SUMMARIZE_PER_MINUTE", cls.summarize_per_minute
            ),
            page_size=_int(env, "NEWSBRIEF_PAGE_SIZE", cls.page_size),
            memory_cache_size=_int(env, "NEWSBRIEF_MEMORY_CACHE_SIZE", cls.memory_cache_size),
        )
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(settings, **given) if given else settings  # type: ignore[arg-type]


__all__ = ["VERSION", "Settings", "default_database_url"]
