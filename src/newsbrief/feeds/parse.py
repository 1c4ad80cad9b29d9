"""RSS 0.9x / 2.0, Atom and JSON Feed documents parsed into entries.

Parsing never trusts the document: XML goes through defusedxml first, which refuses entity
declarations (billion laughs, quadratic blow-up) and external references before feedparser sees
it; size is capped before parsing; a malformed feed yields the entries that could be read, or one
clear error when none could. Each entry either becomes an :class:`Entry` or gets a skip reason.
"""

from __future__ import annotations

import calendar
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import defusedxml.ElementTree as SafeET
import feedparser
from defusedxml import DefusedXmlException

from newsbrief.errors import ErrorCode, InputError
from newsbrief.models import count_words

MAX_FEED_BYTES = 10 * 1024 * 1024
# Below this many words an entry is a teaser ("Read more..."), not the story: real news
# articles run 300-1000 words, RSS descriptions one to three sentences.
TEASER_WORDS = 120
_BLOCK_END = re.compile(r"(?i)</(p|div|h[1-6]|li|blockquote)>|<br\s*/?>")
_TAG = re.compile(r"<[^>]+>")
_SCRIPT = re.compile(r"(?is)<(script|style)\b.*?</\1>")


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    guid: str | None
    link: str | None
    title: str | None
    author: str | None
    published: str | None
    text: str
    teaser: bool


@dataclass(slots=True)
class ParsedFeed:
    title: str | None
    entries: list[Entry] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _digest(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}\0{value}".encode()).hexdigest()


