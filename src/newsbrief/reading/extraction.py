"""Raw input (HTML or plain text, bytes or str) to a clean :class:`Article`.

HTML goes through the extractor cascade (:mod:`.cascade`: trafilatura, resiliparse and
readability-lxml, within a cost budget) and the page's own metadata; plain text goes through
:mod:`.plain_text`, which strips the chrome a copied web page keeps. Both paths end with the same
body shape: paragraphs separated by one blank line, and a language code (:mod:`.language`)
unless one is given.
"""

from __future__ import annotations

import dataclasses
from typing import Literal

from newsbrief.errors import ErrorCode, InputError, unknown_choice
from newsbrief.models import Article, language_code
from newsbrief.reading.cascade import read_html
from newsbrief.reading.decoding import clean_text, decode
from newsbrief.reading.html_sniff import looks_like_html
from newsbrief.reading.language import detect_language
from newsbrief.reading.plain_text import read_plain_text

Kind = Literal["auto", "html", "text"]
KINDS: tuple[Kind, ...] = ("auto", "html", "text")

# The fallback extraction returns whatever text a page has, menus included; a body counts as an
# article only with a paragraph of this many words, or a shorter one ending like a sentence.
_PROSE_WORDS = 8
_SENTENCE_END = (".", "!", "?", '"', "\u201d", "\u2026", ")")
_CJK_SENTENCE_END = ("\u3002", "\uff01", "\uff1f", "\u300d")


def extract(
    source: str | bytes,
    *,
    url: str | None = None,
    kind: Kind = "auto",
    language: str | None = None,
    identify_language: bool = True,
) -> Article:
    """Extract the article in ``source``: an HTML page or a plain-text page, bytes or str.

    Without a ``language``, the article's is identified from its text, unless
    ``identify_language`` is false (a caller that never reads it saves that work, a good share
    of extraction's time: docs/benchmarks.md, "Extraction speed").

    An HTML page without a ``url`` gets its canonical URL (``<link rel=canonical>``,
    ``og:url``), when that is an absolute http(s) URL.

    Raises :class:`InputError` with code ``empty_input``, ``binary_input``, ``too_large``,
    ``too_complex`` (an HTML page over the extraction budget), ``no_article`` (nothing
    article-like found) or ``unknown_kind``/``invalid_language``.
    """
    if kind not in KINDS:
        raise unknown_choice("kind", str(kind), KINDS)
    code = language_code(language)
    text = decode(source) if isinstance(source, bytes) else clean_text(source)
    if kind == "html" or (kind == "auto" and looks_like_html(text)):
        article = _from_html(text, url)
    else:
        article = _from_text(text)
    if code is None and identify_language:
        code = detect_language(article.text)
    return dataclasses.replace(article, language=code, url=url or article.url)


def _from_html(html: str, url: str | None) -> Article:
    reading = read_html(html, url)
    if not _has_prose(reading.text):
        raise InputError("no article text found in the HTML", code=ErrorCode.NO_ARTICLE)
    metadata = reading.metadata
    return Article(
        text=reading.text,
        title=metadata.title,
        byline=metadata.byline,
        published=metadata.published,
        url=metadata.url,
    )


def _has_prose(body: str) -> bool:
    """At least one sentence-like paragraph; a page reduced to menu labels has none."""
    for paragraph in body.split("\n\n"):
        words = len(paragraph.split())
        if words >= _PROSE_WORDS or (words >= 3 and paragraph.rstrip().endswith(_SENTENCE_END)):
            return True
        # Chinese and Japanese put no spaces between words: count characters instead.
        if len(paragraph) >= 10 and paragraph.rstrip().endswith(_CJK_SENTENCE_END):
            return True
    return False


def _from_text(text: str) -> Article:
    article = read_plain_text(text)
    if not article.text.strip():
        raise InputError(
            "no article text found: the input holds only page furniture", code=ErrorCode.NO_ARTICLE
        )
    return article
