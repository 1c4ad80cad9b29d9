"""Dates an article mentions, resolved against its publication date.

"On March 18", "18 March 2011", "2011-03-18", "last Tuesday", "on Friday", "yesterday", "last
night": each becomes a calendar date. A day and month without a year take the year that puts them
nearest the publication date; a weekday alone is the most recent one on or before it, or the next
one when the sentence speaks of the future ("will", "next Friday"). Month names and weekdays must
be capitalised, which keeps "may" and "march" the verbs out.

Every pattern is a plain alternation or a fixed sequence with bounded repeats: matching is
linear in the text, whatever the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

_MONTHS = {
    "January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7,
    "August": 8, "September": 9, "October": 10, "November": 11, "December": 12,
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "Jun": 6, "Jul": 7, "Aug": 8, "Sep": 9,
    "Sept": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}  # fmt: skip
_WEEKDAYS = {
    "Monday": 0, "Tuesday": 1, "Wednesday": 2, "Thursday": 3, "Friday": 4, "Saturday": 5,
    "Sunday": 6,
}  # fmt: skip
_RELATIVE = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1, "last night": -1}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(_WEEKDAYS)
_ORDINAL = r"(?:st|nd|rd|th)?"
_PATTERN = re.compile(
    rf"\b(?:(?P<iso>(?P<iy>\d{{4}})-(?P<im>\d{{2}})-(?P<id>\d{{2}}))"
    rf"|(?P<md>(?P<m1>{_MONTH})\.? (?P<d1>\d{{1,2}}){_ORDINAL}(?:,? (?P<y1>\d{{4}}))?)"
    rf"|(?P<dm>(?P<d2>\d{{1,2}}){_ORDINAL} (?:of )?(?P<m2>{_MONTH})\.?(?:,? (?P<y2>\d{{4}}))?)"
    rf"|(?P<wd>(?:(?P<which>[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast) )?(?P<day>{_WEEKDAY}))"
    rf"|(?P<rel>[Yy]esterday|[Tt]oday|[Tt]onight|[Tt]omorrow|[Ll]ast night))\b"
)
# Words that put a bare weekday in the coming days rather than the past ones.
_FUTURE = re.compile(r"\b(?:will|'ll|’ll|is due|are due|is set to|are set to|plans? to|next)\b")
# Years newsbrief resolves dates in: outside them a "date" is more likely a number.
MIN_YEAR = 1900
MAX_YEAR = 2200


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date as written (``text`` at ``start``:``end``) and the calendar day it names."""

    text: str
    start: int
    end: int
    day: date


def mentions(text: str, published: date | None) -> list[DateMention]:
    """Every date in ``text`` that can be placed on the calendar, in order. Without a
    publication date only dates written with their year can be."""
    if published is not None and not MIN_YEAR <= published.year <= MAX_YEAR:
        published = None  # a placeholder date: arithmetic around it could leave the calendar
    future = _FUTURE.search(text) is not None
    found = []
    for match in _PATTERN.finditer(text):
        day = _resolve(match, published, future)
        if day is not None and MIN_YEAR <= day.year <= MAX_YEAR:
            found.append(DateMention(match.group(0), match.start(), match.end(), day))
    return found


def publication_day(value: str | None) -> date | None:
    """The day of an ISO 8601 date or date-time, or None when there is none or it lies outside
    the years newsbrief places stories in (a year 1 or 9999 "date" is a placeholder, not a
    day, and arithmetic around it would leave the calendar)."""
    if not value:
        return None
    try:
        day = datetime.fromisoformat(value.strip()).date()
    except (ValueError, OverflowError):
        return None
    return day if MIN_YEAR <= day.year <= MAX_YEAR else None


def _resolve(match: re.Match[str], published: date | None, future: bool) -> date | None:
    g = match.group
    if g("iso"):
        return _day(int(g("iy")), int(g("im")), int(g("id")))
    if g("md") or g("dm"):
        month = _MONTHS[g("m1") or g("m2")]
        day = int(g("d1") or g("d2"))
        year = g("y1") or g("y2")
        if year:
            return _day(int(year), month, day)
        return _nearest_year(month, day, published)
    if published is None:
        return None
    if g("wd"):
        return _weekday(_WEEKDAYS[g("day")], (g("which") or "").lower(), published, future)
    return published + timedelta(days=_RELATIVE[g("rel").lower()])


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:  # "February 30", "2011-13-45"
        return None


def _nearest_year(month: int, day: int, published: date | None) -> date | None:
    """The day and month in the year that brings them nearest the publication date (news
    reports the recent past more than the coming months: a tie goes to the past)."""
    if published is None:
        return None
    options = [
        found
        for year in (published.year - 1, published.year, published.year + 1)
        if (found := _day(year, month, day)) is not None
    ]
    if not options:
        return None
    return min(options, key=lambda d: (abs((d - published).days), d > published))


def _weekday(weekday: int, which: str, published: date, future: bool) -> date:
    back = (published.weekday() - weekday) % 7
    ahead = (weekday - published.weekday()) % 7
    if which == "next":
        return published + timedelta(days=ahead or 7)
    if which in ("last", "past"):
        return published - timedelta(days=back or 7)
    if future and which != "this":
        return published + timedelta(days=ahead)
    return published - timedelta(days=back)


__all__ = ["MAX_YEAR", "MIN_YEAR", "DateMention", "mentions", "publication_day"]
