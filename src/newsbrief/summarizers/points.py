"""Key points: a few distinct facts from the whole article, top to bottom.

A summary of N sentences takes the N best by the method's scores, and in news the best are
nearly always in the opening paragraphs: the inverted pyramid puts them there, and a reader who
opens the article sees them already. Key points trade a little of that score for coverage: the
article is cut into as many parts of about equal length as points are asked for (each cut moved
to the nearest paragraph start when the text has paragraphs), and the picks are greedy, each
sentence's worth being

    its score, standardised over the article's statements (so every method's scores weigh alike)
    + ``coverage``   when no point comes from its part of the article yet
    - ``length``     x the log of its words past :data:`COMFORTABLE_WORDS` (a point is short)
    - ``diversity``  x its similarity to the closest point already picked (maximal marginal
                     relevance; with no similarity matrix, near-duplicates are still refused)

and a paragraph gives a second point only once every paragraph with a statement has one: a
writer's paragraph holds one point, and an article whose opening paragraph is long and vague
would otherwise spend every point on it. Facts come first, though (:func:`concrete_terms`:
numbers, dates such as "March 18", names). After the first point (the best candidate, whatever
it tells), the paragraphs whose best candidate tells a fact no point has told yet give their
first point; then a paragraph whose point named a fact may give a second that tells a new one;
only then do the paragraphs whose best candidate tells nothing new (commentary, as a rule) get
their first. Once every paragraph has a point, the paragraph rule alone orders the rest. Text
without paragraph breaks (the dev sets are such) is one paragraph, where none of this changes
anything; it was chosen for what it means, not fitted.

The three constants of each method were picked by ``python -m bench.points --data
../shared/data --fit``: the highest cross-validated ROUGE-1 on the CNN/DailyMail and Newsroom dev
sets whose picks sit, on average, at least :data:`MIN_MEAN_POSITION` of the way down the
article (docs/benchmarks.md, "Key points"). The picks come back in document order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from newsbrief.models import Sentence
from newsbrief.summarizers.statistics.arrays import Matrix

COMFORTABLE_WORDS = 20
# Letters and digits (one character class, repeated: linear on any input).
_WORD = re.compile(r"[^\W_]+")
_MONTHS = frozenset(
    "January February March April May June July August September October November December".split()
)
# What the fit asks of the picks' mean relative position (0 the first sentence, 1 the last).
MIN_MEAN_POSITION = 0.22


@dataclass(frozen=True, slots=True)
class Coverage:
    """The trade-off between a method's scores and covering the article (see the module doc)."""

    coverage: float
    length: float
    diversity: float


# Picked by bench.points (see the module docstring); a method not listed uses DEFAULT_COVERAGE.
COVERAGE: Mapping[str, Coverage] = MappingProxyType(
    {
        "news": Coverage(coverage=0.6, length=1.0, diversity=1.0),
        "lead": Coverage(coverage=2.0, length=0.5, diversity=0.0),
        "centrality": Coverage(coverage=0.0, length=1.5, diversity=2.0),
    }
)
DEFAULT_COVERAGE = COVERAGE["news"]


def key_points(
    sentences: Sequence[Sentence],
    scores: Sequence[float],
    candidates: Sequence[bool],
    count: int,
    coverage: Coverage,
    *,
    similarity: Matrix | None = None,
    repeats: Callable[[int, list[int]], bool] = lambda index, chosen: False,
) -> list[int]:
    """Indexes of up to ``count`` key points among the ``candidates``, in document order.

    ``repeats(index, chosen)`` says whether a sentence says again what the chosen ones say
    (the shared near-duplicate test); such a sentence is passed over.
    """
    n = len(sentences)
    open_ = np.asarray(candidates, dtype=bool).copy()
    if n == 0 or not open_.any():
        return []
    worth = _standardised(np.asarray(scores, dtype=float), open_)
    words = np.array([max(1, s.words) for s in sentences], dtype=float)
    worth -= coverage.length * np.maximum(0.0, np.log(words) - np.log(COMFORTABLE_WORDS))
    paragraph = np.array([s.paragraph for s in sentences], dtype=np.intp)
    part = _parts(paragraph, count)
    uncovered = np.ones(count, dtype=bool)
    unused = np.ones(int(paragraph.max()) + 1, dtype=bool)  # paragraphs with no point yet
    terms = [concrete_terms(s.text) for s in sentences]
    told: set[str] = set()
    factual = np.zeros_like(unused)  # paragraphs whose points named a concrete fact
    every_paragraph_served = False
    closest = np.zeros(n)
    chosen: list[int] = []
    while len(chosen) < count and open_.any():
        gain = worth + coverage.coverage * uncovered[part] - coverage.diversity * closest
        first = open_ & unused[paragraph]
        if not first.any():  # every paragraph has a point: a second one may come from any
            unused[:] = True
            every_paragraph_served = True
            allowed = open_
        elif chosen and not every_paragraph_served:  # facts first, after the best candidate
            news = open_ & np.array([not terms[i] <= told for i in range(n)], dtype=bool)
            allowed = _facts_first(first, ~first & factual[paragraph], news, paragraph, gain)
        else:
            allowed = first
        best = int(np.argmax(np.where(allowed, gain, -np.inf)))
        open_[best] = False
        if repeats(best, chosen):
            continue
        chosen.append(best)
        told |= terms[best]
        factual[paragraph[best]] |= bool(terms[best])
        uncovered[part[best]] = False
        unused[paragraph[best]] = False
        if similarity is not None and coverage.diversity:
            np.maximum(closest, similarity[:, best], out=closest)
    return sorted(chosen)


