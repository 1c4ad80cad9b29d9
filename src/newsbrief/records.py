"""Article records: what a JSONL line or an API body carries, read into one validated value.

Every way in (``newsbrief ingest``, ``batch`` on either engine, ``eval``, ``POST /api/v1/articles``
and ``POST /api/v1/summarize``) reads its records here, so one rule holds everywhere:

- the body is exactly one of ``text``, ``article`` (the data sets' name for ``text``) or ``html``;
  a ``null`` field counts as absent;
- ``id`` is a string or an integer, never a boolean (JSON's ``true`` is not the number 1);
- ``title``, ``url``, ``author`` and ``published`` are optional strings (an empty one counts as
  absent), and ``published`` is an ISO 8601 date or date-time that names a moment UTC can hold
  (years 1 to 9999 once its offset is applied; a date without an offset is taken as UTC), so
  storage can always order articles by it;
- anything else about a record that is wrong raises :class:`InputError`, nothing else.

Framing JSONL (reading lines from a stream with a cap per line) lives here too: it reads only the
stream it is given.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import BinaryIO, Literal

from newsbrief.errors import ErrorCode, InputError
from newsbrief.models import Article
from newsbrief.reading.decoding import MAX_INPUT_BYTES, decode
from newsbrief.reading.extraction import extract
from newsbrief.reading.header import headline_over_body

BodyKind = Literal["text", "html"]
BODY_FIELDS: tuple[tuple[str, BodyKind], ...] = (
    ("text", "text"),
    ("article", "text"),
    ("html", "html"),
)
OPTIONAL_FIELDS = ("title", "url", "author", "published")
# JSON escapes make a line longer than the text it carries (\u00e9 is 6 bytes for 1 character);
# twice the text limit leaves room for that, and extraction applies the real limit afterwards.
MAX_LINE_BYTES = 2 * MAX_INPUT_BYTES
_MB = 1024 * 1024
_READ_BLOCK = _MB
# The first line is all a fallback title needs.
_TITLE_CHARACTERS = 2000


# ---------------------------------------------------------------- JSONL framing


@dataclass(frozen=True, slots=True)
class Item:
    """One JSONL line: its 1-based number and raw bytes (``None`` when it was too long)."""

    line: int
    data: bytes | None


def read_items(stream: BinaryIO) -> Iterator[Item]:
    """The non-blank lines of ``stream``, read one at a time; an over-long line is skipped to its
    end and reported as an item without data rather than loaded."""
    number = 0
    while True:
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield Item(number, None)
        elif line.strip():
            yield Item(number, line)


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while True:
        block = stream.readline(_READ_BLOCK)
        if not block or block.endswith(b"\n"):
            return


def item_bytes(item: Item) -> bytes:
    """The item's line, or the error for a line that was too long to read."""
    if item.data is None:
        limit = MAX_LINE_BYTES // _MB
        raise InputError(f"line is longer than {limit} MB", code=ErrorCode.TOO_LARGE)
    return item.data


# ---------------------------------------------------------------- JSON


def load_json(data: bytes) -> object:
    """A JSONL line's value; a line in a legacy encoding is decoded with detection first."""
    try:
        try:
            return json.loads(data)
        except UnicodeDecodeError:
            # Not UTF-8 (a legacy-encoded export): decode with detection, then parse.
            return json.loads(decode(data))
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON: {error.msg}", code=ErrorCode.INVALID_JSON) from None
    except ValueError as error:  # a number too long to convert, say
        raise InputError(f"not valid JSON: {error}", code=ErrorCode.INVALID_JSON) from None
    except RecursionError:
        raise InputError(
            "input is nested too deeply to parse", code=ErrorCode.INVALID_JSON
        ) from None


def load_object(data: bytes) -> dict[str, object]:
    """A JSONL line that must hold one JSON object (the other fields are the caller's)."""
    value = load_json(data)
    if not isinstance(value, dict):
        raise InputError("each line must be a JSON object", code=ErrorCode.INVALID_RECORD)
    return value


# ---------------------------------------------------------------- the record


@dataclass(frozen=True, slots=True)
class Record:
    """An article as a user gave it: its body and kind, and the fields that override extraction."""

    body: str
    kind: BodyKind = "text"
    id: str | int | None = None
    title: str | None = None
    url: str | None = None
    author: str | None = None
    published: str | None = None

    def __post_init__(self) -> None:
        _check_id(self.id)
        if self.kind not in ("text", "html"):
            raise InputError(f"unknown body kind {self.kind!r}", code=ErrorCode.UNKNOWN_KIND)
        if self.published is not None:
            _check_published(self.published)

    def article(self, *, language: str | None = None, identify_language: bool = True) -> Article:
        """The body, extracted; the record's own fields win over what extraction finds.

        ``language`` and ``identify_language`` are :func:`~newsbrief.reading.extraction.extract`'s.
        """
        extracted = extract(
            self.body,
            url=self.url,
            kind=self.kind,
            language=language,
            identify_language=identify_language,
        )
        if self.title is None and self.author is None and self.published is None:
            return extracted  # extraction already took the url
        return replace(
            extracted,
            title=self.title or extracted.title,
            byline=self.author or extracted.byline,
            published=self.published or extracted.published,
        )


