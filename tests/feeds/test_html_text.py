"""A feed's HTML as text: paragraphs kept, markup, scripts and comments dropped, and a cost
linear in the fragment for any input (no pattern backtracks over unclosed tags)."""

from __future__ import annotations

import time

import pytest

from newsbrief.feeds.parse import html_to_text


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("<p>One.</p><p>Two.</p>", "One.\n\nTwo."),
        ("<div><p>A<br>B</p></div><BR/>C", "A\n\nB\n\nC"),
        ("a < b and c<d", "a < b and c<d"),
        ("<script>alert(1)</script>Hi<style>p {}</style> there", "Hi there"),
        ("Seen<!-- hidden -->here", "Seen here"),
        ("&lt;p&gt; AT&amp;T", "<p> AT&T"),
        ('<a href="x">link</a> text', "link text"),
        ("<script>never closed <p>x", ""),
    ],
)
def test_fragments_become_paragraphs(fragment: str, text: str) -> None:
    assert html_to_text(fragment) == text


@pytest.mark.parametrize(
    "fragment",
    ["<script>" * 50_000, "<a" * 200_000, "<" * 400_000, "<p " * 130_000, "<!--" * 100_000,
     "<style>x</script>" * 25_000],
)  # fmt: skip
def test_the_cost_is_linear_whatever_the_markup(fragment: str) -> None:
    started = time.process_time()
    html_to_text(fragment)
    # Linear work on 400 KB is a fraction of a second; the quadratic patterns took minutes.
    assert time.process_time() - started < 2
