"""The extractors the cascade chooses between, each reading a page's HTML to plain text with one
line per block (paragraph, heading, list item):

* ``tp``: trafilatura in precision mode, without comments, with tables, without deduplication
  and without its metadata pass (the page's metadata comes from :mod:`.metadata`, which is
  cheaper and better; trafilatura's date search also loads dateparser's locales, seconds of
  work on the first page of a process);
* ``td``: the same in trafilatura's balanced mode, the last resort of an empty page;
* ``rs``: resiliparse's main-content text, a fast and loose superset of the article;
* ``rd``: readability-lxml's article, rendered by :mod:`.html_text`.

resiliparse ships wheels for the common platforms only; without it :data:`HAS_RESILIPARSE` is
false and the cascade gates on trafilatura's own result (see :mod:`.chooser`).

A candidate that fails on a page (markup a parser rejects, nesting it cannot follow) counts as
having found nothing; the cascade decides what that means for the page.
"""

from __future__ import annotations

import lxml.etree
import trafilatura
from readability import Document
from readability.readability import Unparseable

from newsbrief.reading.html_text import markup_text

try:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree
except ImportError:  # no wheel for this platform: the cascade runs without it
    HAS_RESILIPARSE = False
else:
    HAS_RESILIPARSE = True

# What the libraries raise on markup they cannot read: lxml's and readability's parse errors,
# and the generic errors trafilatura lets escape from malformed or deeply nested trees.
_FAILURES = (
    ValueError,
    TypeError,
    AttributeError,
    LookupError,
    RecursionError,
    lxml.etree.LxmlError,
    Unparseable,
)


def trafilatura_text(html: str, url: str | None, *, precise: bool) -> str:
    """trafilatura's article text: precision mode (``tp``) or its balanced default (``td``).

    The settings were chosen on the extraction benchmark (docs/benchmarks.md, "Extraction",
    "trafilatura's settings"):
    precision mode is the best of its modes there; comments are not the article; tables hold
    article text; deduplication drops legitimately repeated lines.
    """
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            favor_precision=precise,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            with_metadata=False,
            output_format="python",
        )
    except _FAILURES:
        return ""
    text = getattr(document, "text", None)
    return _lines(text) if isinstance(text, str) else ""


def resiliparse_text(html: str) -> str:
    """resiliparse's main-content text (``rs``); '' when resiliparse is not installed."""
    if not HAS_RESILIPARSE:
        return ""
    try:
        tree = HTMLTree.parse(html)
        text = extract_plain_text(
            tree, main_content=True, alt_texts=False, list_bullets=False, comments=False
        )
    except _FAILURES:
        return ""
    return _lines(text)


def readability_text(html: str, url: str | None) -> str:
    """readability-lxml's article (``rd``) as text."""
    try:
        markup = Document(html, url=url).summary(html_partial=True)
    except _FAILURES:
        return ""
    return markup_text(markup)


def _lines(text: str) -> str:
    """One stripped, non-empty line per block."""
    lines = (line.strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


__all__ = ["HAS_RESILIPARSE", "readability_text", "resiliparse_text", "trafilatura_text"]
