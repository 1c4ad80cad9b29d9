"""The document model shared by every stage: plain frozen values, no behaviour beyond derivation.

What a summarizer is asked for and gives back (``SummaryOptions``, ``Summary``) lives with the
summarizers, in :mod:`newsbrief.summarizers.base`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsbrief.errors import ErrorCode, InputError

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$")


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


def language_code(language: str | None) -> str | None:
    """``language`` as a lowercase ISO 639 code ("EN_us" -> "en-us"), or an error saying so."""
    if language is None:
        return None
    code = language.strip().lower().replace("_", "-")
    if not _LANGUAGE_CODE.match(code):
        raise InputError(
            f"language must be an ISO 639-1 code such as 'en', got {language!r}",
            code=ErrorCode.INVALID_LANGUAGE,
        )
    return code


__all__ = ["Article", "Sentence", "count_words", "language_code"]
