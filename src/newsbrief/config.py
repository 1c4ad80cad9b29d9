"""The settings: one typed object, built once at the edge (a CLI command, the app factory, the
library's front door) and passed down by value.

:class:`Settings` is the site's; its ``llm`` field is the LLM server's (:class:`LlmSettings`), which
the summarizer registry hands to the methods that call a server. ``from_env`` is the only code that
reads ``NEWSBRIEF_*`` variables; an invalid value is one :class:`InputError` there, at startup.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
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
NOT_CONFIGURED = "llm is not configured: set NEWSBRIEF_LLM_URL (e.g. http://127.0.0.1:8080/v1)"


def default_database_url(directory: Path | None = None) -> str:
    """A SQLite file in the working directory, so `newsbrief serve` works with no setup."""
    base = (directory or Path.cwd()).resolve()
    return f"sqlite:///{base / DEFAULT_DATABASE_FILE}"


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    """A whole number of at least 1 from ``env[name]``, or ``default`` when it is unset."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise _invalid(f"{name} must be an integer, got {raw!r}") from None
    if value < 1:
        raise _invalid(f"{name} must be at least 1, got {value}")
    return value


def _number(env: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    """A number in [low, high] from ``env[name]``, or ``default`` when it is unset."""
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise _invalid(f"{name} must be a number, got {raw!r}") from None
    if not low <= value <= high:
        raise _invalid(f"{name} must be in [{low:g}, {high:g}], got {raw}")
    return value


def _invalid(message: str) -> InputError:
    return InputError(message, code=ErrorCode.INVALID_SETTING)


# No slots: from_env reads the class-level defaults, which slots would replace with descriptors.
@dataclass(frozen=True)
class LlmSettings:
    """Where the OpenAI-compatible server is and how patiently to ask it. The API key is kept out
    of ``repr`` and therefore out of every log line and traceback."""

    url: str
    model: str = "default"
    api_key: str | None = field(default=None, repr=False)
    # Seconds for the whole exchange with the server, per attempt (connect, first token, read).
    timeout: float = 30.0
    # Attempts after the first on 429, 5xx or a dropped connection; waits backoff, 2x, 4x ...
    retries: int = 2
    backoff: float = 0.5
    # Articles longer than this (estimated tokens) are cut at a sentence boundary, lead first.
    max_input_tokens: int = 1500
    # The answer's ceiling; the requested length sets a tighter one.
    max_output_tokens: int = 256

    @property
    def chat_url(self) -> str:
        base = self.url.rstrip("/")
        if base.endswith("/chat/completions"):
            return base
        return f"{base}/chat/completions" if base.endswith("/v1") else f"{base}/v1/chat/completions"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> LlmSettings | None:
        """The ``NEWSBRIEF_LLM_*`` settings in ``env`` (default: the process environment);
        ``None`` when ``NEWSBRIEF_LLM_URL`` is unset, so the ``llm`` method falls back."""
        env = os.environ if env is None else env
        url = env.get("NEWSBRIEF_LLM_URL", "").strip()
        if not url:
            return None
        if not url.startswith(("http://", "https://")):
            raise InputError(
                f"NEWSBRIEF_LLM_URL must be an http(s) URL, got {url!r}",
                code=ErrorCode.INVALID_SETTING,
            )
        return cls(
            url=url,
            model=env.get("NEWSBRIEF_LLM_MODEL", "").strip() or cls.model,
            api_key=env.get("NEWSBRIEF_LLM_API_KEY", "").strip() or None,
            timeout=_number(env, "NEWSBRIEF_LLM_TIMEOUT", cls.timeout, 0.1, 600),
            retries=int(_number(env, "NEWSBRIEF_LLM_RETRIES", cls.retries, 0, 10)),
            max_input_tokens=int(
                _number(env, "NEWSBRIEF_LLM_MAX_INPUT_TOKENS", cls.max_input_tokens, 64, 200_000)
            ),
        )


# No slots, as above.
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
    # Expensive requests (computing a summary, extracting a page, asking the LLM) one client
    # address may have in flight at once in a worker; more are refused with 429 at once.
    busy_per_client: int = 2
    # Threads per worker that compute summaries and extract pages (CPU-bound: more only adds
    # GIL contention for the cheap requests), and the computing requests a worker admits at
    # once, running or waiting for one of those threads.
    compute_threads: int = 2
    max_computing: int = 16
    # LLM requests (streams included) a worker runs at once, each on its own thread, and how
    # many of them one client address may start per minute.
    llm_concurrency: int = 16
    llm_per_minute: int = 30
    page_size: int = 20
    # Summaries kept in each worker's memory on top of the database cache (they never change for
    # a given content hash, so the copy cannot go stale).
    memory_cache_size: int = 2048
    # The LLM server of the `llm` method; None: not configured (that method falls back to news).
    llm: LlmSettings | None = None
    # The widget's summaries by URL: seconds before a page is checked again for changes, and the
    # requests per minute that make newsbrief fetch or summarize, per client and per site.
    embed_ttl: float = 300.0
    embed_per_minute: int = 30
    embed_site_per_minute: int = 600

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
            busy_per_client=_int(env, "NEWSBRIEF_BUSY_PER_CLIENT", cls.busy_per_client),
            compute_threads=_int(env, "NEWSBRIEF_COMPUTE_THREADS", cls.compute_threads),
            max_computing=_int(env, "NEWSBRIEF_MAX_COMPUTING", cls.max_computing),
            llm_concurrency=_int(env, "NEWSBRIEF_LLM_CONCURRENCY", cls.llm_concurrency),
            llm_per_minute=_int(env, "NEWSBRIEF_LLM_PER_MINUTE", cls.llm_per_minute),
            page_size=_int(env, "NEWSBRIEF_PAGE_SIZE", cls.page_size),
            memory_cache_size=_int(env, "NEWSBRIEF_MEMORY_CACHE_SIZE", cls.memory_cache_size),
            llm=LlmSettings.from_env(env),
            embed_ttl=_number(env, "NEWSBRIEF_EMBED_TTL", cls.embed_ttl, 0.1, 86_400),
            embed_per_minute=_int(env, "NEWSBRIEF_EMBED_PER_MINUTE", cls.embed_per_minute),
            embed_site_per_minute=_int(
                env, "NEWSBRIEF_EMBED_SITE_PER_MINUTE", cls.embed_site_per_minute
            ),
        )
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(settings, **given) if given else settings  # type: ignore[arg-type]


__all__ = ["NOT_CONFIGURED", "VERSION", "LlmSettings", "Settings", "default_database_url"]
