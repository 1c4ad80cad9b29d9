"""What the story grouping reads of an article: its terms in three views.

Miranda et al. (2018, "Multilingual Clustering of Streaming News") compare articles to stories
in several TF-IDF views; newsbrief keeps three that need no language model:

- ``body``: the content words of the whole text (the summarizers' tokeniser, English stop
  words dropped, light plural folding);
- ``entities``: capitalised phrases ("Hosni Mubarak", "Port-au-Prince", "Federal Reserve"), a
  stand-in for named entities that works for any language written with capitals;
- ``lead``: the title and the opening of the text, where a news story says what it is about.

Pure: strings in, term lists out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsbrief.reading.stopwords import FUNCTION_WORDS
from newsbrief.summarizers.statistics.words import content_words

VIEWS = ("body", "entities", "lead")
# The opening a title stands in for when there is none: about two sentences of news prose.
LEAD_CHARACTERS = 300
# Long texts (transcripts, live pages) say what they are about well before this; reading them
# whole would make one article cost as much as hundreds.
MAX_CHARACTERS = 60_000
# One capitalised word, then more joined by single spaces or a lower-case particle ("Bank of
# America", "Port-au-Prince"). Each repetition must start with a space and a capital, so the
# pattern cannot backtrack over the same characters twice.
_ENTITY = re.compile(
    r"[A-Z][\w'’-]*(?: (?:of |de |du |la |al |bin |van |von |der )?[A-Z][\w'’-]*){0,5}"
)
MAX_TERM = 64
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(frozen=True, slots=True)
class ArticleTerms:
    """An article's terms, view by view (repeats kept: they are its term frequencies)."""

    body: tuple[str, ...]
    entities: tuple[str, ...]
    lead: tuple[str, ...]

    def view(self, name: str) -> tuple[str, ...]:
        terms: tuple[str, ...] = getattr(self, name)
        return terms

    @property
    def empty(self) -> bool:
        return not (self.body or self.entities or self.lead)


def entities(text: str) -> list[str]:
    """Capitalised phrases of ``text``, lower-cased; a leading function word ("The", "But") is
    not part of the name, and a phrase that is only function words is none."""
    found = []
    for match in _ENTITY.finditer(text):
        words = match.group(0).split(" ")
        while words and words[0].lower() in FUNCTION_WORDS:
            words = words[1:]
        if words:
            phrase = _POSSESSIVE.sub("", " ".join(words).lower())
            if len(phrase) > 1:
                found.append(phrase)
    return found


def article_terms(text: str, title: str | None = None) -> ArticleTerms:
    """The three views of an article's ``text`` and optional ``title``."""
    text = text[:MAX_CHARACTERS]
    opening = text[:LEAD_CHARACTERS]
    head = f"{title}\n{opening}" if title else opening
    return ArticleTerms(
        body=_usable(content_words(text)),
        entities=_usable(entities(text)),
        lead=_usable(content_words(head)),
    )


def _usable(terms: list[str]) -> tuple[str, ...]:
    """Terms short enough to be words or names: a run of characters without spaces (a URL, a
    token string) says nothing about the story and would bloat the stored state."""
    if max(map(len, terms), default=0) <= MAX_TERM:
        return tuple(terms)
    return tuple([t for t in terms if len(t) <= MAX_TERM])


__all__ = [
    "LEAD_CHARACTERS",
    "MAX_CHARACTERS",
    "VIEWS",
    "ArticleTerms",
    "article_terms",
    "entities",
]
