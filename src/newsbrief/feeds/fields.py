"""An entry's fields checked one by one: a field that is the wrong type, malformed or out of range
is dropped with a note, never raised, so one hostile field costs that field only."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from urllib.parse import urlsplit

# Longer than any real link; the article store refuses longer URLs anyway (a btree key).
MAX_LINK_CHARS = 2000
# Titles, authors and GUIDs are a line, not a document.
MAX_LINE_CHARS = 1000


def read_date(value: str) -> datetime | None:
    """``value`` (ISO 8601) as a datetime, ``None`` when unreadable."""
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


def on_utc_line(value: datetime) -> datetime | None:
    """``value`` in UTC (naive taken as UTC), ``None`` when it falls off the calendar there
    (year 1 at +14:00, year 9999 at -23:59)."""
    try:
        return value.replace(tzinfo=value.tzinfo or UTC).astimezone(UTC)
    except (ValueError, OverflowError):
        return None


def usable_date(value: str) -> datetime | None:
    """``value`` (ISO 8601) as an aware UTC datetime, or ``None`` when it is unreadable or falls
    off the calendar once moved to UTC."""
    parsed = read_date(value)
    return None if parsed is None else on_utc_line(parsed)


class Fields:
    """Checks the fields of one entry (``label``), noting each one dropped in ``notes``."""

    def __init__(self, label: str, notes: list[str]) -> None:
        self.label = label
        self.notes = notes

    def _drop(self, name: str, why: str) -> None:
        self.notes.append(f"{self.label}: ignored {name} {why}")

    def line(self, value: object, name: str) -> str | None:
        """A one-line text field (title, author)."""
        text = self.text(value, name)
        if text is None:
            return None
        if len(text) > MAX_LINE_CHARS:
            self._drop(name, f"longer than {MAX_LINE_CHARS} characters")
            return None
        return " ".join(text.split()) or None

    def text(self, value: object, name: str) -> str | None:
        """A text field, ``None`` when absent or not a string."""
        if value is None:
            return None
        if not isinstance(value, str):
            self._drop(name, f"that is not a string ({type(value).__name__})")
            return None
        # NUL and lone surrogates (JSON "\ud800") cannot be stored: dropped, and replaced.
        value = value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
        return value.strip() or None

    def guid(self, value: object) -> str | None:
        """A GUID: a string, or a number as JSON Feeds often give it."""
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        elif isinstance(value, float) and math.isfinite(value):
            value = repr(value)
        return self.line(value, "an id")

    def link(self, value: object) -> str | None:
        """An absolute http(s) URL with a host, or ``None``."""
        text = self.text(value, "a link")
        if text is None:
            return None
        problem = link_problem(text)
        if problem is not None:
            self._drop("a link", f"{problem}: {text[:80]!r}")
            return None
        return text

    def date(self, value: object) -> str | None:
        """An ISO 8601 date that can be placed on the UTC time line (in its own offset)."""
        text = self.text(value, "a date")
        if text is None:
            return None
        parsed = read_date(text)
        if parsed is None:
            self.notes.append(f"{self.label}: ignored an unreadable date {text[:80]!r}")
            return None
        if on_utc_line(parsed) is None:
            self.notes.append(f"{self.label}: ignored a date out of range {text[:80]!r}")
            return None
        return parsed.isoformat()


def link_problem(link: str) -> str | None:
    """Why ``link`` is no absolute http(s) URL the site can store and show; ``None`` if it is."""
    if len(link) > MAX_LINK_CHARS:
        return f"longer than {MAX_LINK_CHARS} characters"
    if any(ord(c) < 33 or c == "\x7f" for c in link):
        return "with spaces or control characters"
    try:
        parts = urlsplit(link)
        host, _port = parts.hostname, parts.port
    except ValueError:
        return "that is not a valid URL"
    if parts.scheme not in ("http", "https"):
        return "that is not http(s)"
    if not host:
        return "without a host"
    return None


__all__ = [
    "MAX_LINE_CHARS",
    "MAX_LINK_CHARS",
    "Fields",
    "link_problem",
    "on_utc_line",
    "read_date",
    "usable_date",
]
