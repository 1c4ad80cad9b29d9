"""RSS 0.9x / 1.0 / 2.0, Atom and JSON Feed documents parsed into entries.

Parsing never trusts the document. Size is capped before parsing. XML is streamed through
defusedxml first (:mod:`.prune`), which refuses entity declarations (billion laughs, quadratic
blow-up) and external references, and cuts the document down to the newest ``max_entries``
entries within an element budget, so feedparser's work is bounded whatever the document holds.
Every field of every entry is then checked on its own (:mod:`.fields`): a field of the wrong type,
a malformed link or an impossible date is dropped with a note, an entry with nothing to key it by
is skipped with a reason. The only error is :class:`InputError`, for a document that is no feed.
"""

from __future__ import annotations

import calendar
import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import feedparser

from newsbrief.errors import ErrorCode, InputError
from newsbrief.feeds.fields import Fields, usable_date
from newsbrief.feeds.html_text import html_to_text
from newsbrief.feeds.prune import prune
from newsbrief.models import count_words

MAX_FEED_BYTES = 10 * 1024 * 1024
# Entries read per poll, newest first: a feed carries its latest stories (10 to 100 of them);
# more is an archive or an attack, and each entry costs a database write.
MAX_ENTRIES = 200
# Below this many words an entry is a teaser ("Read more..."), not the story: real news
# articles run 300-1000 words, RSS descriptions one to three sentences.
TEASER_WORDS = 120


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


class _Builder:
    """Collects entries, skipping duplicates and contentless ones with a reason."""

    def __init__(self, parsed: ParsedFeed) -> None:
        self.parsed = parsed
        self.keys: set[str] = set()

    def add(self, label: str, fields: dict[str, Any]) -> None:
        guid, link, text = fields["guid"], fields["link"], fields["text"]
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
        entry = Entry(
            key, guid, link, fields["title"], fields["author"], fields["published"], text,
            count_words(text) < TEASER_WORDS,
        )  # fmt: skip
        self.parsed.entries.append(entry)


def _newest(items: list[Any], max_entries: int, notes: list[str]) -> list[tuple[int, Any]]:
    """The ``max_entries`` newest JSON Feed items (undated ones count as oldest), numbered as
    in the document and kept in its order."""
    numbered = list(enumerate(items, start=1))
    if len(numbered) <= max_entries:
        return numbered

    def rank(pair: tuple[int, Any]) -> tuple[bool, float, int]:
        number, item = pair
        given = item.get("date_published") if isinstance(item, dict) else None
        when = usable_date(given) if isinstance(given, str) else None
        return (when is not None, when.timestamp() if when else 0.0, -number)

    kept = sorted(sorted(numbered, key=rank, reverse=True)[:max_entries])
    notes.append(f"read the {max_entries} newest of {len(numbered)} entries")
    return kept


def _parse_json(content: bytes, max_entries: int) -> ParsedFeed:
    document = _json_feed(content)
    notes: list[str] = []
    parsed = ParsedFeed(
        Fields("the feed", notes).line(document.get("title"), "a title"), notes=notes
    )
    items = document.get("items")
    if items is not None and not isinstance(items, list):
        parsed.notes.append("ignored items that are not a list")
    builder = _Builder(parsed)
    for number, item in _newest(
        items if isinstance(items, list) else [], max_entries, parsed.notes
    ):
        label = f"entry {number}"
        if not isinstance(item, dict):
            parsed.skipped.append((label, "not a JSON object"))
            continue
        builder.add(label, _json_fields(item, Fields(label, parsed.notes)))
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


def _json_fields(item: dict[str, Any], check: Fields) -> dict[str, Any]:
    """A JSON Feed item's fields, each checked, as :meth:`_Builder.add` takes them."""
    html_body = check.text(item.get("content_html"), "content_html")
    plain = check.text(item.get("content_text"), "content_text")
    summary = check.text(item.get("summary"), "a summary")
    return {
        "guid": check.guid(item.get("id")),
        "link": check.link(item.get("url")),
        "title": check.line(item.get("title"), "a title"),
        "author": _json_author(item, check),
        "published": check.date(item.get("date_published")),
        "text": html_to_text(html_body)
        if html_body
        else " ".join((plain or summary or "").split()),
    }


