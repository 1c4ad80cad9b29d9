"""Article markup to text: blocks on their own lines, scripts and comments dropped, any depth."""

from __future__ import annotations

import lxml.html

from newsbrief.reading.html_text import element_text, markup_text


def test_blocks_and_breaks_start_lines() -> None:
    markup = (
        "<div><h2>Head</h2><p>One <b>bold</b> word.<br>Next line.</p><ul><li>item</li></ul></div>"
    )
    assert markup_text(markup) == "Head\nOne bold word.\nNext line.\nitem"


def test_scripts_styles_and_comments_are_dropped_but_their_tails_kept() -> None:
    markup = "<p>Before <script>alert(1)</script>after<!-- note --> and<style>p{}</style> end.</p>"
    assert markup_text(markup) == "Before after and end."


def test_deep_markup_does_not_exhaust_the_stack() -> None:
    root = lxml.html.fromstring("<div>" * 250 + "deep" + "</div>" * 250)
    assert element_text(root) == "deep"


def test_nothing_to_read() -> None:
    assert markup_text("   ") == ""
    assert markup_text("<p></p>") == ""