def concrete_terms(text: str) -> frozenset[str]:
    """The concrete facts a sentence names: its numbers, its dates (a month joined with its day
    number, "March 18" or "18 March", as one term) and its names (capitalised words of two
    letters or more that do not open the sentence)."""
    words = _WORD.findall(text)
    terms: set[str] = set()
    i = 0
    while i < len(words):
        word, after = words[i], words[i + 1] if i + 1 < len(words) else ""
        if (word in _MONTHS and _is_day(after)) or (_is_day(word) and after in _MONTHS):
            month, day = (word, after) if word in _MONTHS else (after, word)
            terms.add(f"{month} {int(day)}")
            i += 2
            continue
        if any(c.isdigit() for c in word) or (i > 0 and len(word) > 1 and word[0].isupper()):
            terms.add(word)
        i += 1
    return frozenset(terms)


def _is_day(word: str) -> bool:
    return word.isdecimal() and len(word) <= 2 and 1 <= int(word) <= 31


def _facts_first(
    first: NDArray[np.bool_],
    seconds: NDArray[np.bool_],
    news: NDArray[np.bool_],
    paragraph: NDArray[np.intp],
    gain: Matrix,
) -> NDArray[np.bool_]:
    """Which sentences the next pick may be (the module doc's order): a paragraph's best
    ``first`` point that tells ``news``, else one of the ``seconds`` that does, else any first."""
    for preferred in (news & _heads(first, paragraph, gain), news & seconds):
        if preferred.any():
            return preferred
    return first


def _heads(
    first: NDArray[np.bool_], paragraph: NDArray[np.intp], gain: Matrix
) -> NDArray[np.bool_]:
    """Each paragraph's best sentence among ``first`` (the earliest on a tie, as argmax)."""
    among = np.flatnonzero(first)
    by_paragraph = among[np.lexsort((-gain[among], paragraph[among]))]  # stable sort
    heads = np.zeros_like(first)
    heads[by_paragraph[np.diff(paragraph[by_paragraph], prepend=-1) != 0]] = True
    return heads


def _parts(paragraph: NDArray[np.intp], count: int) -> NDArray[np.intp]:
    """Each sentence's part of the article: ``count`` runs of about equal length, each cut
    moved to the nearest paragraph start (the earlier on a tie) when the text has paragraphs."""
    n = len(paragraph)
    starts = np.flatnonzero(np.diff(paragraph, prepend=-1) != 0)  # first sentence of each
    cuts = []
    for k in range(1, count):
        ideal = k * n / count
        cut = (
            int(starts[np.argmin(np.abs(starts - ideal))])
            if len(starts) > 1
            else int(np.ceil(ideal))
        )
        cuts.append(cut)
    part: NDArray[np.intp] = np.searchsorted(np.asarray(cuts), np.arange(n), side="right")
    return part


def _standardised(scores: Matrix, candidates: Matrix) -> Matrix:
    """Scores as z-scores over the candidates: zero mean, unit spread (or zero spread kept)."""
    values = scores[candidates]
    spread = float(values.std())
    standard: Matrix = (scores - float(values.mean())) / (spread if spread > 0 else 1.0)
    return standard


__all__ = [
    "COMFORTABLE_WORDS",
    "COVERAGE",
    "DEFAULT_COVERAGE",
    "MIN_MEAN_POSITION",
    "Coverage",
    "concrete_terms",
    "key_points",
]
