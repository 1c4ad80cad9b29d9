"""A page's headline, canonical URL, byline, date and site name, from its own markup.

:func:`read_signals` collects the raw signals from the parsed page once: the ``og:*`` /
``twitter:*`` / ``article:*`` / Dublin Core / Parse.ly metas, JSON-LD article objects,
``<link rel=canonical>``, ``<title>`` and the ``<h1>`` texts. :func:`page_metadata` turns them
into fields, the first source found winning; :mod:`.titles` chooses the headline.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

import lxml.etree

from newsbrief.reading.html_text import element_text
from newsbrief.reading.titles import choose_title, site_names

_SPACES = re.compile(r"\s+")
_ARTICLE_TYPES = frozenset(
    "Article NewsArticle BlogPosting ReportageNewsArticle AnalysisNewsArticle OpinionNewsArticle "
    "BackgroundNewsArticle ReviewNewsArticle LiveBlogPosting TechArticle ScholarlyArticle "
    "SocialMediaPosting Report WebPage".split()
)
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
# A field longer than this is not a title, a name or a date; JSON-LD is walked this deep and
# wide at most, so a hostile script cannot make the walk expensive.
_MAX_FIELD = 300
_MAX_JSONLD_DEPTH = 6
_MAX_JSONLD_ITEMS = 50
_MAX_H1 = 5
# As the article store: a longer URL cannot be stored, so it is not offered.
MAX_URL_BYTES = 2000
_MAX_URL_FIELD = MAX_URL_BYTES + 1
_URL = re.compile(r"https?://[^\s/?#@]+(?:[/?#]\S*)?", re.IGNORECASE)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_URL_DAY = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/")


@dataclass(slots=True)
class Signals:
    """The raw metadata of one page; every field may be missing."""

    metas: dict[str, str] = field(default_factory=dict)  # lowercased name -> first content
    jsonld: dict[str, str] = field(default_factory=dict)  # headline, author, publisher, ...
    canonical: str | None = None
    title_tag: str | None = None
    h1: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class PageMetadata:
    title: str | None
    title_source: str  # where the headline came from, and how its site name was cut
    url: str | None  # the canonical URL: absolute http(s) only
    byline: str | None
    published: str | None  # an ISO 8601 day
    site_name: str | None


def read_signals(root: lxml.etree._Element) -> Signals:
    """The metadata signals of a parsed page."""
    signals = Signals()
    for meta in root.iter("meta"):
        content = _clean(meta.get("content"), _MAX_URL_FIELD)
        if content:
            for attribute in ("property", "name", "itemprop"):
                for key in (meta.get(attribute) or "").lower().split():
                    signals.metas.setdefault(key, content)
    for link in root.iter("link"):
        if signals.canonical is None and "canonical" in (link.get("rel") or "").lower().split():
            signals.canonical = _clean(link.get("href"), _MAX_URL_FIELD)
    title = next(root.iter("title"), None)
    if title is not None:
        signals.title_tag = _clean(element_text(title).replace("\n", " "))
    for h1 in root.iter("h1"):
        text = _clean(element_text(h1).replace("\n", " "))
        if text:
            signals.h1.append(text)
        if len(signals.h1) >= _MAX_H1:
            break
    signals.jsonld = _jsonld_fields(root)
    return signals


def page_metadata(
    signals: Signals, body_first_line: str | None = None, url: str | None = None
) -> PageMetadata:
    """The page's fields from its signals; ``url`` (the caller's) helps name the site."""
    canonical = next(
        (
            u
            for u in (signals.canonical, signals.metas.get("og:url"), signals.jsonld.get("url"))
            if u and absolute_url(u)
        ),
        None,
    )
    metas, jsonld = _short(signals.metas), _short(signals.jsonld)
    byline = _first(
        jsonld.get("author"),
        metas.get("author"),
        metas.get("article:author"),
        metas.get("parsely-author"),
        metas.get("dc.creator"),
        metas.get("sailthru.author"),
    )
    if byline is not None and _URL.fullmatch(byline):
        byline = None  # a profile link, not a name
    published = _day(
        _first(
            metas.get("article:published_time"),
            jsonld.get("datePublished"),
            metas.get("parsely-pub-date"),
            metas.get("dc.date"),
            metas.get("dcterms.created"),
            metas.get("date"),
            metas.get("pubdate"),
            metas.get("publishdate"),
            metas.get("sailthru.date"),
        )
    ) or _url_day(canonical or url)
    sites = (metas.get("og:site_name"), jsonld.get("publisher"), metas.get("application-name"))
    site = next((s for s in sites if s and not _URL.fullmatch(s)), None)
    names = site_names(metas, jsonld.get("publisher"), url or canonical)
    choice = choose_title(
        jsonld_titles=(jsonld.get("headline"), jsonld.get("name")),
        metas=metas,
        title_tag=signals.title_tag,
        h1=signals.h1,
        body_first_line=body_first_line,
        names=names,
    )
    return PageMetadata(choice.title, choice.source, canonical, byline, published, site)


def absolute_url(value: str) -> bool:
    """An absolute http(s) URL with a host, short enough to store."""
    return bool(_URL.fullmatch(value)) and len(value.encode("utf-8")) <= MAX_URL_BYTES


def _clean(value: object, limit: int = _MAX_FIELD) -> str | None:
    """``value`` with its whitespace collapsed, cut at ``limit`` characters. URLs are kept up to
    one character over the storable length, so that an over-long one is refused, not cut."""
    if not isinstance(value, str):
        return None
    text = _SPACES.sub(" ", value[: 4 * limit]).strip()
    return text[:limit] or None


def _short(values: dict[str, str]) -> dict[str, str]:
    return {key: value[:_MAX_FIELD] for key, value in values.items()}


def _first(*values: str | None) -> str | None:
    return next((v for v in values if v), None)


def _day(value: str | None) -> str | None:
    """The day of an ISO 8601 date or date-time ("2024-03-03T10:15:00Z" -> "2024-03-03")."""
    if not value:
        return None
    text = value.strip()
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except (ValueError, OverflowError):
        pass
    match = _ISO_DAY.match(text)
    if match is None:
        return None
    try:
        return date.fromisoformat(match.group()).isoformat()
    except ValueError:
        return None


def _url_day(url: str | None) -> str | None:
    """The day in a news URL's path (``/2024/03/03/``), which many sites put there."""
    match = _URL_DAY.search(url or "")
    if match is None:
        return None
    try:
        return date(*(int(part) for part in match.groups())).isoformat()
    except ValueError:
        return None


