"""The guard's answer for a whole summary: each sentence's check and the fitted model's verdict.

Pure: strings in, a :class:`Verdict` out. Each sentence is checked by
:mod:`newsbrief.guard.sentences` (unsupported ones are dropped); the summary as a whole is judged
by the logistic model of :mod:`newsbrief.guard.model` over the features of
:mod:`newsbrief.guard.features`, fitted on human factuality labels (``python -m bench.guard``;
figures and method in docs/llm.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from newsbrief.guard.features import ArticleShape, summary_features
from newsbrief.guard.model import MODEL
from newsbrief.guard.sentences import (
    DEFAULT_CONFIG,
    ArticleIndex,
    GuardConfig,
    SentenceCheck,
    check_sentence,
    summary_sentences,
)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The guard's answer for a whole summary: each sentence's check, and the summary-level
    verdict of :mod:`newsbrief.guard.model` (``score``: the probability that the summary is
    faithful; ``faithful``: the score is above the fitted threshold)."""

    sentences: tuple[SentenceCheck, ...]
    faithful: bool = True
    score: float = 1.0
    # Reasons that concern the summary as a whole rather than one sentence.
    reasons: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        return {
            "faithful": self.faithful,
            "score": round(self.score, 4),
            "sentences": [s.to_dict() for s in self.sentences],
            **({"reasons": list(self.reasons)} if self.reasons else {}),
        }


def check(
    article: str, summary: str | Sequence[str], config: GuardConfig = DEFAULT_CONFIG
) -> Verdict:
    """Check every sentence of ``summary`` (a text, or its sentences) against ``article``, and
    judge the summary as a whole with the fitted model."""
    index = ArticleIndex.of(article)
    sentences = summary_sentences(summary) if isinstance(summary, str) else list(summary)
    checks = tuple(check_sentence(index, s, config) for s in sentences)
    if not checks:
        return Verdict(checks)
    features = summary_features(ArticleShape.of(index), sentences)
    score = MODEL.faithful_probability(features)
    faithful = MODEL.faithful(features)
    reasons = () if faithful else (f"the summary-level model gives it {score:.0%} to be faithful",)
    return Verdict(checks, faithful, score, reasons)


__all__ = ["Verdict", "check"]
