"""The summarizer registry shared by the library, CLI, web API and batch runs."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from newsbrief.errors import InputError, unknown_choice
from newsbrief.models import Article, Summary, SummaryOptions
from newsbrief.segmentation import split_sentences
from newsbrief.summarizers.base import Document, Summarizer
from newsbrief.summarizers.centrality import CentralitySummarizer
from newsbrief.summarizers.lead import LeadSummarizer
from newsbrief.summarizers.llm import LlmSummarizer
from newsbrief.summarizers.news import NewsSummarizer

_FACTORIES: Mapping[str, Callable[[], Summarizer]] = MappingProxyType(
    {
        "centrality": CentralitySummarizer,
        "lead": LeadSummarizer,
        "llm": LlmSummarizer,
        "news": NewsSummarizer,
    }
)


# Methods that write new sentences instead of picking article spans: their sentences have
# start == end == -1, so the span invariants of the extractive methods do not apply to them.
ABSTRACTIVE = frozenset({"llm"})


def available() -> list[str]:
    """Names of the registered methods."""
    return sorted(_FACTORIES)


def describe() -> dict[str, str]:
    """Each method's name with a one-line description, for help texts and the API."""
    return {name: _FACTORIES[name]().description for name in available()}


def get(name: str) -> Summarizer:
    """The summarizer registered as ``name``; an unknown name's error lists the valid ones."""
    factory = _FACTORIES.get(name)
    if factory is None:
        raise unknown_choice("method", name, _FACTORIES)
    return factory()


def prepare(article: Article) -> Document:
    """Segment an article once, so several summaries can share the work."""
    sentences = tuple(split_sentences(article.text))
    if not sentences:
        raise InputError("the article has no text to summarize", code="empty_input")
    if not any(ch.isalnum() for ch in article.text):
        raise InputError("the article has no words, only punctuation or symbols", code="no_words")
    return Document(article, sentences)


def run(document: Document, options: SummaryOptions) -> Summary:
    return get(options.method)(document, options)


__all__ = [
    "ABSTRACTIVE",
    "Document",
    "Summarizer",
    "available",
    "describe",
    "get",
    "prepare",
    "run",
]
