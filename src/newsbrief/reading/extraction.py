"""Raw input (HTML or plain text, bytes or str) to a clean :class:`Article`.

HTML goes through trafilatura with metadata; plain text goes through :mod:`.plain_text`, which
strips the chrome a copied web page keeps. Both paths end with the same body shape: paragraphs
separated by one blank line, and a language code from py3langid unless one is given.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from typing import Literal

import py3langid
import trafilatura

from newsbrief.errors import ErrorCode, InputError, unknown_choice
from newsbrief.models import Article, language_code
from newsbrief.reading.chrome import is_chrome
from newsbrief.reading.decoding import clean_text, decode
from newsbrief.reading.plain_text import read_plain_text

Kind = Literal["auto", "html", "text"]
KINDS: tuple[Kind, ...] = ("auto", "html", "text")

_HTML_START = re.compile(
    r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|\?xml)\b",
    re.IGNORECASE | re.DOTALL,
)
_HTML_TAG = re.compile(
    r"<(/?)(?:html|head|body|div|p|span|a|article|section|main|header|footer|nav|h[1-6]|br|img"
    r"|ul|ol|li|table|tr|td|script|style|meta|link|title|strong|em|b|i|figure|blockquote|iframe"
    r"|form|input|button|noscript|svg)\b[^<>]{0,2000}>",
    re.IGNORECASE,
)
# langid needs a paragraph, not the whole story, and its cost grows with the sample: this many
# characters name the same language as a far longer sample on every dev article, at a fraction of
# the cost (docs/benchmarks.md, "Extraction speed").
_LANGUAGE_SAMPLE = 1000
_MIN_LANGUAGE_LETTERS = 20
_LETTER = re.compile(r"[^\W\d_]")
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

    Raises :class:`InputError` with code ``empty_input``, ``binary_input``, ``too_large``,
    ``no_article`` (nothing article-like found) or ``unknown_kind``/``invalid_language``.
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
    return dataclasses.replace(article, language=code, url=url)


def looks_like_html(text: str) -> bool:
    """True for an HTML document or fragment; a plain text that mentions a tag stays text."""
    head = text[:65536]
    if _HTML_START.match(head):
        return True
    tags = _HTML_TAG.findall(head)
    return len(tags) >= 3 or (len(tags) == 2 and any(closing for closing in tags))


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when there is too little text to tell."""
    sample = text[:_LANGUAGE_SAMPLE]
    letters = itertools.islice(_LETTER.finditer(sample), _MIN_LANGUAGE_LETTERS)
    if sum(1 for _ in letters) < _MIN_LANGUAGE_LETTERS:
        return None
    code, _score = py3langid.classify(sample)
    return str(code)


def _from_html(html: str, url: str | None) -> Article:
    document = _trafilatura(html, url, precise=True)
    if document is None or not (document.text or "").strip():
        # Precision mode can discard a whole short page (a bare fragment, a one-paragraph
        # notice); the balanced defaults still find its text.
        document = _trafilatura(html, url, precise=False)
    title = _clean_field(document.title) if document is not None else None
    body = _paragraphs(document.text if document is not None else None, title)
    if document is None or not _has_prose(body):
        raise InputError("no article text found in the HTML", code=ErrorCode.NO_ARTICLE)
    return Article(
        text=body,
        title=title,
        byline=_clean_field(document.author),
        published=_clean_field(document.date),
    )


def _trafilatura(html: str, url: str | None, *, precise: bool) -> _Document | None:
    """trafilatura's reading of a page, with the settings chosen on the extraction benchmark
    (``python -m bench.extraction``; docs/benchmarks.md, "Extraction quality"): precision mode,
    the best of its three modes; no comments, which are not the article; tables kept, since they
    hold article text; no deduplication, which drops legitimately repeated lines."""
    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            favor_precision=precise,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            with_metadata=True,
            output_format="python",
        )
    except (ValueError, TypeError, AttributeError, RecursionError, LookupError) as exc:
        # lxml and trafilatura raise these on markup they cannot parse (deeply nested or
        # malformed trees); for the caller it is a page without an article.
        raise InputError(f"could not parse the HTML ({exc})", code=ErrorCode.NO_ARTICLE) from exc
    if document is None or isinstance(document, dict):
        return None
    return _Document(
        text=_str_or_none(document.text),
        title=_str_or_none(document.title),
        author=_str_or_none(document.author),
        date=_str_or_none(document.date),
    )


class _Document:
    """The fields of trafilatura's untyped ``Document`` that an Article needs."""

    __slots__ = ("author", "date", "text", "title")

    def __init__(
        self, *, text: str | None, title: str | None, author: str | None, date: str | None
    ) -> None:
        self.text = text
        self.title = title
        self.author = author
        self.date = date


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _paragraphs(text: str | None, title: str | None) -> str:
    """trafilatura's one-line-per-element text as blank-line-separated paragraphs.

    Chrome lines that survive trafilatura are dropped, and so is a first line repeating the
    headline, which the Article already holds as ``title``: each raises the F1 of the extraction
    benchmark (docs/benchmarks.md, "Extraction quality").
    """
    if not text:
        return ""
    lines = [line.strip() for line in text.split("\n")]
    paragraphs = [line for line in lines if line and not is_chrome(line)]
    if title and paragraphs and paragraphs[0].casefold() == title.casefold():
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs)


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


def _clean_field(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else None
    return value or None


def _from_text(text: str) -> Article:
    article = read_plain_text(text)
    if not article.text.strip():
        raise InputError(
            "no article text found: the input holds only page furniture", code=ErrorCode.NO_ARTICLE
        )
    return article