def html_to_text(fragment: str) -> str:
    """A feed's HTML content as plain paragraphs (feeds carry fragments, not pages)."""
    text = _SCRIPT.sub(" ", fragment)
    text = _BLOCK_END.sub("\n\n", text)
    text = html.unescape(_TAG.sub(" ", text))
    paragraphs = (" ".join(part.split()) for part in text.split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _http_link(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    link = value.strip()
    return link if urlsplit(link).scheme in ("http", "https") else None


def _string(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


class _Builder:
    """Collects entries, skipping duplicates and contentless ones with a reason."""

    def __init__(self, parsed: ParsedFeed) -> None:
        self.parsed = parsed
        self.keys: set[str] = set()

    def add(self, label: str, fields: dict[str, Any]) -> None:
        guid, link = _string(fields.get("guid")), _http_link(fields.get("link"))
        if fields.get("link") and link is None:
            self.parsed.notes.append(f"{label}: ignored a link that is not http(s)")
        raw = fields.get("html") or ""
        text = html_to_text(raw) if fields.get("is_html") else " ".join(str(raw).split())
        if guid:
            key = _digest("guid", guid)
        elif link:
            key = _digest("link", link)
        elif text:
            key = _digest("text", " ".join(text.split()))
        else:
            self.parsed.skipped.append((label, "no GUID, no link and no text"))
            return
        if key in self.keys:
            what = "GUID" if guid else "link" if link else "text"
            self.parsed.skipped.append((label, f"duplicate {what} of an earlier entry"))
            return
        self.keys.add(key)
        title = _string(fields.get("title"))
        entry = Entry(
            key, guid, link, title, _string(fields.get("author")), fields.get("published"),
            text, count_words(text) < TEASER_WORDS,
        )  # fmt: skip
        self.parsed.entries.append(entry)


def _iso(parsed: Any) -> str | None:
    if parsed is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()
    except (OverflowError, ValueError, TypeError):
        return None


def _parse_json(content: bytes) -> ParsedFeed:
    document = _json_feed(content)
    parsed = ParsedFeed(_string(document.get("title")))
    items = document.get("items")
    builder = _Builder(parsed)
    for number, item in enumerate(items if isinstance(items, list) else [], start=1):
        label = f"entry {number}"
        if not isinstance(item, dict):
            parsed.skipped.append((label, "not a JSON object"))
            continue
        builder.add(label, _json_fields(item, label, parsed.notes))
    return parsed


def _json_feed(content: bytes) -> dict[str, Any]:
    """The JSON Feed document; :class:`InputError` for JSON that is not one."""
    try:
        document = json.loads(content)
    except (ValueError, RecursionError) as error:
        raise InputError(
            f"not a feed: invalid JSON ({error})", code=ErrorCode.INVALID_FEED
        ) from None
    version = document.get("version") if isinstance(document, dict) else None
    if not isinstance(version, str) or "jsonfeed.org" not in version:
        raise InputError(
            "not a feed: JSON without a JSON Feed version", code=ErrorCode.INVALID_FEED
        )
    found: dict[str, Any] = document
    return found


def _json_fields(item: dict[str, Any], label: str, notes: list[str]) -> dict[str, Any]:
    """A JSON Feed item's fields, as :meth:`_Builder.add` takes them."""
    html_body = item.get("content_html")
    return {
        "guid": str(item["id"]) if item.get("id") is not None else None,
        "link": item.get("url"),
        "title": item.get("title"),
        "author": _json_author(item),
        "published": _json_date(item, label, notes),
        "html": html_body or item.get("content_text") or item.get("summary"),
        "is_html": bool(html_body),
    }


def _json_author(item: dict[str, Any]) -> Any:
    authors = item.get("authors") or [item.get("author")]
    return authors[0].get("name") if authors and isinstance(authors[0], dict) else None


def _json_date(item: dict[str, Any], label: str, notes: list[str]) -> str | None:
    published = _string(item.get("date_published"))
    if published is None:
        return None
    try:
        return datetime.fromisoformat(published.replace("Z", "+00:00")).isoformat()
    except ValueError:
        notes.append(f"{label}: ignored an unreadable date {published!r}")
        return None


def _parse_xml(content: bytes) -> ParsedFeed:
    malformed = _xml_problem(content)
    document = feedparser.parse(content)
    parsed = ParsedFeed(_string(document.feed.get("title")))
    if malformed and not document.entries:
        raise InputError(
            f"not a feed: not well-formed XML ({malformed})", code=ErrorCode.INVALID_FEED
        )
    if not document.get("version"):
        raise InputError("not a feed: not RSS or Atom", code=ErrorCode.INVALID_FEED)
    if malformed:
        parsed.notes.append(f"the feed is not well-formed ({malformed}); kept what could be read")
    builder = _Builder(parsed)
    for number, item in enumerate(document.entries, start=1):
        label = f"entry {number}" + (f" ({item.get('title')})" if item.get("title") else "")
        builder.add(label, _xml_fields(item, label, parsed.notes))
    return parsed


def _xml_problem(content: bytes) -> str | None:
    """Why the XML is not well-formed (``None`` when it is). Entity declarations and external
    references are refused outright, before feedparser sees the document."""
    try:
        SafeET.fromstring(content)
    except DefusedXmlException:
        raise InputError(
            "refused: the feed declares XML entities or external references "
            "(an entity-expansion attack or a way to read local files)",
            code=ErrorCode.UNSAFE_FEED,
        ) from None
    except SafeET.ParseError as error:
        return str(error)
    return None


def _xml_fields(item: Any, label: str, notes: list[str]) -> dict[str, Any]:
    """An RSS or Atom entry's fields (a feedparser entry), as :meth:`_Builder.add` takes them."""
    # Asked by name: feedparser warns when published_parsed falls back to updated_parsed.
    stamp = "published" if "published" in item.keys() else "updated"  # noqa: SIM118
    date, given = item.get(f"{stamp}_parsed"), item.get(stamp)
    if date is None and given:
        notes.append(f"{label}: ignored an unreadable date {given!r}")
    contents = item.get("content") or []
    return {
        "guid": item.get("id") if item.get("id") != item.get("link") else None,
        "link": item.get("link"),
        "title": item.get("title"),
        "author": item.get("author"),
        "published": _iso(date),
        "html": contents[0].get("value") if contents else item.get("summary"),
        "is_html": True,
    }


def parse_feed(content: bytes) -> ParsedFeed:
    """The entries of an RSS, Atom or JSON feed; raises :class:`InputError` for what is no feed."""
    if len(content) > MAX_FEED_BYTES:
        limit = MAX_FEED_BYTES // (1024 * 1024)
        raise InputError(f"the feed is larger than {limit} MB", code=ErrorCode.TOO_LARGE)
    start = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"{":
        return _parse_json(content)
    if start == b"<":
        return _parse_xml(content)
    if not start:
        raise InputError("the feed is empty", code=ErrorCode.EMPTY_INPUT)
    raise InputError("not a feed: the content is neither XML nor JSON", code=ErrorCode.INVALID_FEED)


__all__ = [
    "MAX_FEED_BYTES",
    "TEASER_WORDS",
    "Entry",
    "ParsedFeed",
    "html_to_text",
    "parse_feed",
]
