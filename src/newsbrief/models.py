"""The document model shared by every stage: plain frozen values, no behaviour beyond derivation."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from newsbrief.errors import InputError

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def count_words(text: str) -> int:
    """Words as a reader counts them; hyphenated and apostrophed parts count once."""
    return len(_WORD.findall(text))


@dataclass(frozen=True, slots=True)
class Article:
    """A clean news story. ``text`` holds the body; paragraphs are separated by a blank line."""

    text: str
    title: str | None = None
    byline: str | None = None
    published: str | None = None
    language: str | None = None
    url: str | None = None
    previous: str | None = None
    next: str | None = None

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]

    @property
    def word_count(self) -> int:
        return count_words(self.text)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of an article: ``text == article.text[start:end]``."""

    text: str
    start: int
    end: int
    index: int
    paragraph: int

    @property
    def words(self) -> int:
        return count_words(self.text)


LENGTH_UNITS = ("sentences", "words", "ratio")


@dataclass(frozen=True, slots=True)
class SummaryOptions:
    """How long a summary should be and how to make it.

    Exactly one of ``sentences``, ``words`` or ``ratio`` sets the length; with none set the summary
    has three sentences. ``words`` is a hard ceiling. ``ratio`` is the share of the article's
    sentences to keep (at least one).
    """

    method: str = "news"
    sentences: int | None = None
    words: int | None = None
    ratio: float | None = None
    language: str | None = None

    def __post_init__(self) -> None:
        given = [u for u in LENGTH_UNITS if getattr(self, u) is not None]
        if len(given) > 1:
            raise InputError(
                f"choose one length: {' or '.join(given)} were both given",
                code="conflicting_length",
            )
        if self.sentences is not None and self.sentences < 1:
            raise InputError(
                f"sentences must be at least 1, got {self.sentences}", code="invalid_length"
            )
        if self.words is not None and self.words < 1:
            raise InputError(f"words must be at least 1, got {self.words}", code="invalid_length")
        if self.ratio is not None and not 0.0 < self.ratio <= 1.0:
            raise InputError(f"ratio must be in (0, 1], got {self.ratio}", code="invalid_length")

    def sentence_budget(self, available: int) -> int:
        """How many sentences this length asks for, out of ``available``."""
        if self.sentences is not None:
            return min(self.sentences, available)
        if self.ratio is not None:
            return max(1, min(available, round(self.ratio * available)))
        if self.words is not None:
            return available
        return min(3, available)


@dataclass(frozen=True, slots=True)
class Summary:
    """Sentences picked (or written) for a summary, in document order.

    An abstractive method's written sentences are not spans of the article: their ``start`` and
    ``end`` are -1 (see ``newsbrief.llm.summarizer``). ``details`` carries method-specific
    reports (the LLM's status, the faithfulness guard's removals) into ``to_dict``.
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

    def to_dict(self) -> dict[str, object]:
        return {
            "method": self.method,
            "summary": self.text,
            "words": self.words,
            "sentences": [
                {"text": s.text, "start": s.start, "end": s.end, "index": s.index}
                for s in self.sentences
            ],
            "notes": list(self.notes),
            **(self.details or {}),
        }
