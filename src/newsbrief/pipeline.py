"""The library's front door: ``extract`` and ``summarize`` over text, HTML or an Article."""

from __future__ import annotations

from newsbrief import summarizers
from newsbrief.models import Article, Summary, SummaryOptions
from newsbrief.reading.extraction import extract


def summarize(
    source: str | bytes | Article,
    options: SummaryOptions | None = None,
    *,
    method: str = "news",
    sentences: int | None = None,
    words: int | None = None,
    ratio: float | None = None,
    language: str | None = None,
) -> Summary:
    """Summarize an article given as plain text, an HTML page (bytes or str) or an ``Article``.

    Pass either an ``options`` object or the keyword arguments. Raises ``InputError`` (with a
    ``code``) for empty, binary or unusable input and for invalid options.

    >>> summarize("One thing happened. Then another. And a third. Finally a fourth.",
    ...           method="lead", sentences=2).text
    'One thing happened. Then another.'
    """
    if options is None:
        options = SummaryOptions(
            method=method, sentences=sentences, words=words, ratio=ratio, language=language
        )
    article = source if isinstance(source, Article) else extract(source, language=language)
    return summarizers.summarize_document(summarizers.segment(article), options)


__all__ = ["extract", "summarize"]
