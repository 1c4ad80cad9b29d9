"""HTML detection: linear time on hostile heads (issue 15's catastrophic backtracking), and the
same answers as before on ordinary documents, fragments and plain text."""

from __future__ import annotations

import itertools
import re
import time

import pytest
from sample_texts import PARAGRAPHS

from newsbrief.reading.html_sniff import looks_like_html, starts_like_html

# The issue's input: a comment, markup, then comment pairs and no document tag. The old regex
# nested a lazy ``.*?`` in a repeated group and tried every way of cutting the pairs.
HOSTILE = "<!-- x --><div>text</div>" + "<!-- a --> <!-- b -->" * 14


def _timed(text: str) -> tuple[bool, float]:
    start = time.perf_counter()
    answer = looks_like_html(text)
    return answer, time.perf_counter() - start


def test_the_issues_comment_pairs_are_read_in_linear_time() -> None:
    answer, seconds = _timed(HOSTILE)
    assert seconds < 0.5
    assert answer  # the <div>...</div> still makes it a fragment


@pytest.mark.parametrize(
    "text",
    [
        "<!-- x --><div>text</div>" + "<!-- a --> <!-- b -->" * 5000,
        "<!--" * 20000,
        "<!-- a -->" * 20000 + "plain words",
        " \n" * 30000 + "<!-- unclosed" + "-" * 60000,
    ],
)
def test_long_hostile_heads_stay_fast(text: str) -> None:
    _, seconds = _timed(text)
    assert seconds < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "<!doctype html><title>x</title>",
        "<!DOCTYPE   HTML>",
        "  <html lang='en'>",
        "<!-- generated --> <!-- twice -->\n<html>",
        "<?xml version='1.0'?><html>",
        "<head><meta charset='utf-8'>",
        "<BODY>",
    ],
)
def test_documents_start_like_html(text: str) -> None:
    assert starts_like_html(text)
    assert looks_like_html(text)


@pytest.mark.parametrize(
    "text",
    [
        "<htmlx>",
        "<!doctype htm>",
        "<!-- never closed <html>",
        "<!-- a --><div>x</div><html>",  # markup before the document tag: not a document start
        "<titles>",
        "plain text <html>",
    ],
)
def test_not_document_starts(text: str) -> None:
    assert not starts_like_html(text)


def test_fragments_and_plain_text() -> None:
    assert looks_like_html("<div><p>One.</p><p>Two.</p></div>")
    assert not looks_like_html("Use the <p> tag for paragraphs, said the web designer.")
    assert not looks_like_html(PARAGRAPHS[0])


_PIECES = (
    "<!-- a -->",
    " ",
    "<html>",
    "<!doctype html>",
    "x",
    "-->",
    "<!--",
    "<head>",
    "\n",
    "<b>",
)
# The reference: the old pattern with each comment ending at its first ``-->`` (as in HTML), a
# form that cannot backtrack across comments; fine as an oracle on short strings.
_REFERENCE = re.compile(
    r"\A\s*(?:<!--(?:(?!-->).)*-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|\?xml)\b",
    re.IGNORECASE | re.DOTALL,
)


def test_same_answers_as_the_reference_on_every_short_composition() -> None:
    for size in range(1, 5):
        for parts in itertools.product(_PIECES, repeat=size):
            text = "".join(parts)
            assert starts_like_html(text) == bool(_REFERENCE.match(text)), text


def test_a_comment_ends_at_its_first_close() -> None:
    # The old pattern let a comment run over ``-->x-->``; HTML (and the scanner) end it earlier.
    assert not starts_like_html("<!-- a -->x--> <html>")
