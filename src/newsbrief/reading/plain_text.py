"""Plain-text news pages (copied from a browser, saved by a reader app) to an Article.

A page pasted as text keeps its site chrome (:mod:`.chrome`), its menus, the buttons it repeats at
the top and the bottom, and its "Previous Article" / "Next Article" links with their headlines.
Those lines go; the links are kept as the article's ``previous`` and ``next``, and the header
(:mod:`.header`) gives its title, byline and date.
"""

from __future__ import annotations

import itertools
import re

from newsbrief.models import Article
from newsbrief.reading.chrome import is_chrome
from newsbrief.reading.header import MAX_TITLE, take_header

_MAX_REPEATED = 50

_MENU_SEPARATORS = re.compile(r"\s*[|\u2022\u00b7]\s*")
_CLOSERS = ("'", '"', "\u201d", "\u2019")
_TERMINAL = (".", "!", "?", ":", ";", ")", "\u00bb", "\u2026", *_CLOSERS)

_NAV = re.compile(r"(?i)^[\W_]*(previous|prev|older|next|newer)(?: (?:article|story|post))?[\W_]*$")
_NAV_INLINE = re.compile(
    r"(?i)^[\W_]*(previous|prev|older|next|newer) (?:article|story|post)"
    r"\s*[:|\-\u2013\u2014\u00bb\u203a>]+\s*(\S.*)$"
)


def read_plain_text(text: str) -> Article:
    """The article of a plain-text page: its body without the site chrome, the header's title,
    byline and date, and the previous/next links. The body is empty when the page held only
    chrome."""
    lines = [line.strip() for line in text.split("\n")]
    keep = [bool(line) for line in lines]
    links = _take_navigation(lines, keep)
    _drop_chrome(lines, keep)
    header, blocks = take_header(_blocks(lines, keep))
    return Article(
        text="\n\n".join(_unwrap(block) for block in blocks),
        title=header.title,
        byline=header.byline,
        published=header.published,
        previous=links.get("previous"),
        next=links.get("next"),
    )


def _take_navigation(lines: list[str], keep: list[bool]) -> dict[str, str]:
    """Find "Previous Article" / "Next Article" labels and the headline after each."""
    links: dict[str, str] = {}
    for i, line in enumerate(lines):
        if not keep[i]:
            continue
        inline = _NAV_INLINE.match(line)
        if inline is not None and len(inline.group(2)) <= MAX_TITLE:
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
        len(line) <= MAX_TITLE
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


def _is_menu(line: str) -> bool:
    """A site menu: three or more short items between | or bullet separators."""
    items = [item for item in _MENU_SEPARATORS.split(line) if item.strip()]
    return len(items) >= 3 and all(
        len(item.split()) <= 3 and not item.rstrip().endswith(_TERMINAL) for item in items
    )


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


def _unwrap(block: list[str]) -> str:
    """Rejoin hard-wrapped lines (a long line cut mid-sentence); keep other line breaks."""
    out = block[0]
    for previous, line in itertools.pairwise(block):
        mid_sentence = len(previous) >= 50 and not previous.endswith(_TERMINAL)
        out += (" " if mid_sentence else "\n") + line
    return out


__all__ = ["read_plain_text"]
