"""Feed parsing: RSS, Atom and JSON Feed entries with their skip reasons, and hostile or broken
documents, each one clear error."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from feed_site import BILLION_LAUGHS, EXTERNAL, item, rss, story
from hypothesis import given, settings
from hypothesis import strategies as st

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
    assert parsed.notes == [
        "entry 2: ignored an unreadable date 'yesterday'",
        "entry 3: ignored authors that are not a list of objects",
    ]


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


def _json_feed(*items: object) -> bytes:
    return json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "items": list(items)}
    ).encode()


_RSS_BAD_LINK = rss([item("r1", "http://[oops", story(1))])
_ATOM_BAD_LINK = (
    b'<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><entry><id>urn:1</id>'
    b'<link href="http://[oops"/><title>X</title><content>Atom body.</content></entry></feed>'
)


@pytest.mark.parametrize(
    ("content", "note"),
    [
        (_RSS_BAD_LINK, "link"),
        (_ATOM_BAD_LINK, "link"),
        (_json_feed({"id": "j", "url": "http://[oops", "content_text": "Body."}), "link"),
        (_json_feed({"id": "j", "authors": {"name": "x"}, "content_text": "Body."}), "authors"),
        (_json_feed({"id": "j", "authors": 5, "content_text": "Body."}), "authors"),
        (_json_feed({"id": "j", "content_html": ["<p>x</p>"], "content_text": "Body."}), "content"),
        (_json_feed({"id": "j", "content_text": "Body.",
                     "date_published": "0001-01-01T00:00:00+14:00"}), "date"),
        (_json_feed({"id": "j", "content_text": "Body.",
                     "date_published": "9999-12-31T23:59:59-23:59"}), "date"),
        (_json_feed({"id": {"a": 1}, "url": "http://127.0.0.1/j", "content_text": "Body."}), "id"),
        (_json_feed({"id": "j", "title": ["T"], "content_text": "Body."}), "title"),
    ],
)  # fmt: skip
def test_a_hostile_field_is_dropped_with_a_note_and_the_entry_kept(
    content: bytes, note: str
) -> None:
    parsed = parse_feed(content)
    assert len(parsed.entries) == 1 and parsed.entries[0].text
    assert any(note in n for n in parsed.notes), parsed.notes
    entry = parsed.entries[0]
    assert entry.link is None or entry.link.startswith("http://127.0.0.1")
    # Whatever date is kept can be placed on the UTC time line (storage orders by it).
    if entry.published is not None:
        datetime.fromisoformat(entry.published).astimezone(UTC)


_SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
    | st.sampled_from(["http://[oops", "http://127.0.0.1:99999/", "https://x/\x00",
                       "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-23:59",
                       "2026-02-30T00:00:00Z", "javascript:alert(1)", "<p>x</p>", "a\ud800b",
                       "\x00"])
)  # fmt: skip
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
_JSON_KEYS = ["id", "url", "external_url", "title", "content_html", "content_text", "summary",
              "date_published", "date_modified", "author", "authors", "tags", "image"]  # fmt: skip
_XML_TAGS = ["title", "link", "guid", "description", "pubDate", "author", "category"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(st.sampled_from(_JSON_KEYS), _VALUES), max_size=4) | _VALUES)
def test_json_feed_items_of_any_shape_never_raise(items: object) -> None:
    document = {"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": items}
    _never_raises_but_input_error(json.dumps(document).encode())


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.sampled_from(_XML_TAGS), _SCALARS.map(str)), max_size=6), max_size=4
    )
)
def test_rss_items_of_any_content_never_raise(items: list[list[tuple[str, str]]]) -> None:
    xml_items = [
        "<item>"
        + "".join(f"<{tag}>{escape(_utf8(value))}</{tag}>" for tag, value in fields)
        + "</item>"
        for fields in items
    ]
    _never_raises_but_input_error(rss(xml_items))


def _utf8(value: str) -> str:
    """``value`` as a UTF-8 document can hold it (no lone surrogates)."""
    return value.encode("utf-8", "replace").decode("utf-8")


def _never_raises_but_input_error(content: bytes) -> None:
    try:
        parsed = parse_feed(content)
    except InputError:
        return
    for entry in parsed.entries:
        fields = (entry.guid, entry.link, entry.title, entry.author, entry.text)
        assert all(isinstance(v, str | None) for v in fields)
        # Storable as they are: UTF-8 without NUL.
        assert all("\x00" not in v for v in fields if v is not None)
        b"".join(v.encode("utf-8") for v in fields if v is not None)
        if entry.published is not None:
            datetime.fromisoformat(entry.published).astimezone(UTC)


def test_only_the_newest_entries_are_read() -> None:
    days = list(range(1, 29)) * 10  # 280 entries, newest not first
    items = [
        item(f"n{n}", None, f"Entry {n}.", date=f"{day:02d} Feb 2026 {n % 24:02d}:00:00 +0000")
        for n, day in enumerate(days)
    ]
    parsed = parse_feed(rss(items), max_entries=200)
    assert len(parsed.entries) == 200
    # The 80 oldest are the first eight days' entries.
    assert min(entry.published or "" for entry in parsed.entries) >= "2026-02-09"
    assert any("200 newest of 280" in note for note in parsed.notes)


_MARKUP = st.sampled_from(
    ['<?xml version="1.0" encoding="', '"?>', "<rss version='2.0'>", "<channel>", "<item>",
     "</item>", "<feed xmlns='http://www.w3.org/2005/Atom'>", "<entry>", "</entry>", "<title>",
     "</title>", "<link href='", "'/>", "<guid>", "</guid>", "<pubDate>", "</pubDate>", "<![CDATA[",
     "]]>", "<!DOCTYPE rss>", "&amp;", "&#0;", "&#xd800;", "<x:y xmlns:x='u'>", "\x00", "\ufeff"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_MARKUP | st.text(max_size=12), max_size=30), st.sampled_from(["<", "{", "\ufeff<"])
)
def test_any_document_is_read_or_one_input_error(parts: list[str], start: str) -> None:
    _never_raises_but_input_error((start + "".join(parts)).encode("utf-8", "replace"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_are_read_or_one_input_error(tail: bytes) -> None:
    _never_raises_but_input_error(b"<" + tail)
    _never_raises_but_input_error(b'<?xml version="1.0"?><rss version="2.0">' + tail)
