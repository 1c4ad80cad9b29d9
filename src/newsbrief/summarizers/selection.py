"""The budgeted selection every extractive method shares.

A summarizer scores sentences; :func:`select` turns scores into a summary that respects the
reader's length (sentences, a hard word ceiling, or a ratio), skips near-duplicates, and returns the
picked sentences in document order.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Sequence

import numpy as np

from newsbrief.models import Sentence
from newsbrief.summarizers.base import Document, Summary, SummaryOptions
from newsbrief.summarizers.statistics import trigram_keys as _trigram_keys
from newsbrief.summarizers.statistics.arrays import Matrix

_TOKEN = re.compile(r"\w+")
# A sentence's trigrams: of words (tuples, or one 64-bit key each from the compiled reader), or
# of characters (tuples) for a text of fewer than three words.
Grams = set[Hashable]
# Two sentences sharing this share of their word trigrams say the same thing (wire copy often
# repeats the lead further down, and captions repeat body sentences).
_NEAR_DUPLICATE = 0.5


# Graph and feature scorers build an n x n similarity matrix and an n x vocabulary count matrix,
# which a book pasted as one article, or megabytes of unique junk words, would grow past any
# memory (docs/benchmarks.md, "hostile input"): past this many sentences, or this many
# characters, only the opening is scored. News puts what matters first.
MAX_SCORED_SENTENCES = 400
MAX_SCORED_CHARACTERS = 100_000


def scored_window(document: Document) -> tuple[Document, tuple[str, ...]]:
    """The part of ``document`` a quadratic scorer looks at, with a note when it is cut."""
    sentences = document.sentences
    if len(sentences) <= MAX_SCORED_SENTENCES and (
        not sentences or sentences[-1].end - sentences[0].start <= MAX_SCORED_CHARACTERS
    ):
        return document, ()
    kept = 1  # the first sentence always, however long
    while (
        kept < min(len(sentences), MAX_SCORED_SENTENCES)
        and sentences[kept].end - sentences[0].start <= MAX_SCORED_CHARACTERS
    ):
        kept += 1
    note = f"long article: only its first {kept} of {len(sentences)} sentences were considered"
    return Document(document.article, sentences[:kept]), (note,)


def _trigrams(text: str) -> Grams:
    """Word trigrams; character trigrams when there are too few words to compare (short lines,
    and Chinese or Japanese, written without spaces). The compiled reader gives a word
    trigram as one 64-bit key instead of a tuple, cheaper to build and to intersect."""
    if _trigram_keys is not None and (keys := _trigram_keys(text)) is not None:
        return keys
    lowered = text.lower()
    tokens = _TOKEN.findall(lowered)
    if len(tokens) < 3:
        tokens = [ch for ch in lowered if not ch.isspace()]
    grams: Grams = set(zip(tokens, tokens[1:], tokens[2:], strict=False))
    return grams


def _repeats(candidate: Grams, chosen: list[Grams]) -> bool:
    if not candidate:
        return False
    return any(len(candidate & other) / len(candidate) >= _NEAR_DUPLICATE for other in chosen)


def truncate(sentence: Sentence, words: int) -> Sentence:
    """The longest prefix of ``sentence`` holding at most ``words`` words, marked with an ellipsis
    by the caller's renderer; offsets stay exact so the span still points into the article."""
    matches = list(_TOKEN.finditer(sentence.text))
    end = matches[words - 1].end() if 0 < words <= len(matches) else len(sentence.text)
    return Sentence(
        sentence.text[:end],
        sentence.start,
        sentence.start + end,
        sentence.index,
        sentence.paragraph,
    )


def select(
    document: Document,
    scores: Sequence[float],
    options: SummaryOptions,
    method: str,
    *,
    similarity: Matrix | None = None,
    diversity: float = 0.0,
    notes: tuple[str, ...] = (),
) -> Summary:
    """Pick the best-scoring sentences within the length budget, in document order.

    With a ``similarity`` matrix and ``diversity`` > 0 the picks follow maximal marginal relevance
    (Carbonell & Goldstein 1998): each next sentence pays ``diversity`` times its similarity to
    the closest sentence already picked, so a summary covers more than one fact.
    """
    sentences = document.sentences
    ranking = _Ranking(scores, similarity if diversity > 0 else None, diversity)
    chosen = _pick(sentences, ranking, options.sentence_budget(len(sentences)), options.words)
    if not chosen and options.words is not None and sentences:
        # No whole sentence fits the word ceiling: cut the best one rather than exceed it.
        best = truncate(sentences[int(np.argmax(scores))], options.words)
        return Summary((best,), method, options, (*notes, "truncated to fit the word limit"))
    picked = tuple(sentences[i] for i in sorted(chosen))
    return Summary(picked, method, options, (*notes, *_shortfall(len(chosen), options)))


class _Ranking:
    """The candidates, best first: each :meth:`next` is the best sentence not yet considered.

    With a similarity matrix, a sentence's score drops by ``diversity`` times its similarity to
    the closest pick so far (maximal marginal relevance), updated as :meth:`picked` is told.
    """

    def __init__(
        self, scores: Sequence[float], similarity: Matrix | None, diversity: float
    ) -> None:
        self._base = np.asarray(scores, dtype=float)
        self._adjusted = self._base
        self._similarity = similarity
        self._diversity = diversity
        self._closest = np.zeros(len(self._base))  # each sentence's similarity to the closest pick
        self._considered = np.zeros(len(self._base), dtype=bool)

    def next(self) -> int:
        best = int(np.argmax(np.where(self._considered, -np.inf, self._adjusted)))
        self._considered[best] = True
        return best

    def picked(self, index: int) -> None:
        if self._similarity is not None:
            np.maximum(self._closest, self._similarity[:, index], out=self._closest)
            self._adjusted = self._base - self._diversity * self._closest


def _pick(
    sentences: Sequence[Sentence], ranking: _Ranking, budget: int, ceiling: int | None
) -> list[int]:
    """Indexes of the sentences picked in rank order: each candidate is taken unless it would
    pass the word ``ceiling`` or repeats a sentence already taken; at most ``budget`` of them."""
    chosen: list[int] = []
    chosen_grams: list[Grams] = []
    used = 0
    for _ in range(len(sentences)):
        if len(chosen) >= budget:
            break
        i = ranking.next()
        words = sentences[i].words if ceiling is not None else 0
        if ceiling is not None and used + words > ceiling:
            continue
        grams = _trigrams(sentences[i].text)
        if _repeats(grams, chosen_grams):
            continue
        chosen.append(i)
        chosen_grams.append(grams)
        used += words
        ranking.picked(i)
    return chosen


def _shortfall(picked: int, options: SummaryOptions) -> tuple[str, ...]:
    """A note when fewer sentences were picked than the reader asked for."""
    if picked >= (options.sentences or 0):
        return ()
    noun = "sentence" if picked == 1 else "sentences"
    return (f"the article has only {picked} distinct {noun}",)
