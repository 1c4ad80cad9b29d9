"""The project's exceptions: one base class, each error carrying a stable code from one enumeration.

Edges translate them: the CLI prints ``error: <message>`` and exits 2, the web API answers
``{"error": {"code", "message"}}`` with a 4xx status. Every code is listed in :class:`ErrorCode`
and documented in docs/api.md (a test holds the two together).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class ErrorCode(StrEnum):
    """Every machine-readable error code newsbrief gives, by where it arises."""

    # Input: the text, page or file given.
    EMPTY_INPUT = "empty_input"
    BINARY_INPUT = "binary_input"
    TOO_LARGE = "too_large"
    TOO_COMPLEX = "too_complex"
    NO_ARTICLE = "no_article"
    NO_WORDS = "no_words"
    INVALID_INPUT = "invalid_input"
    UNREADABLE = "unreadable"
    NOT_FOUND = "not_found"
    NOT_A_FILE = "not_a_file"
    SAME_FILE = "same_file"
    UNWRITABLE = "unwritable"
    # Records: JSONL lines and API bodies.
    INVALID_JSON = "invalid_json"
    INVALID_RECORD = "invalid_record"
    MISSING_FIELD = "missing_field"
    INVALID_FIELD = "invalid_field"
    TOO_MANY = "too_many"
    # Options and settings.
    INVALID_LENGTH = "invalid_length"
    CONFLICTING_LENGTH = "conflicting_length"
    CONFLICTING_OPTIONS = "conflicting_options"
    INVALID_LANGUAGE = "invalid_language"
    INVALID_OPTION = "invalid_option"
    INVALID_SETTING = "invalid_setting"
    USAGE = "usage"
    UNKNOWN_METHOD = "unknown_method"
    UNKNOWN_FORMAT = "unknown_format"
    UNKNOWN_KIND = "unknown_kind"
    UNKNOWN_LENGTH = "unknown_length"
    UNKNOWN_ENGINE = "unknown_engine"
    MISSING_EXTRA = "missing_extra"
    # Stored things.
    ARTICLE_NOT_FOUND = "article_not_found"
    FEED_NOT_FOUND = "feed_not_found"
    SITE_NOT_FOUND = "site_not_found"
    STORY_NOT_FOUND = "story_not_found"
    # Batch runs.
    NOT_RESUMABLE = "not_resumable"
    WORKER_CRASH = "worker_crash"
    UNREACHABLE = "unreachable"
    # Feeds and fetching.
    INVALID_FEED = "invalid_feed"
    UNSAFE_FEED = "unsafe_feed"
    INVALID_URL = "invalid_url"
    FORBIDDEN_ADDRESS = "forbidden_address"
    DNS_ERROR = "dns_error"
    CONNECTION_ERROR = "connection_error"
    TIMEOUT = "timeout"
    HTTP_ERROR = "http_error"
    # The LLM backend (the summary falls back to the extractive one with these).
    LLM_NOT_CONFIGURED = "llm_not_configured"
    LLM_NOT_INSTALLED = "llm_not_installed"
    LLM_UNREACHABLE = "llm_unreachable"
    LLM_TIMEOUT = "llm_timeout"
    LLM_RATE_LIMITED = "llm_rate_limited"
    LLM_SERVER_ERROR = "llm_server_error"
    LLM_REJECTED = "llm_rejected"
    LLM_BAD_RESPONSE = "llm_bad_response"
    LLM_EMPTY = "llm_empty"
    LLM_REFUSED = "llm_refused"
    LLM_TOO_LONG = "llm_too_long"
    LLM_WRONG_LANGUAGE = "llm_wrong_language"
    LLM_UNFAITHFUL = "llm_unfaithful"
    # The web edge: access, limits and requests the framework refuses.
    UNAUTHORIZED = "unauthorized"
    RATE_LIMITED = "rate_limited"
    INVALID_REQUEST = "invalid_request"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    INTERNAL_ERROR = "internal_error"
    # The embeddable widget: a publisher's key, the page's origin and the page's URL.
    ORIGIN_REFUSED = "origin_refused"
    URL_REFUSED = "url_refused"
    # The base classes' own codes, for errors raised without a specific one.
    ERROR = "error"
    UPSTREAM_ERROR = "upstream_error"


class NewsbriefError(Exception):
    """Base class of every error newsbrief raises on purpose."""

    code: ErrorCode = ErrorCode.ERROR

    def __init__(self, message: str, *, code: ErrorCode | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message


class InputError(NewsbriefError):
    """The input (text, HTML, options) cannot be processed as given."""

    code = ErrorCode.INVALID_INPUT


class NotFound(NewsbriefError):
    """A named thing (article, method) does not exist."""

    code = ErrorCode.NOT_FOUND


class UpstreamError(NewsbriefError):
    """A service newsbrief depends on (LLM server, remote page) failed."""

    code = ErrorCode.UPSTREAM_ERROR


def unknown_choice(kind: str, value: str, choices: Iterable[str]) -> InputError:
    """An error for a value outside a closed set (``kind``: method, format, kind, length or
    engine), listing the valid choices."""
    valid = ", ".join(sorted(choices))
    return InputError(
        f"unknown {kind} {value!r}; choose one of: {valid}", code=ErrorCode(f"unknown_{kind}")
    )


__all__ = [
    "ErrorCode",
    "InputError",
    "NewsbriefError",
    "NotFound",
    "UpstreamError",
    "unknown_choice",
]
