"""The library's front door: ``extract`` a clean article, ``summarize`` it, list the ``methods``.

Pure: values in, values out; every step is a function of the core (``reading`` for extraction
and sentences, ``summarizers`` for the summary).
"""

from __future__ import annotations

from newsbrief import summarizers
from newsbrief.errors import ErrorCode, InputError
from newsbrief.models import Article
from newsbrief.reading.extraction import extract
from newsbrief.summarizers.base import Summary, SummaryOptions


def summarize(
    source: str | bytes | Article,
    options: SummaryOptions | None = None,
    *,
    method: str | None = None,
    sentences: int | None = None,
    words: int | None = None,
    ratio: float | None = None,
    language: str | None = None,
) -> Summary:
    """Summarize an article given as plain text, an HTML page (bytes or str) or an ``Article``.

    Pass either an ``options`` object or the keyword arguments, not both. The options' language
    also tells extraction what language the page is in. Raises ``InputError`` (with a ``code``)
    for empty, binary or unusable input and for invalid options.

    >>> summarize("One thing happened. Then another. And a third. Finally a fourth.",
    ...           method="lead", sentences=2).text
    'One thing happened. Then another.'
    """
    keywords = {
        "method": method,
        "sentences": sentences,
        "words": words,
        "ratio": ratio,
        "language": language,
    }
    given = {name: value for name, value in keywords.items() if value is not None}
    if options is not None and given:
        raise InputError(
            f"give options or keyword arguments, not both ({', '.join(given)} given with options)",
            code=ErrorCode.CONFLICTING_OPTIONS,
        )
    chosen = options if options is not None else SummaryOptions(**given)  # type: ignore[arg-type]
    article = source if isinstance(source, Article) else extract(source, language=chosen.language)
    return summarizers.summarize_document(summarizers.segment(article), chosen)


def methods() -> dict[str, str]:
    """The summarization methods, each with a one-line description.

    >>> sorted(methods())
    ['centrality', 'lead', 'llm', 'news']
    """
    return summarizers.describe()


__all__ = ["extract", "methods", "summarize"]
