"""The budgeted selection every extractive method shares.

A summarizer scores sentences; :func:`select` turns scores into a summary that respects the
reader's length (sentences, a hard word ceiling, or a ratio), skips near-duplicates, and returns the
picked sentences in document order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Sequence

import numpy as np

from newsbrief.models import Sentence
from newsbrief.summarizers.base import Document, Summary, SummaryOptions
from newsbrief.summarizers.clauses import open_quotes, truncate
from newsbrief.summarizers.points import COVERAGE, DEFAULT_COVERAGE, Coverage, key_points
from newsbrief.summarizers.statements import Statements
from newsbrief.summarizers.statistics import trigram_keys as _trigram_keys
from newsbrief.summarizers.statistics.arrays import Matrix

_TOKEN = re.compile(r"\w+")
# A sentence's trigrams: of words (tuples, or one 64-bit key each from the compiled reader), or
# of characters (tuples) for a text of fewer than three words.
Grams = set[Hashable]
# Two sentences sharing this share of their word trigrams say the same thing (wire copy often
# repeats the lead further down, and captions repeat body sentences).
_NEAR_DUPLICATE = 0.5
TRUNCATED_NOTE = "truncated to fit the word limit"
NO_STATEMENT_NOTE = "the article has no complete sentence that states its story"
UNQUOTABLE_NOTE = "no part of the article fits in {words} words without cutting a quotation"


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


def select(
    document: Document,
    scores: Sequence[float],
    options: SummaryOptions,
    method: str,
    *,
    similarity: Matrix | None = None,
    diversity: float = 0.0,
    notes: tuple[str, ...] = (),
    coverage: Coverage | None = None,
) -> Summary:
    """Pick the best-scoring statements within the length budget, in document order.

    Only sentences that state the story are candidates (:mod:`.statements`): an article with
    none (a table, a list of headings) gets an empty summary and a note saying so. With a
    ``similarity`` matrix and ``diversity`` > 0 the picks follow maximal marginal relevance
    (Carbonell & Goldstein 1998): each next sentence pays ``diversity`` times its similarity to
    the closest sentence already picked, so a summary covers more than one fact.

    Key points (``options.points``) are picked for coverage of the whole article instead
    (:mod:`.points`), with the trade-off fitted for ``method`` unless ``coverage`` is given.
    """
    sentences = document.sentences
    statements = Statements(document.article, sentences)
    budget = options.sentence_budget(len(sentences))
    if options.points is not None:
        trade_off = coverage or COVERAGE.get(method, DEFAULT_COVERAGE)
        chosen = _key_points(sentences, scores, statements, budget, trade_off, similarity)
        if chosen is None:
            return Summary((), method, options, (*notes, NO_STATEMENT_NOTE))
        picked = tuple(sentences[i] for i in chosen)
        return Summary(picked, method, options, (*notes, *_shortfall(len(chosen), options)))
    accept: Callable[[int], bool] = statements
    if options.words is not None:

        def accept(index: int) -> bool:
            # A word budget never shows a quotation left open (see :mod:`.clauses`).
            return statements(index) and not open_quotes(sentences[index].text)

    ranking = _Ranking(scores, similarity if diversity > 0 else None, diversity)
    chosen = _pick(sentences, ranking, budget, options.words, accept)
    if chosen:
        picked = tuple(sentences[i] for i in sorted(chosen))
        return Summary(picked, method, options, (*notes, *_shortfall(len(chosen), options)))
    if not any(statements.mask()):
        return Summary((), method, options, (*notes, NO_STATEMENT_NOTE))
    return _truncated(document, scores, statements, options, method, notes)


def _key_points(
    sentences: Sequence[Sentence],
    scores: Sequence[float],
    statements: Statements,
    budget: int,
    trade_off: Coverage,
    similarity: Matrix | None,
) -> list[int] | None:
    """The key points' indexes (:func:`.points.key_points`), or None when no sentence is a
    statement."""
    candidates = statements.mask()
    if not any(candidates):
        return None
    return key_points(
        sentences,
        scores,
        candidates,
        budget,
        trade_off,
        similarity=similarity,
        repeats=_NearDuplicates(sentences).repeats,
    )


def _truncated(
    document: Document,
    scores: Sequence[float],
    statements: Statements,
    options: SummaryOptions,
    method: str,
    notes: tuple[str, ...],
) -> Summary:
    """No whole sentence fits the word ceiling: the opening of the best statement that can be
    cut without leaving a quotation open (:func:`.clauses.truncate`)."""
    words = options.words or 0
    for index in np.argsort(-np.asarray(scores, dtype=float), kind="stable"):
        if not statements(int(index)):
            continue
        cut = truncate(document.sentences[int(index)], words)
        if cut is not None:
            return Summary((cut,), method, options, (*notes, TRUNCATED_NOTE))
    return Summary((), method, options, (*notes, UNQUOTABLE_NOTE.format(words=words)))


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
        self.remaining = len(self._base)

    def next(self) -> int:
        best = int(np.argmax(np.where(self._considered, -np.inf, self._adjusted)))
        self._considered[best] = True
        self.remaining -= 1
        return best

    def picked(self, index: int) -> None:
        if self._similarity is not None:
            np.maximum(self._closest, self._similarity[:, index], out=self._closest)
            self._adjusted = self._base - self._diversity * self._closest


def _pick(
    sentences: Sequence[Sentence],
    ranking: _Ranking,
    budget: int,
    ceiling: int | None,
    accept: Callable[[int], bool],
) -> list[int]:
    """Indexes of the sentences picked in rank order: each is taken unless it would pass the
    word ``ceiling``, is not one to ``accept``, or repeats a sentence already taken; at most
    ``budget`` of them."""
    chosen: list[int] = []
    chosen_grams: list[Grams] = []
    used = 0
    while ranking.remaining:
        if len(chosen) >= budget:
            break
        i = ranking.next()
        words = sentences[i].words if ceiling is not None else 0
        if (ceiling is not None and used + words > ceiling) or not accept(i):
            continue
        grams = _trigrams(sentences[i].text)
        if _repeats(grams, chosen_grams):
            continue
        chosen.append(i)
        chosen_grams.append(grams)
        used += words
        ranking.picked(i)
    return chosen


class _NearDuplicates:
    """The near-duplicate test of :func:`_repeats` by sentence index, trigrams built once."""

    def __init__(self, sentences: Sequence[Sentence]) -> None:
        self._sentences = sentences
        self._grams: dict[int, Grams] = {}

    def _of(self, index: int) -> Grams:
        if index not in self._grams:
            self._grams[index] = _trigrams(self._sentences[index].text)
        return self._grams[index]

    def repeats(self, index: int, chosen: list[int]) -> bool:
        return _repeats(self._of(index), [self._of(other) for other in chosen])


def _shortfall(picked: int, options: SummaryOptions) -> tuple[str, ...]:
    """A note when fewer sentences (or key points) were picked than the reader asked for."""
    if options.points is not None:
        if picked >= options.points:
            return ()
        noun = "key point" if picked == 1 else "key points"
        return (f"the article has only {picked} distinct {noun}",)
    if picked >= (options.sentences or 0):
        return ()
    noun = "sentence" if picked == 1 else "sentences"
    return (f"the article has only {picked} distinct {noun}",)
