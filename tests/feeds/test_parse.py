"""Feed parsing: RSS, Atom and JSON Feed entries with their skip reasons, and hostile or broken
documents, each one clear error."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from feed_site import BILLION_LAUGHS, EXTERNAL, item, rss, story

from newsbrief.errors import InputError
from newsbrief.feeds.parse import parse_feed


def test_the_shared_fixture_feeds_parse(shared_data: Path) -> None:
    folder = shared_data / "feeds"
    atom = parse_feed((folder / "feed1.atom").read_bytes())
    assert atom.title == "Example Feed" and len(atom.entries) == 2
    assert atom.entries[0].link == "http://example.org/2003/12/13/atom03"
    rss2 = parse_feed((folder / "feed2.rss").read_bytes())
    assert rss2.entries[0].link == "http://www.example.com/blog/post/1"
    assert rss2.entries[0].teaser  # a one-sentence description
    json_feed = parse_feed((folder / "feed.json").read_bytes())
    assert json_feed.entries and all(
        e.link and e.link.startswith("https://") for e in json_feed.entries
    )


def test_rss_atom_and_json_entries_and_their_skip_reasons() -> None:
    body = story(1)
    parsed = parse_feed(
        rss(
            [
                item("g1", "http://127.0.0.1/a", body),
                item("g1", "http://127.0.0.1/b", story(2)),  # duplicate GUID
                item(None, None, story(3)),  # no link: kept, keyed by its text
                item(None, None, ""),  # nothing to key it by
                item("g4", "javascript:alert(1)", story(4), date="last Tuesday-ish"),
            ]
        )
    )
    assert [e.guid for e in parsed.entries] == ["g1", None, "g4"]
    assert parsed.entries[0].published == "2026-03-10T08:00:00+00:00"
    assert parsed.entries[0].text == body and not parsed.entries[0].teaser
    assert parsed.entries[2].link is None and parsed.entries[2].published is None
    reasons = [reason for _label, reason in parsed.skipped]
    assert reasons == ["duplicate GUID of an earlier entry", "no GUID, no link and no text"]
    assert any("unreadable date" in note for note in parsed.notes)
    assert any("not http(s)" in note for note in parsed.notes)

    atom = parse_feed(
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:1</id>'
        b'<link href="http://127.0.0.1/x"/><title>X</title><updated>2026-01-02T03:04:05Z</updated>'
        b"<content type='html'>&lt;p&gt;Atom body.&lt;/p&gt;</content></entry></feed>"
    )
    assert atom.entries[0].text == "Atom body." and atom.entries[0].guid == "urn:1"
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "J",
        "items": [
            {"id": 7, "url": "http://127.0.0.1/j", "content_text": "Json body.",
             "date_published": "2026-02-03T04:05:06Z"},
            {"id": 7, "url": "http://127.0.0.1/k", "content_text": "Again."},
            "not an object",
        ],
    }  # fmt: skip
    parsed_json = parse_feed(json.dumps(document).encode())
    assert [e.guid for e in parsed_json.entries] == ["7"]
    assert parsed_json.entries[0].published == "2026-02-03T04:05:06+00:00"
    assert len(parsed_json.skipped) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (BILLION_LAUGHS, "refused: the feed declares XML entities"),
        (EXTERNAL, "refused: the feed declares XML entities"),
        (b"Just some words, not a feed at all.", "neither XML nor JSON"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "neither XML nor JSON"),
        (b"<html><body><p>A web page.</p></body></html>", "not a feed: not RSS or Atom"),
        (b'{"items": []}', "JSON without a JSON Feed version"),
        (b'{"version": "https://jsonfeed.org/version/1", "items": [', "invalid JSON"),
        (b"<rss version='2.0'><chan", "not a feed: not well-formed XML"),
        (b"   ", "the feed is empty"),
    ],
)
def test_hostile_and_broken_feeds_get_one_clear_error(content: bytes, message: str) -> None:
    started = time.perf_counter()
    with pytest.raises(InputError, match=message):
        parse_feed(content)
    assert time.perf_counter() - started < 2  # no entity expansion happened


def test_a_truncated_feed_keeps_the_entries_that_were_whole() -> None:
    whole = rss([item("t1", "http://127.0.0.1/t1", story(1)), item("t2", "http://x/t2", story(2))])
    parsed = parse_feed(whole[: whole.index(b"<guid", whole.index(b"Story t2"))])
    assert [e.guid for e in parsed.entries][:1] == ["t1"]
    assert any("not well-formed" in note for note in parsed.notes)


def test_a_huge_feed_is_refused_before_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("newsbrief.feeds.parse.MAX_FEED_BYTES", 1000)
    with pytest.raises(InputError, match="larger than"):
        parse_feed(rss([item(f"h{n}", None, story(n)) for n in range(5)]))


def test_json_feed_authors_bodies_and_dates() -> None:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "items": [
            {"id": "a", "authors": [{"name": "Ana Diaz"}], "content_html": "<p>One.</p><p>Two.</p>",
             "date_published": "2026-02-03T04:05:06+01:00"},
            {"id": "b", "author": {"name": "Bo Lee"}, "summary": "  A  summary. ",
             "date_published": "yesterday"},
            {"id": "c", "authors": ["not an object"], "content_text": "Text."},
        ],
    }  # fmt: skip
    parsed = parse_feed(json.dumps(document).encode())
    assert [e.author for e in parsed.entries] == ["Ana Diaz", "Bo Lee", None]
    assert [e.text for e in parsed.entries] == ["One.\n\nTwo.", "A summary.", "Text."]
    assert [e.published for e in parsed.entries] == ["2026-02-03T04:05:06+01:00", None, None]
    assert parsed.notes == ["entry 2: ignored an unreadable date 'yesterday'"]


def test_atom_entries_fall_back_to_their_update_time_and_summary() -> None:
    parsed = parse_feed(
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
        b'<entry><id>http://127.0.0.1/u</id><link href="http://127.0.0.1/u"/><title>U</title>'
        b"<updated>2026-01-02T03:04:05Z</updated><summary>Short.</summary></entry>"
        b'<entry><id>urn:2</id><link href="http://127.0.0.1/v"/><title>V</title>'
        b"<updated>someday</updated></entry></feed>"
    )
    first, second = parsed.entries
    # An id equal to the link is no GUID: the link keys the entry.
    assert first.guid is None and first.link == "http://127.0.0.1/u"
    assert first.published == "2026-01-02T03:04:05+00:00" and first.text == "Short."
    assert second.guid == "urn:2" and second.published is None and second.text == ""
    assert parsed.notes == ["entry 2 (V): ignored an unreadable date 'someday'"]