def _jsonld_fields(root: lxml.etree._Element) -> dict[str, str]:
    """headline, name, author, datePublished, publisher and url of the page's JSON-LD article;
    an object typed only ``WebPage`` yields to a real article type."""
    found: dict[str, tuple[str, bool]] = {}
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(_CDATA.sub("", script.text))
        except (ValueError, RecursionError):
            continue
        for node in _walk(data, 0):
            raw = node.get("@type")
            types = raw if isinstance(raw, list) else [raw]
            if not any(isinstance(t, str) and t in _ARTICLE_TYPES for t in types):
                continue
            is_page = all(t == "WebPage" for t in types)
            values = {
                "headline": _clean(node.get("headline")),
                "name": None if is_page else _clean(node.get("name")),
                "author": _name_of(node.get("author")),
                "datePublished": _clean(node.get("datePublished")),
                "publisher": _name_of(node.get("publisher")),
                "url": _clean(node.get("url"), _MAX_URL_FIELD),
            }
            for key, value in values.items():
                if value and (key not in found or (found[key][1] and not is_page)):
                    found[key] = (value, is_page)
    return {key: value for key, (value, _) in found.items()}


def _walk(node: object, depth: int) -> Iterator[dict[str, object]]:
    if depth > _MAX_JSONLD_DEPTH:
        return
    if isinstance(node, list):
        for item in node[:_MAX_JSONLD_ITEMS]:
            yield from _walk(item, depth + 1)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in node:
                yield from _walk(node[key], depth + 1)


def _name_of(value: object) -> str | None:
    if isinstance(value, list):
        names = [n for n in (_name_of(v) for v in value[:5]) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        return _clean(value.get("name"))
    return _clean(value)


__all__ = [
    "MAX_URL_BYTES",
    "PageMetadata",
    "Signals",
    "absolute_url",
    "page_metadata",
    "read_signals",
]
