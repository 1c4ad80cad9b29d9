"""Raw input (HTML or plain text, bytes or str) to a clean :class:`Article`.

HTML goes through trafilatura with metadata; plain text goes through :mod:`.text_page`,
which strips the chrome a copied web page keeps. Both paths end with the same body shape:
paragraphs separated by one blank line, and a language code from py3langid unless one is given.
"""

from __future__ import annotations

import itertools
import re
from typing import Literal

import py3langid
import trafilatura

from newsbrief.errors import ErrorCode, InputError, unknown_choice
from newsbrief.models import Article
from newsbrief.reading.decoding import clean_text, decode
from newsbrief.reading.text_page import is_chrome, parse_text_page

Kind = Literal["auto", "html", "text"]
KINDS: tuple[Kind, ...] = ("auto", "html", "text")

# Measured with `python -m bench.extraction` on the 92 pages of the scrapinghub benchmark
# (4-gram shingle F1): trafilatura defaults 0.951; favor_precision 0.961; favor_recall 0.949;
# no comments +0.003 to +0.004 whatever the mode (reader comments are not the article);
# include_tables=False -0.013 (tables hold article text); deduplicate=True -0.017 (it drops
# legitimately repeated lines). Best, used in _trafilatura: favor_precision without comments,
# 0.964; the clean-up in _paragraphs brings newsbrief to 0.966.

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
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$")
# langid needs a paragraph, not the whole story; its cost grows with the sample (0.7 ms for
# 2,000 characters, as long as summarizing the article). On the 558 dev articles 1,000
# characters (and even 500) name the same language as 20,000.
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
    ``identify_language`` is false (a caller that never reads it saves a third of its time).

    Raises :class:`InputError` with code ``empty_input``, ``binary_input``, ``too_large``,
    ``no_article`` (nothing article-like found) or ``unknown_kind``/``invalid_language``.
    """
    if kind not in KINDS:
        raise unknown_choice("kind", str(kind), KINDS)
    code = _language_code(language)
    text = decode(source) if isinstance(source, bytes) else clean_text(source)
    if kind == "html" or (kind == "auto" and looks_like_html(text)):
        article = _from_html(text, url)
    else:
        article = _from_text(text, url)
    return Article(
        text=article.text,
        title=article.title,
        byline=article.byline,
        published=article.published,
        language=code or (detect_language(article.text) if identify_language else None),
        url=url,
        previous=article.previous,
        next=article.next,
    )


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


def _language_code(language: str | None) -> str | None:
    if language is None:
        return None
    code = language.strip().lower().replace("_", "-")
    if not _LANGUAGE_CODE.match(code):
        raise InputError(
            f"language must be an ISO 639-1 code such as 'en', got {language!r}",
            code=ErrorCode.INVALID_LANGUAGE,
        )
    return code


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

    Chrome lines that survive trafilatura are dropped (+0.0008 F1 on the benchmark), and so is a
    first line repeating the headline, which the Article already holds as ``title`` (+0.0013).
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


def _from_text(text: str, url: str | None) -> Article:
    page = parse_text_page(text)
    if not page.body.strip():
        raise InputError(
            "no article text found: the input holds only page furniture", code=ErrorCode.NO_ARTICLE
        )
    return Article(
        text=page.body,
        title=page.title,
        byline=page.byline,
        published=page.published,
        url=url,
        previous=page.previous,
        next=page.next,
    )
