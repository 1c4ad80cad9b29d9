"""Summaries and articles as text, JSON or Markdown: pure string building for the CLI and the web.

Nothing here reads or writes; callers decide where the string goes. JSON keeps every sentence's
``start``/``end`` offsets into ``Article.text``, so its text is always an exact slice of the
article; the human formats add an ellipsis after a sentence cut to fit a word limit instead.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping

from newsbrief.errors import unknown_choice
from newsbrief.models import Article, count_words
from newsbrief.reading.segmentation import sentence_spans
from newsbrief.summarizers.base import Summary

SUMMARY_FORMATS = ("text", "json", "markdown")
ARTICLE_FORMATS = ("text", "json")
_TRUNCATED_NOTE = "truncated to fit the word limit"
_ELLIPSIS = "\u2026"
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")
# A paragraph longer than this reads as a wall of text on a page (a whole CNN/DM article is one
# "paragraph"); shown in pieces of a few sentences, as newspapers set them.
LONG_PARAGRAPH_WORDS = 120
DISPLAY_SENTENCES = 3
DISPLAY_WORDS = 70


def check_format(fmt: str, choices: tuple[str, ...]) -> str:
    """``fmt`` itself when it is one of ``choices``; otherwise an error listing them."""
    if fmt not in choices:
        raise unknown_choice("format", fmt, choices)
    return fmt


def summary_record(summary: Summary, article: Article | None = None) -> dict[str, object]:
    """A summary as JSON-ready data: the one shape of the CLI's JSON, the API and batch rows.

    ``title`` and ``language`` come first when the article is given; ``details`` (the LLM's
    status, the guard's report) are merged in last.
    """
    record: dict[str, object] = {}
    if article is not None:
        record["title"] = article.title
        record["language"] = article.language
    record.update(
        method=summary.method,
        summary=summary.text,
        words=summary.words,
        sentences=[
            {"text": s.text, "start": s.start, "end": s.end, "index": s.index}
            for s in summary.sentences
        ],
        notes=list(summary.notes),
    )
    record.update(summary.details or {})
    return record


def article_dict(article: Article) -> dict[str, object]:
    return {
        "title": article.title,
        "byline": article.byline,
        "published": article.published,
        "language": article.language,
        "url": article.url,
        "words": article.word_count,
        "text": article.text,
        "previous": article.previous,
        "next": article.next,
    }


def to_json(record: Mapping[str, object], *, indent: int | None = 2) -> str:
    # ensure_ascii=False keeps non-English text readable; JSON is UTF-8 by definition.
    return json.dumps(record, ensure_ascii=False, indent=indent)


def _display_sentences(summary: Summary) -> list[str]:
    lines = [s.text for s in summary.sentences]
    if lines and _TRUNCATED_NOTE in summary.notes:
        lines[-1] += _ELLIPSIS
    return lines


def render_summary(summary: Summary, fmt: str, article: Article | None = None) -> str:
    """The summary as ``text`` (a sentence a line), ``json`` or ``markdown`` (bullets).

    Notes ("the article has only 2 distinct sentences") appear in JSON and Markdown; for text
    the caller shows them apart (the CLI prints them on stderr) so stdout stays pure summary.
    """
    check_format(fmt, SUMMARY_FORMATS)
    if fmt == "json":
        return to_json(summary_record(summary, article))
    sentences = _display_sentences(summary)
    if fmt == "text":
        return "\n".join(sentences)
    parts: list[str] = []
    if article is not None and article.title:
        parts.append(f"## {markdown_line(article.title)}\n")
    parts.append(markdown_bullets(sentences))
    if summary.notes:
        parts.append("")
        parts.extend(f"_Note: {markdown_line(n)}_" for n in summary.notes)
    return "\n".join(parts)


# Everything that can start Markdown or HTML markup: emphasis, code, links and images, raw HTML
# and autolinks, headings, entities. Escaped, the text shows as itself and links nowhere.
_MARKUP = str.maketrans({char: "\\" + char for char in "\\*_`[]<>#&!|~"})


def markdown_line(text: str) -> str:
    """One line of Markdown showing ``text`` as written: newlines folded, and every character
    that could start markup escaped (so an article's ``<script>`` or ``[x](javascript:...)``
    stays text)."""
    return " ".join(text.split()).translate(_MARKUP)


def markdown_bullets(sentences: list[str]) -> str:
    """Sentences as a Markdown bullet list, one escaped line each."""
    return "\n".join(f"- {markdown_line(s)}" for s in sentences)


def display_paragraphs(text: str) -> list[str]:
    """The paragraphs to show for ``text``: its own (line breaks), a long one cut into pieces
    of a few sentences. Only the display changes: the pieces hold all of the text's words in
    order, and nothing here touches the stored text or the offsets of its summaries."""
    shown: list[str] = []
    for part in _PARAGRAPH_BREAK.split(text):
        paragraph = part.strip()
        if not paragraph:
            continue
        if count_words(paragraph) <= LONG_PARAGRAPH_WORDS:
            shown.append(paragraph)
        else:
            shown.extend(_pieces(paragraph))
    return shown


def _pieces(paragraph: str) -> list[str]:
    """``paragraph`` cut at sentence starts into pieces of about ``DISPLAY_SENTENCES`` sentences
    or ``DISPLAY_WORDS`` words; a cut only where a space precedes the sentence, so that a
    sentence glued to the one before ("said.The") never splits a word."""
    cuts = [0]
    sentences = words = 0
    for start, end in sentence_spans(paragraph):
        if (sentences >= DISPLAY_SENTENCES or words >= DISPLAY_WORDS) and (
            paragraph[start - 1].isspace()
        ):
            cuts.append(start)
            sentences = words = 0
        sentences += 1
        words += count_words(paragraph[start:end])
    if len(cuts) > 1 and sentences == 1 and words < DISPLAY_WORDS // 3:
        cuts.pop()  # a short last sentence stays with the piece before it
    cuts.append(len(paragraph))
    return [paragraph[a:b].strip() for a, b in itertools.pairwise(cuts)]


def render_article(article: Article, fmt: str) -> str:
    """The extracted article as ``text`` (labelled fields, the body, then previous/next links)
    or ``json`` (every field, ``null`` when unknown)."""
    check_format(fmt, ARTICLE_FORMATS)
    if fmt == "json":
        return to_json(article_dict(article))
    head = [
        (label, value)
        for label, value in (
            ("title", article.title),
            ("byline", article.byline),
            ("date", article.published),
            ("language", article.language),
            ("url", article.url),
        )
        if value
    ]
    tail = [
        (label, value)
        for label, value in (("previous", article.previous), ("next", article.next))
        if value
    ]
    parts = [_fields(head), article.text, _fields(tail)]
    return "\n\n".join(part for part in parts if part)


def _fields(pairs: list[tuple[str, str]]) -> str:
    return "\n".join(f"{label}: {value}" for label, value in pairs)


__all__ = [
    "ARTICLE_FORMATS",
    "SUMMARY_FORMATS",
    "article_dict",
    "check_format",
    "display_paragraphs",
    "markdown_bullets",
    "markdown_line",
    "render_article",
    "render_summary",
    "summary_record",
    "to_json",
]
