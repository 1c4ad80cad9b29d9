"""The XML pre-pass: a document cut down to its newest entries within element budgets, in the
same shape feedparser reads (RSS 2.0, RSS 1.0, Atom with namespaces), whatever its encoding."""

from __future__ import annotations

import time

import pytest
from feed_site import item, rss

from newsbrief.errors import InputError
from newsbrief.feeds.parse import parse_feed
from newsbrief.feeds.prune import MAX_ENTRY_ELEMENTS, MAX_SCANNED


def test_a_multi_byte_encoding_is_read() -> None:
    document = (
        '<?xml version="1.0" encoding="shift_jis"?><rss version="2.0"><channel>'
        "<title>日本のニュース</title><item><guid>j1</guid>"
        "<description>東京で会議が開かれた。</description></item></channel></rss>"
    ).encode("shift_jis")
    parsed = parse_feed(document)
    assert parsed.title == "日本のニュース" and parsed.entries[0].text == "東京で会議が開かれた。"


def _atom(count: int) -> bytes:
    entries = b"".join(
        b'<entry><id>urn:%d</id><link href="p/%d"/><title>E%d</title>'
        b"<updated>2026-01-%02dT00:00:00Z</updated><author><name>Au</name></author>"
        b'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Body %d.</p></div>'
        b'</content><media:thumbnail url="x"/></entry>' % (n, n, n, 1 + n % 28, n)
        for n in range(count)
    )
    return (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" '
        b'xmlns:media="http://search.yahoo.com/mrss/" xml:base="http://a.example/">'
        b"<title>Atom</title>" + entries + b"</feed>"
    )


def test_a_cut_down_atom_feed_keeps_its_namespaces_base_and_content() -> None:
    whole = parse_feed(_atom(30), max_entries=100)
    cut = parse_feed(_atom(30), max_entries=10)
    assert len(cut.entries) == 10 and any("10 newest of 30" in n for n in cut.notes)
    kept = {e.guid: e for e in whole.entries}
    for entry in cut.entries:  # the same entries, field for field, as without cutting
        assert entry == kept[entry.guid]
    assert cut.entries[0].link == "http://a.example/p/18" and cut.entries[0].text == "Body 18."
    assert cut.title == "Atom" and min(e.published or "" for e in cut.entries) >= "2026-01-19"


def test_an_rss_1_0_feed_is_cut_down_too() -> None:
    items = b"".join(
        b'<item rdf:about="http://x.example/%d"><title>I%d</title><link>http://x.example/%d</link>'
        b"<dc:date>2026-01-%02dT00:00:00Z</dc:date><description>Story %d.</description></item>"
        % (n, n, n, 1 + n, n)
        for n in range(20)
    )
    document = (
        b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        b'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        b'<channel rdf:about="http://x.example/"><title>RDF</title></channel>'
        + items
        + b"</rdf:RDF>"
    )
    parsed = parse_feed(document, max_entries=5)
    assert parsed.title == "RDF"
    assert [e.link for e in parsed.entries] == [f"http://x.example/{n}" for n in range(15, 20)]


def test_element_bombs_are_dropped_as_they_stream_past() -> None:
    good = item("g1", "http://127.0.0.1/g1", "A fine story.")
    huge_entry = "<item><guid>big</guid>" + "<x/>" * (MAX_ENTRY_ELEMENTS + 10) + "</item>"
    parsed = parse_feed(rss([huge_entry, good]))
    assert [e.guid for e in parsed.entries] == ["g1"]
    assert any("more than 2000 XML elements" in note for note in parsed.notes)
    # Past the scanning budget nothing more is read: the feed keeps what came before.
    flood = rss([good, "<x/>" * (MAX_SCANNED + 10), item("g2", None, "Too late.")])
    parsed = parse_feed(flood)
    assert [e.guid for e in parsed.entries] == ["g1"]
    assert any(f"first {MAX_SCANNED} XML elements" in note for note in parsed.notes)


def test_deep_nesting_and_truncation_are_one_clear_error_or_a_note() -> None:
    with pytest.raises(InputError, match="nested more than 64 deep"):
        parse_feed(
            b'<rss version="2.0"><channel>' + b"<x>" * 100 + b"</x>" * 100 + b"</channel></rss>"
        )
    whole = rss([item(f"t{n}", f"http://127.0.0.1/t{n}", f"Story {n}.") for n in range(3)])
    parsed = parse_feed(whole[: whole.rindex(b"<item>") + 20])
    assert [e.guid for e in parsed.entries] == ["t0", "t1"]
    assert any("not well-formed" in note for note in parsed.notes)


@pytest.mark.parametrize(
    "encoding",
    ["base64", "zlib", "hex", "rot13", "bogus", "utf-32", "idna", "punycode", "undefined",
     "unicode_escape", "utf-7", "x" * 40],
)  # fmt: skip
def test_any_declared_encoding_is_read_or_one_clear_error(encoding: str) -> None:
    document = (
        f'<?xml version="1.0" encoding="{encoding}"?><rss version="2.0"><channel><title>T</title>'
        "<item><guid>g</guid><description>A story.</description></item></channel></rss>"
    ).encode()
    try:
        parsed = parse_feed(document)
    except InputError as error:
        assert "not well-formed" in error.message
    else:
        assert parsed.title == "T"


@pytest.mark.parametrize("where", ["entry", "root"])
def test_attributes_count_against_the_budgets(where: str) -> None:
    # feedparser's work grows faster than the number of attributes on one element.
    many = " ".join(f'a{n}=""' for n in range(20_000))
    entry = f"<item{' ' + many if where == 'entry' else ''}><guid>g</guid><description>Kept."
    document = (
        f'<rss version="2.0"{" " + many if where == "root" else ""}><channel><title>T</title>'
        f"{entry}</description></item>"
        f"{item('g2', 'http://127.0.0.1/g2', 'Also kept.')}</channel></rss>"
    ).encode()
    started = time.process_time()
    parsed = parse_feed(document)
    assert time.process_time() - started < 2
    kept = ["Also kept."] if where == "entry" else ["Kept.", "Also kept."]
    assert [e.text for e in parsed.entries] == kept
