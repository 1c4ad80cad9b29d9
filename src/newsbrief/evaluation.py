"""Quality measures used by ``newsbrief eval``, the benchmarks and the CI gate.

ROUGE is Google's ``rouge-score`` with the Porter stemmer, F1 x 100; rougeLsum is summary-level
LCS over newline-separated sentences, the variant papers report for CNN/DailyMail.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsbrief.reading.segmentation import sentence_spans

ROUGE_TYPES = ("rouge1", "rouge2", "rougeLsum")


@dataclass(frozen=True, slots=True)
class RougeScores:
    rouge1: float
    rouge2: float
    rougeLsum: float  # noqa: N815  (the name rouge-score and the papers use)
    count: int

    def as_dict(self) -> dict[str, float]:
        return {"rouge1": self.rouge1, "rouge2": self.rouge2, "rougeLsum": self.rougeLsum}


def _lines(text: str) -> str:
    return "\n".join(text[s:e] for s, e in sentence_spans(text))


class RougeEvaluator:
    """Scores (candidate sentences, reference text) pairs; one scorer reused across calls."""

    def __init__(self) -> None:
        # rouge-score imports NLTK, slow to load: load it only when something is evaluated.
        from rouge_score import rouge_scorer

        self._scorer = rouge_scorer.RougeScorer(list(ROUGE_TYPES), use_stemmer=True)

    def score(self, candidate: Sequence[str], reference: str) -> dict[str, float]:
        scores = self._scorer.score(_lines(reference), "\n".join(candidate))
        return {name: 100.0 * scores[name].fmeasure for name in ROUGE_TYPES}

    def mean(self, pairs: Iterable[tuple[Sequence[str], str]]) -> RougeScores:
        totals = dict.fromkeys(ROUGE_TYPES, 0.0)
        count = 0
        for candidate, reference in pairs:
            for name, value in self.score(candidate, reference).items():
                totals[name] += value
            count += 1
        if count == 0:
            return RougeScores(0.0, 0.0, 0.0, 0)
        return RougeScores(
            totals["rouge1"] / count, totals["rouge2"] / count, totals["rougeLsum"] / count, count
        )
