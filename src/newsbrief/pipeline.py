"""The library's front door: ``extract`` a clean article, ``summarize`` it, list the ``methods``.

Pure: values in, values out; every step is a function of the core (``reading`` for extraction
and sentences, ``summarizers`` for the summary). One exception, kept here at the edge of the
library call so that nothing below it reads the environment: ``summarize`` with a method that
calls an LLM server and no ``llm`` settings reads ``NEWSBRIEF_LLM_*`` once, for that call (see
:func:`llm_settings`), just as the CLI and the web app read them once at their start.
"""

from __future__ import annotations

from newsbrief import summarizers
from newsbrief.config import LlmSettings
from newsbrief.errors import ErrorCode, InputError
from newsbrief.models import Article
from newsbrief.reading.extraction import extract
from newsbrief.summarizers.base import Summary, SummaryOptions
from newsbrief.summarizers.registry import method as registered_method


def summarize(
    source: str | bytes | Article,
    options: SummaryOptions | None = None,
    *,
    method: str | None = None,
    sentences: int | None = None,
    words: int | None = None,
    ratio: float | None = None,
    language: str | None = None,
    points: int | None = None,
    llm: LlmSettings | None = None,
) -> Summary:
    """Summarize an article given as plain text, an HTML page (bytes or str) or an ``Article``.

    Pass either an ``options`` object or the keyword arguments, not both: one length at most,
    ``sentences``, ``words``, ``ratio`` or ``points`` (key points: distinct facts from the whole
    article, top to bottom; see :class:`~newsbrief.summarizers.base.SummaryOptions`). The
    options' language also tells extraction what language the page is in. Raises
    ``InputError`` (with a ``code``) for empty, binary or unusable input and for invalid options
    (an invalid ``NEWSBRIEF_LLM_*`` value included). ``llm``: the LLM server for the ``llm``
    method; by default it comes from the environment (:func:`llm_settings`).

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
        "points": points,
    }
    given = {name: value for name, value in keywords.items() if value is not None}
    if options is not None and given:
        raise InputError(
            f"give options or keyword arguments, not both ({', '.join(given)} given with options)",
            code=ErrorCode.CONFLICTING_OPTIONS,
        )
    chosen = options if options is not None else SummaryOptions(**given)  # type: ignore[arg-type]
    server = llm_settings(chosen.method, llm)
    article = source if isinstance(source, Article) else extract(source, language=chosen.language)
    return summarizers.summarize_document(summarizers.segment(article), chosen, server)


def llm_settings(method: str, given: LlmSettings | None = None) -> LlmSettings | None:
    """The LLM settings a run of ``method`` uses: ``given``, else, for a method that calls a
    server, ``NEWSBRIEF_LLM_*`` read now. Edges call this once per run (``summarize`` per call,
    a CLI command at its start); a run of an extractive method never reads the environment, so an
    invalid LLM setting cannot stop it."""
    if given is not None or not registered_method(method).calls_llm:
        return given
    return LlmSettings.from_env()


def methods() -> dict[str, str]:
    """The summarization methods, each with a one-line description.

    >>> sorted(methods())
    ['centrality', 'lead', 'llm', 'news']
    """
    return summarizers.describe()


__all__ = ["extract", "llm_settings", "methods", "summarize"]
