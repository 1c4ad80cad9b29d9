"""The one summarizer interface: what a summarizer is asked for (:class:`SummaryOptions`), what
it reads (:class:`Document`), what it gives back (:class:`Summary`), and the call itself
(:class:`Summarizer`).

Options are validated here and only here: every edge (library, CLI, web API, batch) builds a
``SummaryOptions`` and gets the same error for the same mistake. Their :attr:`~SummaryOptions.key`
is the one cache key of a summary's settings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from newsbrief.errors import ErrorCode, InputError
from newsbrief.models import Article, Sentence, language_code
from newsbrief.summarizers.registry import method as registered_method

LENGTH_UNITS = ("sentences", "words", "ratio", "points")
DEFAULT_SENTENCES = 3


@dataclass(frozen=True, slots=True)
class SummaryOptions:
    """How long a summary should be and how to make it.

    At most one of ``sentences``, ``words``, ``ratio`` or ``points`` sets the length; with none
    set the summary has :data:`DEFAULT_SENTENCES` sentences. ``words`` is a hard ceiling.
    ``ratio`` is the share of the article's sentences to keep (at least one). ``points`` asks for
    that many key points: distinct facts from the whole article, top to bottom, rather than the
    best sentences wherever they are (:mod:`newsbrief.summarizers.points`). ``language`` is an
    ISO 639 code (normalised to lowercase); ``method`` a registered method's name.

    ``points`` comes last so that positional construction keeps its old meaning.
    """

    method: str = "news"
    sentences: int | None = None
    words: int | None = None
    ratio: float | None = None
    language: str | None = None
    points: int | None = None

    def __post_init__(self) -> None:
        registered_method(self.method)
        given = [unit for unit in LENGTH_UNITS if getattr(self, unit) is not None]
        if len(given) > 1:
            raise InputError(
                f"choose one length: {' or '.join(given)} were both given",
                code=ErrorCode.CONFLICTING_LENGTH,
            )
        if not given:
            object.__setattr__(self, "sentences", DEFAULT_SENTENCES)
        _check_count("sentences", self.sentences)
        _check_count("words", self.words)
        _check_count("points", self.points)
        if self.ratio is not None:
            _check_ratio(self.ratio)
            object.__setattr__(self, "ratio", float(self.ratio))
        object.__setattr__(self, "language", language_code(self.language))

    @property
    def length_key(self) -> str:
        """The length and language as text, exactly: two options give the same key only when
        they ask for the same summary (a ratio is written with every digit it has)."""
        if self.words is not None:
            length = f"words={self.words}"
        elif self.ratio is not None:
            length = f"ratio={self.ratio!r}"
        elif self.points is not None:
            length = f"points={self.points}"
        else:
            length = f"sentences={self.sentences}"
        return f"{length};language={self.language}" if self.language else length

    @property
    def key(self) -> str:
        """Everything that decides the summary of a given text: method, length and language."""
        return f"{self.method};{self.length_key}"

    def sentence_budget(self, available: int) -> int:
        """How many sentences this length asks for, out of ``available``."""
        if self.ratio is not None:
            return max(1, min(available, round(self.ratio * available)))
        if self.words is not None:
            return available
        return min(self.points or self.sentences or DEFAULT_SENTENCES, available)


def _check_count(unit: str, value: object) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool):
        raise InputError(
            f"{unit} must be a whole number, got {value!r}", code=ErrorCode.INVALID_LENGTH
        )
    if value < 1:
        raise InputError(f"{unit} must be at least 1, got {value}", code=ErrorCode.INVALID_LENGTH)


def _check_ratio(value: object) -> None:
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise InputError(f"ratio must be a number, got {value!r}", code=ErrorCode.INVALID_LENGTH)
    if not (math.isfinite(value) and 0.0 < value <= 1.0):
        raise InputError(f"ratio must be in (0, 1], got {value}", code=ErrorCode.INVALID_LENGTH)


@dataclass(frozen=True, slots=True)
class Summary:
    """Sentences picked (or written) for a summary, in document order.

    An abstractive method's written sentences are not spans of the article: their ``start`` and
    ``end`` are -1 (see :mod:`newsbrief.llm.summarizer`). ``details`` carries method-specific
    reports (the LLM's status, the faithfulness guard's removals) into the serialised summary
    (:func:`newsbrief.render.summary_record`).
    """

    sentences: tuple[Sentence, ...]
    method: str
    options: SummaryOptions
    notes: tuple[str, ...] = field(default=())
    details: Mapping[str, object] | None = field(default=None, compare=False)

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sentences)


@dataclass(frozen=True, slots=True)
class Document:
    """An article with its sentences, segmented once and shared by every scorer."""

    article: Article
    sentences: tuple[Sentence, ...]


class Summarizer(Protocol):
    """Every method: a registry name and a call from (document, options) to a summary."""

    name: str

    def __call__(self, document: Document, options: SummaryOptions) -> Summary: ...


__all__ = [
    "DEFAULT_SENTENCES",
    "LENGTH_UNITS",
    "Document",
    "Summarizer",
    "Summary",
    "SummaryOptions",
]
