"""The summarizers: one interface (:mod:`.base`), one catalogue of methods (:mod:`.registry`), the
selection every extractive method shares (:mod:`.selection`), and the methods themselves.

Pure core: an article's sentences in, a :class:`~newsbrief.summarizers.base.Summary` out.
"""

from __future__ import annotations

from typing import cast

from newsbrief.config import LlmSettings
from newsbrief.errors import ErrorCode, InputError
from newsbrief.models import Article
from newsbrief.reading.segmentation import split_sentences
from newsbrief.summarizers.base import Document, Summarizer, Summary, SummaryOptions
from newsbrief.summarizers.registry import ABSTRACTIVE, available, describe, load
from newsbrief.summarizers.registry import method as registered_method


def get(name: str, llm: LlmSettings | None = None) -> Summarizer:
    """A summarizer for the method ``name``; an unknown name's error lists the valid ones.

    ``llm`` is the LLM server's settings, built at the edge and handed only to the methods that
    call a server; ``None`` means none is configured (those methods then fall back to ``news``
    and say why). The other methods ignore it.
    """
    factory = load(name)
    return cast(Summarizer, factory(llm) if registered_method(name).calls_llm else factory())


def segment(article: Article) -> Document:
    """Segment an article once, so several summaries can share the work."""
    sentences = tuple(split_sentences(article.text))
    if not sentences:
        raise InputError("the article has no text to summarize", code=ErrorCode.EMPTY_INPUT)
    if not any(ch.isalnum() for ch in article.text):
        raise InputError(
            "the article has no words, only punctuation or symbols", code=ErrorCode.NO_WORDS
        )
    return Document(article, sentences)


def summarize_document(
    document: Document, options: SummaryOptions, llm: LlmSettings | None = None
) -> Summary:
    """The summary of an already segmented article, by the method ``options`` names (``llm``:
    as for :func:`get`)."""
    return get(options.method, llm)(document, options)


__all__ = [
    "ABSTRACTIVE",
    "Document",
    "Summarizer",
    "Summary",
    "SummaryOptions",
    "available",
    "describe",
    "get",
    "segment",
    "summarize_document",
]