def parse_mapping(value: object, *, require_id: bool = False) -> Record:
    """A record from a JSON object or an API body. ``require_id``: a record without an ``id`` is
    an error (batch output is keyed by it)."""
    if not isinstance(value, Mapping):
        raise InputError("each line must be a JSON object", code=ErrorCode.INVALID_RECORD)
    if require_id and "id" not in value:
        raise InputError("missing field: 'id'", code=ErrorCode.MISSING_FIELD)
    item_id = _check_id(value.get("id"))
    if require_id and item_id is None:
        raise InputError("'id' must be a string or a number", code=ErrorCode.INVALID_FIELD)
    body, kind = _body(value)
    published = _optional_string(value, "published")
    return Record(
        body,
        kind,
        id=item_id,
        title=_optional_string(value, "title"),
        url=_optional_string(value, "url"),
        author=_optional_string(value, "author"),
        published=None if published is None else _check_published(published),
    )


def parse_line(data: bytes, *, require_id: bool = False) -> Record:
    """A record from a JSONL line's bytes (UTF-8, or a legacy encoding detected)."""
    return parse_mapping(load_json(data), require_id=require_id)


def id_in(data: bytes | None) -> str | int | None:
    """The line's ``id`` when it has a valid one, whatever else is wrong with it; for naming an
    item that failed."""
    if data is None:
        return None
    try:
        value = load_json(data)
        return _check_id(value.get("id")) if isinstance(value, dict) else None
    except InputError:
        return None


def _check_id(value: object) -> str | int | None:
    if value is None or (isinstance(value, str | int) and not isinstance(value, bool)):
        return value
    raise InputError("'id' must be a string or a number", code=ErrorCode.INVALID_FIELD)


def _body(record: Mapping[str, object]) -> tuple[str, BodyKind]:
    given = [(name, kind) for name, kind in BODY_FIELDS if record.get(name) is not None]
    if not given:
        raise InputError(
            "missing field: give 'article', 'text' or 'html'", code=ErrorCode.MISSING_FIELD
        )
    if len(given) > 1:
        names = " and ".join(repr(name) for name, _ in given)
        raise InputError(
            f"more than one body given ({names}); give only one", code=ErrorCode.INVALID_RECORD
        )
    name, kind = given[0]
    value = record[name]
    if not isinstance(value, str):
        raise InputError(f"{name!r} must be a string", code=ErrorCode.INVALID_FIELD)
    return value, kind


def _optional_string(record: Mapping[str, object], name: str) -> str | None:
    value = record.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(f"{name!r} must be a string", code=ErrorCode.INVALID_FIELD)
    return value


def published_moment(value: str) -> datetime:
    """The moment an ISO 8601 date or date-time names, in UTC (one without an offset is taken as
    UTC); ``InputError`` when it is not one or falls outside the years UTC can hold here
    (``9999-12-31T23:59-01:00`` is in year 10000)."""
    try:
        parsed = datetime.fromisoformat(value.strip())
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)
    except (ValueError, OverflowError):
        raise InputError(
            f"'published' must be an ISO 8601 date between the years 1 and 9999 in UTC, "
            f"got {value!r}",
            code=ErrorCode.INVALID_FIELD,
        ) from None


def _check_published(value: str) -> str:
    """``value`` stripped, once it names a moment (:func:`published_moment`)."""
    published_moment(value)
    return value.strip()


# ---------------------------------------------------------------- titles


def fallback_title(text: str) -> str | None:
    """A headline for an article that came without one: its first line when that line is a
    headline over the body (:func:`~newsbrief.reading.header.headline_over_body`), else None.
    None is the honest answer: a first sentence cut short repeats the lead under it and is no
    headline, so an article without one is listed as untitled."""
    lines = [line.strip() for line in text[:_TITLE_CHARACTERS].strip().split("\n", 2)[:2]]
    if len(lines) == 2 and headline_over_body(lines[0], lines[1:]):
        return lines[0]
    return None


def with_title(article: Article) -> Article:
    """``article`` with a headline: its own, or :func:`fallback_title`'s. Where articles are
    stored and listed; batch output never shows a title, so batch runs do not pay for one."""
    if article.title and article.title.strip():
        return article
    return replace(article, title=fallback_title(article.text))


__all__ = [
    "BODY_FIELDS",
    "MAX_LINE_BYTES",
    "OPTIONAL_FIELDS",
    "BodyKind",
    "Item",
    "Record",
    "fallback_title",
    "id_in",
    "item_bytes",
    "load_json",
    "load_object",
    "parse_line",
    "parse_mapping",
    "published_moment",
    "read_items",
    "with_title",
]
