"""The header of a plain-text page: a title line, then byline and date lines.

Only the leading lines are read as a header, where a "By ..." line cannot be a sentence of the
story.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MAX_TITLE = 200
# A headline set right on top of the body (no blank line between) is taken only when it reads
# as one: a few words in title case, much shorter than the lines below it.
_HEADLINE_WORDS = 16
_TITLE_CASE_SHARE = 0.75
_MINOR_WORDS = frozenset(
    {"a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by"}
    | {"with", "as", "from", "into", "over", "after", "up", "off", "out", "vs", "via", "per"}
    | {"is", "are", "was", "be", "its", "it", "not", "than", "that", "amid", "about"}
)

_BYLINE = re.compile(
    r"^(?:by|written by|words by|reporting by|von|par|por|door|di|av|af)[:\s]+(\S.{1,100})$",
    re.IGNORECASE,
)
_NAME_CONNECTORS = frozenset(
    {"and", "&", "de", "da", "di", "del", "della", "der", "den", "van", "von", "la", "le", "du"}
    | {"y", "e", "of", "the", "staff", "writer", "reporter"}
)
_SEPARATORS = re.compile(r"\s+[|\u2022\u00b7\u2014\u2013-]\s+|\s*\|\s*")

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_PATTERNS = (
    (
        re.compile(
            r"\b(\d{4})-(\d{2})-(\d{2})"
            r"(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?"
        ),
        "ymd",
    ),
    (re.compile(rf"(?i)\b({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b"), "mdy"),
    (
        re.compile(rf"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\.?,?\s+(\d{{4}})\b"),
        "dmy",
    ),
    (re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b"), "numeric"),
)
_DATE_FILLER = re.compile(
    r"(?i)\b(?:published|updated|posted|last|modified|created|date|on|at|am|pm|a\.m\.|p\.m\."
    r"|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|utc|gmt|et|est|edt|pt|pst|pdt|ct|cst|cdt|mt|mst|mdt|bst|cet|cest|ist|jst|aest|aedt)\b"
    r"|\d{1,2}:\d{2}(?::\d{2})?"
)


@dataclass(frozen=True, slots=True)
class Header:
    """What a page's header says; each field is None when the header does not say it."""

    title: str | None = None
    byline: str | None = None
    published: str | None = None


def take_header(blocks: list[list[str]]) -> tuple[Header, list[list[str]]]:
    """The header at the top of ``blocks`` (a title standing alone as a short first line, then
    byline and date lines right below it) and the blocks after it."""
    title = byline = published = None
    if blocks and len(blocks[0]) > 1 and headline_over_body(blocks[0][0], blocks[0][1:]):
        return Header(title=blocks[0][0]), [blocks[0][1:], *blocks[1:]]
    if len(blocks) < 2:
        return Header(), blocks
    head = blocks[0]
    if _is_title(head[0]) and all(_is_meta(line) for line in head[1:]):
        title = head[0]
        rest = [head[1:]] if head[1:] else []
        blocks = rest + blocks[1:]
    while blocks and len(blocks) > 1 and all(_is_meta(line) for line in blocks[0]):
        for line in blocks[0]:
            byline = byline or parse_byline(line)
            published = published or _date_in(line)
        blocks = blocks[1:]
    return Header(title, byline, published), blocks


def parse_date(line: str) -> str | None:
    """An ISO date (YYYY-MM-DD) when the line is a date ("Published March 18, 2025 9:00 ET")."""
    if len(line) > 80:
        return None
    for pattern, order in _DATE_PATTERNS:
        match = pattern.search(line)
        if match is None:
            continue
        rest = _DATE_FILLER.sub(" ", line[: match.start()] + " " + line[match.end() :])
        if sum(ch.isalpha() for ch in rest) > 3:
            return None
        day = _to_date(match.groups(), order)
        return day.isoformat() if day is not None else None
    return None


def parse_byline(line: str) -> str | None:
    """The author names of a "By Jane Doe and John Roe" line, or None when it is not one."""
    match = _BYLINE.match(line.strip())
    if match is None:
        return None
    names = _SEPARATORS.split(match.group(1))[0].strip().rstrip(",")
    words = names.replace(",", " ").split()
    if not 1 <= len(words) <= 10 or (names.endswith(".") and len(words[-1]) > 2):
        return None
    if any(not w[0].isupper() and w.lower() not in _NAME_CONNECTORS for w in words):
        return None
    return names


def _to_date(groups: tuple[str | None, ...], order: str) -> dt.date | None:
    a, b, c = (g or "" for g in groups)
    try:
        if order == "ymd":
            return dt.date(int(a), int(b), int(c))
        if order == "mdy":
            return dt.date(int(c), _MONTHS[a.lower()], int(b))
        if order == "dmy":
            return dt.date(int(c), _MONTHS[b.lower()], int(a))
        first, second = int(a), int(b)
        if first > 12 >= second:
            return dt.date(int(c), second, first)
        if second > 12 >= first:
            return dt.date(int(c), first, second)
    except (ValueError, KeyError):
        return None
    # 03/04/2025 is March or April depending on the country: no guess beats a wrong date.
    return None


def _is_title(line: str) -> bool:
    stripped = line.rstrip()
    return (
        len(stripped) <= MAX_TITLE
        and len(stripped.split()) <= 30
        and not stripped.endswith((".", ",", ";", ":", "…"))
        and parse_byline(stripped) is None
        and parse_date(stripped) is None
    )


def headline_over_body(line: str, below: list[str]) -> bool:
    """Whether ``line``, with the lines ``below`` it and no blank line between, is a headline:
    short, no final period, in title case ("Ferry Sails Despite Storm", not "Council news
    without punctuation", which may be a caption or a kicker), much shorter than the longest
    line below (hard-wrapped text has lines of one length) and followed by a new sentence."""
    words = line.split()
    if not below or not _is_title(line) or not 2 <= len(words) <= _HEADLINE_WORDS:
        return False
    first = below[0][:1]
    if not (first.isupper() or first.isdigit() or first in "\"'“‘"):
        return False
    if 2 * len(line) > max(len(following) for following in below):
        return False
    major = [w for w in words if w[:1].isalpha() and w.lower() not in _MINOR_WORDS]
    capitalised = sum(w[0].isupper() for w in major)
    opens = words[0][:1].isupper() or words[0][:1].isdigit()
    return opens and bool(major) and capitalised >= _TITLE_CASE_SHARE * len(major)


def _is_meta(line: str) -> bool:
    return parse_byline(line) is not None or _date_in(line) is not None


def _date_in(line: str) -> str | None:
    """A date from a date line or from the date part of "By Jane Doe | March 3, 2025"."""
    found = parse_date(line)
    if found is None and parse_byline(line) is not None:
        for part in _SEPARATORS.split(line)[1:]:
            found = found or parse_date(part)
    return found


__all__ = [
    "MAX_TITLE",
    "Header",
    "headline_over_body",
    "parse_byline",
    "parse_date",
    "take_header",
]
