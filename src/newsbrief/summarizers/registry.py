"""The one catalogue of summarization methods, shared by the library, CLI, web API and batch.

Each method is named here with its description and where its implementation lives; a method's
module is imported the first time it is asked for, so the catalogue costs nothing to import and
an abstractive method's HTTP client loads only for those who use it. An unknown name's error
lists the valid ones; a method whose optional dependencies are missing says which extra brings
them.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

from newsbrief.errors import ErrorCode, InputError, unknown_choice


@dataclass(frozen=True, slots=True)
class Method:
    """A registered method: its name, what it does, and where it lives (``module:attribute``)."""

    name: str
    description: str
    target: str
    # Methods that write new sentences instead of picking article spans: their sentences have
    # start == end == -1, so the span invariants of the extractive methods do not apply to them.
    abstractive: bool = False
    # The `pip install 'newsbrief[...]'` extra the method needs beyond the core.
    extra: str | None = None
    # Methods that ask an LLM server: their factory takes its settings (``LlmSettings | None``),
    # handed down from the edge that read them; the other factories take nothing.
    calls_llm: bool = False


METHODS = MappingProxyType(
    {
        method.name: method
        for method in (
            Method(
                "centrality",
                "LexRank graph centrality: the sentences most similar to the rest of the article",
                "newsbrief.summarizers.centrality:CentralitySummarizer",
            ),
            Method(
                "lead",
                "the first sentences of the article (the Lead-N baseline)",
                "newsbrief.summarizers.lead:LeadSummarizer",
            ),
            Method(
                "llm",
                "abstractive summary from an OpenAI-compatible LLM server (NEWSBRIEF_LLM_URL), "
                "every sentence checked against the article; falls back to news",
                "newsbrief.llm.summarizer:LlmSummarizer",
                abstractive=True,
                extra="llm",
                calls_llm=True,
            ),
            Method(
                "news",
                "position, centrality and news cues, weights fitted on news (the default)",
                "newsbrief.summarizers.news:NewsSummarizer",
            ),
        )
    }
)
ABSTRACTIVE = frozenset(name for name, method in METHODS.items() if method.abstractive)


def available() -> list[str]:
    """Names of the registered methods."""
    return sorted(METHODS)


def describe() -> dict[str, str]:
    """Each method's name with a one-line description, for help texts and the API."""
    return {name: METHODS[name].description for name in available()}


def method(name: str) -> Method:
    """The catalogue entry of ``name``; an unknown name's error lists the valid ones."""
    found = METHODS.get(name)
    if found is None:
        raise unknown_choice("method", name, METHODS)
    return found


@functools.cache
def load(name: str) -> Callable[..., object]:
    """The factory of the method ``name`` (its class), imported on first use; it takes the LLM
    settings when the method ``calls_llm``, nothing otherwise."""
    entry = method(name)
    module_name, _, attribute = entry.target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        extra = f"pip install 'newsbrief[{entry.extra}]'" if entry.extra else "reinstall newsbrief"
        raise InputError(
            f"the {name!r} method needs {error.name or 'a missing package'}: {extra}",
            code=ErrorCode.MISSING_EXTRA,
        ) from None
    factory: Callable[..., object] = getattr(module, attribute)
    return factory


__all__ = ["ABSTRACTIVE", "METHODS", "Method", "available", "describe", "load", "method"]
