"""The project's exceptions: one base class, each error carrying a stable machine-readable code.

Edges translate them: the CLI prints ``error: <message>`` and exits 2, the web API answers
``{"error": {"code", "message"}}`` with a 4xx status.
"""

from __future__ import annotations

from collections.abc import Iterable


class NewsbriefError(Exception):
    """Base class of every error newsbrief raises on purpose."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        return self.message


class InputError(NewsbriefError):
    """The input (text, HTML, options) cannot be processed as given."""

    code = "invalid_input"


class NotFound(NewsbriefError):
    """A named thing (article, method) does not exist."""

    code = "not_found"


class UpstreamError(NewsbriefError):
    """A service newsbrief depends on (LLM server, remote page) failed."""

    code = "upstream_error"


def unknown_choice(kind: str, value: str, choices: Iterable[str]) -> InputError:
    """An error for a value outside a closed set, listing the valid choices."""
    valid = ", ".join(sorted(choices))
    return InputError(f"unknown {kind} {value!r}; choose one of: {valid}", code=f"unknown_{kind}")
