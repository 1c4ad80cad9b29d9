"""The summarizers: one interface (:mod:`.base`), one catalogue of methods (:mod:`.registry`).

Pure core: an article's sentences in, a :class:`~newsbrief.models.Summary` out.
"""

from __future__ import annotations

from newsbrief.errors import InputError
from newsbrief.models import Article, Summary, SummaryOptions
from newsbrief.reading.segmentation import split_sentences
from newsbrief.summarizers.base import Document, Summarizer
from newsbrief.summarizers.registry import ABSTRACTIVE, available, describe, get


def segment(article: Article) -> Document:
    """Segment an article once, so several summaries can share the work."""
    sentences = tuple(split_sentences(article.text))
    if not sentences:
        raise InputError("the article has no text to summarize", code="empty_input")
    if not any(ch.isalnum() for ch in article.text):
        raise InputError("the article has no words, only punctuation or symbols", code="no_words")
    return Document(article, sentences)


def summarize_document(document: Document, options: SummaryOptions) -> Summary:
    """The summary of an already segmented article, by the method ``options`` names."""
    return get(options.method)(document, options)


__all__ = [
    "ABSTRACTIVE",
    "Document",
    "Summarizer",
    "available",
    "describe",
    "get",
    "segment",
    "summarize_document",
]
