"""Plain-text news pages (copied from a browser, saved by a reader app): strip the site chrome.

A page pasted as text keeps its buttons and navigation ("Share", "Advertisement", "No time to
read? Get a summary", "Previous Article" + a headline). They are recognised line by line and only
when a whole line is chrome, so a story sentence that merely mentions "subscribe" is never touched;
a line ending in a full stop is never chrome. The header (title, byline, date) is read from the
leading lines only, where a "By ..." line cannot be a sentence of the story.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass

_MAX_TITLE = 200
_MAX_CHROME = 80
_MAX_REPEATED = 50

_EDGES = re.compile(r"^[\W_]+|[^\w.]+$")
_SPACES = re.compile(r"\s+")

# Whole-line patterns, matched against the lowercased line without surrounding symbols/arrows.
_CHROME_PHRASES = (
    r"no time to read|get (?:a|the|an ai) summary|tl;? ?dr this",
    r"summari[sz]e(?: (?:this|the))?(?: article| story| page)?(?: for me)?",
    r"share(?: (?:this|the))?(?: article| story| post| page| link)?(?: (?:on|via|to) [\w ]{1,20})?",
    r"facebook|twitter|x|linkedin|whatsapp|pinterest|reddit|e-?mail|print|telegram|messenger",
    r"flipboard|bluesky|threads|copy link|copy url|link copied|copied",
    r"tweet(?: this)?|(?:click|tap) to (?:share|tweet|email|print|subscribe|copy)[\w ]{0,30}",
    r"subscribe(?: now| today| here| for free)?|subscribe to [\w' ]{1,40}",
    r"sign up(?: now| today| for free)?",
    r"sign up for [\w' ]{0,40}(?:newsletters?|alerts|updates|emails?)",
    r"(?:sign|log) (?:in|out)(?: to [\w ]{1,30})?|register|create (?:an )?account",
    r"(?:get|join) (?:our )?(?:free )?newsletters?|newsletters?(?: sign ?up)?",
    r"advertisement|advertising|advert|ads?|sponsored(?: content| post| story)?",
    r"paid (?:content|post|partnership)|promoted(?: content)?",
    r"(?:story|article) continues below(?: (?:this )?(?:advertisement|ad))?",
    r"continue reading(?: below| the(?: main)? story| this article)?",
    r"scroll (?:down )?to continue(?: with content| reading)?",
    r"read more(?: (?:about|on|from|at) [\w' ]{1,40})?",
    r"read (?:the )?(?:full|whole|rest of the) (?:article|story)",
    r"read next|up next|watch next|what to read next|(?:load|show|view|see) more(?: stories)?",
    r"related(?: (?:articles?|stories|posts?|content|coverage|news|reading|links|topics))?",
    r"more (?:from|on|in|about) [\w' ]{1,40}|more (?:stories|news|like this)",
    r"recommended(?: for you| stories| articles| reading)?",
    r"you (?:may|might) (?:also )?(?:like|enjoy)",
    r"most (?:read|popular|viewed|shared)|trending(?: now| stories)?|top stories",
    r"editors?'? picks?|see also|also read|read also",
    r"(?:accept|reject|allow|decline)(?: all)?(?: cookies)?",
    r"(?:manage|cookie) (?:cookies|preferences|settings|consent|policy|notice)",
    r"(?:\d+ )?comments?(?: \(\d+\))?|leave a (?:comment|reply)",
    r"join the (?:conversation|discussion)",
    r"(?:view|show|hide|load|read|post|add) (?:\d+ )?(?:a )?comments?",
    r"skip to (?:main )?(?:content|navigation)|back to top|(?:main )?menu|home|search|close",
    r"toggle navigation|listen(?: to (?:this|the) (?:article|story))?(?: \d+ min(?:utes?)?)?",
    r"\d+ min(?:ute)?s? read|follow us(?: on [\w ]{1,30})?|(?:download|get) (?:the|our) app",
    r"all rights reserved|(?:previous|prev|next|older|newer)(?: (?:article|story|post|page))?",
)
_CHROME = re.compile("|".join(f"(?:{phrase})" for phrase in _CHROME_PHRASES))
# "Related: <headline>" style inserts and tag/topic lists: a label, a colon, then anything.
_LABELLED = re.compile(
    r"(?i)^\W*(?:related|read more|see also|also read|read also|recommended|read next|up next"
    r"|more on this(?: story)?|watch|tags?|topics?|filed under|categories|category)"
    r"\s*:\s*\S.{0,150}$"
)
_COPYRIGHT = re.compile(r"(?i)^(?:©|\(c\)|copyright\b).{0,100}$")
_COOKIE = re.compile(r"(?i)\bcookies?\b")
_COOKIE_CONTEXT = re.compile(r"(?i)\b(?:accept|consent|we use|this (?:web)?site uses|privacy)\b")

_NAV = re.compile(r"(?i)^[\W_]*(previous|prev|older|next|newer)(?: (?:article|story|post))?[\W_]*$")
_NAV_INLINE = re.compile(
    r"(?i)^[\W_]*(previous|prev|older|next|newer) (?:article|story|post)"
    r"\s*[:|\-\u2013\u2014\u00bb\u203a>]+\s*(\S.*)$"
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
_MENU_SEPARATORS = re.compile(r"\s*[|\u2022\u00b7]\s*")
_CLOSERS = ("'", '"', "\u201d", "\u2019")
_TERMINAL = (".", "!", "?", ":", ";", ")", "\u00bb", "\u2026", *_CLOSERS)

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
class TextPage:
    """What a plain-text page holds once its chrome is gone."""

    body: str
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    previous: str | None = None
    next: str | None = None


def parse_text_page(text: str) -> TextPage:
    """Split a plain-text page into header, body and previous/next links, dropping site chrome."""
    lines = [line.strip() for line in text.split("\n")]
    keep = [bool(line) for line in lines]
    links = _take_navigation(lines, keep)
    _drop_chrome(lines, keep)
    blocks = _blocks(lines, keep)
    title, byline, published, blocks = _take_header(blocks)
    body = "\n\n".join(_unwrap(block) for block in blocks)
    return TextPage(body, title, byline, published, links.get("previous"), links.get("next"))


def is_chrome(line: str) -> bool:
    """True when a whole line is a button, label or notice of the site rather than the story."""
    line = line.strip()
    if not line or (line.endswith(".") and not line.endswith("..")):
        return False
    if _LABELLED.match(line) or _COPYRIGHT.match(line):
        return True
    if _COOKIE.search(line) and _COOKIE_CONTEXT.search(line) and len(line) <= 400:
        return True
    if len(line) > _MAX_CHROME:
        return False
    core = _SPACES.sub(" ", _EDGES.sub("", line.lower())).rstrip(".")
    return bool(core) and _CHROME.fullmatch(core) is not None


def _is_menu(line: str) -> bool:
    """A site menu: three or more short items between | or bullet separators."""
    items = [item for item in _MENU_SEPARATORS.split(line) if item.strip()]
    return len(items) >= 3 and all(
        len(item.split()) <= 3 and not item.rstrip().endswith(_TERMINAL) for item in items
    )


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


def _take_navigation(lines: list[str], keep: list[bool]) -> dict[str, str]:
    """Find "Previous Article" / "Next Article" labels and the headline after each."""
    links: dict[str, str] = {}
    for i, line in enumerate(lines):
        if not keep[i]:
            continue
        inline = _NAV_INLINE.match(line)
        if inline is not None and len(inline.group(2)) <= _MAX_TITLE:
            links.setdefault(_direction(inline.group(1)), inline.group(2).strip())
            keep[i] = False
            continue
        label = _NAV.match(line)
        if label is None:
            continue
        keep[i] = False
        j = next((k for k in range(i + 1, min(i + 3, len(lines))) if lines[k]), None)
        if j is not None and _is_headline(lines[j]):
            links.setdefault(_direction(label.group(1)), lines[j])
            keep[j] = False
    return links


def _direction(word: str) -> str:
    return "previous" if word.lower() in ("previous", "prev", "older") else "next"


def _is_headline(line: str) -> bool:
    return (
        len(line) <= _MAX_TITLE
        and len(line.split()) <= 30
        and not is_chrome(line)
        and _NAV.match(line) is None
        and not line.endswith((",", ";", ":"))
    )


def _drop_chrome(lines: list[str], keep: list[bool]) -> None:
    """Drop chrome lines, and short button-like lines repeated near the top and the bottom."""
    first = next((i for i, k in enumerate(keep) if k), None)
    seen: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if not keep[i]:
            continue
        # Menus only count on text pages: in HTML bodies such lines are table rows.
        if is_chrome(line) or _is_menu(line):
            keep[i] = False
        elif _button_like(line):
            seen.setdefault(line.lower(), []).append(i)
    third = max(1, len(lines) // 3)
    for key, where in seen.items():
        if len(where) >= 2 and where[0] < third and where[-1] >= len(lines) - third:
            for i in where:
                # The title may be repeated at the bottom; the copy on top is still the title.
                keep[i] = i == first and i == where[0] and len(key.split()) >= 4


def _button_like(line: str) -> bool:
    return (
        len(line) <= _MAX_REPEATED
        and len(line.split()) <= 8
        and any(ch.isalpha() for ch in line)
        and not line.endswith((".", ":", *_CLOSERS))
    )


def _blocks(lines: list[str], keep: list[bool]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line, kept in zip(lines, keep, strict=True):
        if kept:
            blocks[-1].append(line)
        elif not line and blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _take_header(
    blocks: list[list[str]],
) -> tuple[str | None, str | None, str | None, list[list[str]]]:
    """Title (a short first line standing alone), then byline and date lines right below it."""
    title = byline = published = None
    if len(blocks) < 2:
        return None, None, None, blocks
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
    return title, byline, published, blocks


def _is_title(line: str) -> bool:
    stripped = line.rstrip()
    return (
        len(stripped) <= _MAX_TITLE
        and len(stripped.split()) <= 30
        and not stripped.endswith((".", ",", ";", ":", "…"))
        and parse_byline(stripped) is None
        and parse_date(stripped) is None
    )


def _is_meta(line: str) -> bool:
    return parse_byline(line) is not None or _date_in(line) is not None


def _date_in(line: str) -> str | None:
    """A date from a date line or from the date part of "By Jane Doe | March 3, 2025"."""
    found = parse_date(line)
    if found is None and parse_byline(line) is not None:
        for part in _SEPARATORS.split(line)[1:]:
            found = found or parse_date(part)
    return found


def _unwrap(block: list[str]) -> str:
    """Rejoin hard-wrapped lines (a long line cut mid-sentence); keep other line breaks."""
    out = block[0]
    for previous, line in itertools.pairwise(block):
        mid_sentence = len(previous) >= 50 and not previous.endswith(_TERMINAL)
        out += (" " if mid_sentence else "\n") + line
    return out
