"""The guard's view of words: tokens, crude stems, content stems and the names a sentence uses.

Pure functions over strings, shared by the per-sentence checks (:mod:`newsbrief.guard.sentences`)
and the summary-level features (:mod:`newsbrief.guard.features`).
"""

from __future__ import annotations

import re

from newsbrief.guard.quantities import MONTHS, NUMBER_WORDS, WEEKDAYS
from newsbrief.reading.stopwords import FUNCTION_WORDS

# Words kept whole across an inner apostrophe ("don't", "Kilmarnock's").
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Words split at apostrophes.
_PLAIN_WORD = re.compile(r"[^\W_]+")
_CAPITALISED = re.compile(r"\b[A-Z][\w’'-]*[a-z][\w’'-]*\b|\b[A-Z]{2,}\b")

# Grammar only, not the news filler words the summarizer also ignores: the model was fitted so.
STOP_WORDS = FUNCTION_WORDS
# Capitalised words that are not names when they open a clause or a title.
COMMON_CAPITALS = STOP_WORDS | {"but", "and", "however", "meanwhile", "now", "today", "new"}


def whole_words(text: str) -> list[str]:
    """The words of ``text`` as written, an inner apostrophe kept ("don't")."""
    return _WORD.findall(text)


def cased_words(text: str) -> list[str]:
    """The words of ``text`` as written, split at apostrophes."""
    return _PLAIN_WORD.findall(text)


def lower_words(text: str) -> list[str]:
    """Lowercase words split at apostrophes, so tokenised ("kilmarnock 's", "we 're") and
    typographic text compare equal."""
    return [w.lower() for w in _PLAIN_WORD.findall(text)]


def squash(text: str) -> str:
    """Lowercase words joined by single spaces."""
    return " ".join(lower_words(text))


def trigrams(text: str) -> list[tuple[str, str, str]]:
    found = lower_words(text)
    return list(zip(found, found[1:], found[2:], strict=False))


def stem(word: str) -> str:
    """A crude, language-blind stem: lowercase, no possessive, plural or common suffix, at most
    six letters ("confirmed" ~ "confirmation"), good enough for overlap counts."""
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:6]


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry content: no stop words, number words or bare numbers."""
    lowered = (w.lower() for w in _WORD.findall(text))
    return [
        stem(w)
        for w in lowered
        if w not in STOP_WORDS and w not in NUMBER_WORDS and not w.isdigit()
    ]


def names(sentence: str) -> list[str]:
    """Capitalised words inside the sentence (the first word only if it is not a common word);
    month and weekday names in any case."""
    found: list[str] = []
    for match in _CAPITALISED.finditer(sentence):
        word = match.group(0).rstrip("'’").removesuffix("'s").removesuffix("’s")
        opening = sentence[: match.start()].strip(" \"“‘'(") == ""
        if opening and word.lower() in COMMON_CAPITALS:
            continue
        if word.lower() in COMMON_CAPITALS and not word.isupper():
            continue
        found.append(word)
    for word in _WORD.findall(sentence.lower()):
        if word in WEEKDAYS or (word in MONTHS and len(word) > 3 and word != "march"):
            found.append(word)
    return found


__all__ = [
    "COMMON_CAPITALS",
    "STOP_WORDS",
    "cased_words",
    "content_stems",
    "lower_words",
    "names",
    "squash",
    "stem",
    "trigrams",
    "whole_words",
]
