"""Page metadata from the markup: canonical URL (absolute http(s) only), byline, day, site name,
JSON-LD in its many shapes, and garbage that must not raise."""

from __future__ import annotations

import json

import lxml.html
import pytest

from newsbrief.reading.metadata import (
    MAX_URL_BYTES,
    PageMetadata,
    absolute_url,
    page_metadata,
    read_signals,
)


def metadata(head: str, body: str = "", url: str | None = None) -> PageMetadata:
    page = f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"
    return page_metadata(read_signals(lxml.html.document_fromstring(page)), None, url)


def test_fields_from_metas() -> None:
    meta = metadata(
        "<title>Council votes | Example</title>"
        '<link rel="canonical" href="https://example.org/a/1">'
        '<meta property="og:site_name" content="Example"><meta name="author" content="B. Reporter">'
        '<meta property="article:published_time" content="2023-05-06T10:00:00+02:00">'
    )
    assert meta == PageMetadata(
        title="Council votes",
        title_source="title+site",
        url="https://example.org/a/1",
        byline="B. Reporter",
        published="2023-05-06",
        site_name="Example",
    )


def test_jsonld_in_cdata_with_a_graph() -> None:
    graph = {
        "@graph": [
            {"@type": "WebPage", "headline": "Page", "url": "https://example.org/page"},
            {
                "@type": "NewsArticle",
                "headline": "Storm hits coast",
                "author": [{"@type": "Person", "name": "A. Writer"}, {"name": "B. Writer"}],
                "datePublished": "2024-01-02T03:04:05Z",
                "publisher": {"name": "Coast News"},
            },
        ]
    }
    script = f'<script type="application/ld+json"><![CDATA[ {json.dumps(graph)} ]]></script>'
    meta = metadata(f"<title>Storm hits coast</title>{script}")
    assert (meta.title, meta.byline, meta.published) == (
        "Storm hits coast",
        "A. Writer, B. Writer",
        "2024-01-02",
    )
    assert meta.site_name == "Coast News"
    assert meta.url == "https://example.org/page"


@pytest.mark.parametrize(
    "href",
    [
        "/news/relative",
        "javascript:alert(1)",
        "ftp://example.org/file",
        "https://user@evil.example/",
        "https://example.org/" + "a" * MAX_URL_BYTES,
        "https:// spaced.example/",
    ],
)
def test_only_absolute_http_urls_are_canonical(href: str) -> None:
    assert metadata(f'<link rel="canonical" href="{href}">').url is None


def test_og_url_when_canonical_is_unusable() -> None:
    head = '<link rel="canonical" href="/x"><meta property="og:url" content="http://example.org/x">'
    assert metadata(head).url == "http://example.org/x"


def test_dates_become_days_and_nonsense_is_dropped() -> None:
    assert metadata('<meta name="date" content="2021-02-03">').published == "2021-02-03"
    assert metadata('<meta name="date" content="yesterday">').published is None
    assert metadata('<meta name="date" content="2021-13-45">').published is None
    url_day = metadata("", url="https://example.org/2020/07/09/story.html")
    assert url_day.published == "2020-07-09"


def test_a_profile_link_is_not_a_byline() -> None:
    assert metadata('<meta name="author" content="https://example.org/staff/b">').byline is None


@pytest.mark.parametrize(
    "script",
    ["{not json", "[" * 5000 + "]" * 5000, '{"@type": 5}', '"just a string"', "[]"],
)
def test_broken_jsonld_is_ignored(script: str) -> None:
    meta = metadata(
        f'<title>Kept title here</title><script type="application/ld+json">{script}</script>'
    )
    assert meta.title == "Kept title here"


def test_absolute_url() -> None:
    assert absolute_url("https://example.org")
    assert not absolute_url("example.org/x")
