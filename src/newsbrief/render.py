"""Summaries and articles as text, JSON or Markdown: pure string building for the CLI and the web.

Nothing here reads or writes; callers decide where the string goes. JSON keeps every sentence's
``start``/``end`` offsets into ``Article.text``, so its text is always an exact slice of the
article; the human formats add an ellipsis after a sentence cut to fit a word limit instead.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from newsbrief.errors import unknown_choice
from newsbrief.models import Article
from newsbrief.summarizers.base import Summary

SUMMARY_FORMATS = ("text", "json", "markdown")
ARTICLE_FORMATS = ("text", "json")
_TRUNCATED_NOTE = "truncated to fit the word limit"
_ELLIPSIS = "\u2026"


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
    "markdown_bullets",
    "markdown_line",
    "render_article",
    "render_summary",
    "summary_record",
    "to_json",
]