def _json_author(item: dict[str, Any], check: Fields) -> str | None:
    """The first author's name: JSON Feed 1.1's ``authors`` list, else 1.0's ``author``."""
    authors = item.get("authors")
    if authors is None:
        authors = [] if item.get("author") is None else [item.get("author")]
    if not isinstance(authors, list) or not all(isinstance(a, dict) for a in authors):
        check.notes.append(f"{check.label}: ignored authors that are not a list of objects")
        return None
    return check.line(authors[0].get("name"), "an author name") if authors else None


def _iso(parsed: Any) -> str | None:
    """feedparser's parsed date (a UTC time tuple) as ISO 8601, if it is a real date."""
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC).isoformat()
    except (OverflowError, ValueError, TypeError, OSError):
        return None


def _parse_xml(content: bytes, max_entries: int) -> ParsedFeed:
    pruned = prune(content, max_entries)
    if pruned.malformed and not pruned.kept:
        raise InputError(
            f"not a feed: not well-formed XML ({pruned.malformed})", code=ErrorCode.INVALID_FEED
        )
    document = _feedparser(pruned.content)
    if not document.get("version"):
        raise InputError("not a feed: not RSS or Atom", code=ErrorCode.INVALID_FEED)
    notes: list[str] = []
    title = Fields("the feed", notes).line(document.feed.get("title"), "a title")
    parsed = ParsedFeed(title, notes=notes)
    if pruned.malformed:
        parsed.notes.append(
            f"the feed is not well-formed ({pruned.malformed}); kept the entries before the fault"
        )
    parsed.notes.extend(pruned.notes)
    builder = _Builder(parsed)
    for number, item in enumerate(document.entries, start=1):
        check = Fields(f"entry {number}", parsed.notes)
        title = _xml_title(item, check)
        check.label += f" ({title})" if title else ""
        builder.add(check.label, {**_xml_fields(item, check), "title": title})
    return parsed


def _feedparser(content: bytes) -> Any:
    """feedparser's reading of a document already checked and bounded by :func:`prune`.
    It neither sanitises nor rewrites the entries' HTML: their text is taken out as plain
    text, never shown as HTML."""
    try:
        return feedparser.parse(content, sanitize_html=False, resolve_relative_uris=False)
    except Exception as error:
        raise InputError(
            f"not a feed: unreadable ({type(error).__name__})", code=ErrorCode.INVALID_FEED
        ) from None


def _xml_title(item: Any, check: Fields) -> str | None:
    title = check.line(item.get("title"), "a title")
    return html_to_text(title) or None if title and "<" in title else title


def _xml_fields(item: Any, check: Fields) -> dict[str, Any]:
    """An RSS or Atom entry's fields (a feedparser entry), as :meth:`_Builder.add` takes them."""
    # Asked by name: feedparser warns when published_parsed falls back to updated_parsed.
    stamp = "published" if "published" in item.keys() else "updated"  # noqa: SIM118
    given = item.get(stamp)
    date = _iso(item.get(f"{stamp}_parsed")) if item.get(f"{stamp}_parsed") else None
    if date is None and given:
        check.notes.append(f"{check.label}: ignored an unreadable date {str(given)[:80]!r}")
    contents = item.get("content") or []
    body = contents[0].get("value") if contents and isinstance(contents[0], dict) else None
    body = check.text(body if body is not None else item.get("summary"), "a body")
    guid = check.guid(item.get("id"))
    link = check.link(item.get("link"))
    return {
        "guid": guid if guid != item.get("link") else None,
        "link": link,
        "author": check.line(item.get("author"), "an author"),
        "published": date,
        "text": html_to_text(body) if body else "",
    }


def parse_feed(content: bytes, *, max_entries: int = MAX_ENTRIES) -> ParsedFeed:
    """The entries of an RSS, Atom or JSON feed (the ``max_entries`` newest); raises
    :class:`InputError` for what is no feed, and only for that."""
    if len(content) > MAX_FEED_BYTES:
        limit = MAX_FEED_BYTES // (1024 * 1024)
        raise InputError(f"the feed is larger than {limit} MB", code=ErrorCode.TOO_LARGE)
    start = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start == b"{":
        return _parse_json(content, max_entries)
    if start == b"<" or content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _parse_xml(content, max_entries)
    if not start:
        raise InputError("the feed is empty", code=ErrorCode.EMPTY_INPUT)
    raise InputError("not a feed: the content is neither XML nor JSON", code=ErrorCode.INVALID_FEED)


__all__ = [
    "MAX_ENTRIES",
    "MAX_FEED_BYTES",
    "TEASER_WORDS",
    "Entry",
    "ParsedFeed",
    "html_to_text",
    "parse_feed",
]
