"""The LLM server's settings, read from ``NEWSBRIEF_LLM_*`` at the edge (never at import).

The API key is kept out of ``repr`` and therefore out of every log line and traceback.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from newsbrief.errors import ErrorCode, InputError, UpstreamError

NOT_CONFIGURED = "llm is not configured: set NEWSBRIEF_LLM_URL (e.g. http://127.0.0.1:8080/v1)"


def _number(env: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise InputError(
            f"{name} must be a number, got {raw!r}", code=ErrorCode.INVALID_SETTING
        ) from None
    if not low <= value <= high:
        raise InputError(
            f"{name} must be in [{low:g}, {high:g}], got {raw}", code=ErrorCode.INVALID_SETTING
        )
    return value


# No slots: from_env reads the class-level defaults, which slots would replace with descriptors.
@dataclass(frozen=True)
class LlmConfig:
    """Where the server is and how patiently to ask it."""

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
    def from_env(cls, env: Mapping[str, str] | None = None) -> LlmConfig:
        """The configuration in ``env`` (default: the process environment); raises
        ``UpstreamError`` (code ``llm_not_configured``) when no server URL is set."""
        env = os.environ if env is None else env
        url = env.get("NEWSBRIEF_LLM_URL", "").strip()
        if not url:
            raise UpstreamError(NOT_CONFIGURED, code=ErrorCode.LLM_NOT_CONFIGURED)
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


__all__ = ["NOT_CONFIGURED", "LlmConfig"]
