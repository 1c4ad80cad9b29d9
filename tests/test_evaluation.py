"""ROUGE as the benchmarks and the CI gate measure it: rouge-score's F1 x 100, Porter stemmer,
rougeLsum over the reference's sentences."""

from __future__ import annotations

import pytest

from newsbrief.evaluation import ROUGE_TYPES, RougeEvaluator, RougeScores

REFERENCE = "The cat sat on the mat. The dog ran home."


@pytest.fixture(scope="module")
def evaluator() -> RougeEvaluator:
    return RougeEvaluator()


def test_the_same_text_scores_a_hundred_and_unrelated_text_zero(evaluator: RougeEvaluator) -> None:
    same = evaluator.score(["The cat sat on the mat."], "The cat sat on the mat.")
    assert same == {name: pytest.approx(100.0) for name in ROUGE_TYPES}
    assert evaluator.score(["Birds sing loudly."], REFERENCE) == dict.fromkeys(ROUGE_TYPES, 0.0)


def test_words_are_stemmed(evaluator: RougeEvaluator) -> None:
    # Stemmed, "cats" and "mats" match: five of five candidate words, five of six reference ones.
    scores = evaluator.score(["The cats sat on mats."], "The cat sat on the mat.")
    assert scores["rouge1"] == pytest.approx(100 * 2 * (5 / 6) / (1 + 5 / 6))


def test_rouge_lsum_reads_the_reference_sentence_by_sentence(evaluator: RougeEvaluator) -> None:
    # Over the whole text the longest common subsequence of the two orders is six words of ten;
    # sentence by sentence every word of both sentences is found.
    scores = evaluator.score(["The dog ran home.", "The cat sat on the mat."], REFERENCE)
    assert scores["rougeLsum"] == pytest.approx(100.0)
    assert scores["rouge2"] < 100.0


def test_the_mean_of_pairs(evaluator: RougeEvaluator) -> None:
    pairs = [(["The cat sat on the mat."], "The cat sat on the mat."), (["Birds sing."], REFERENCE)]
    mean = evaluator.mean(pairs)
    assert mean == RougeScores(50.0, 50.0, 50.0, 2)
    assert mean.as_dict() == {"rouge1": 50.0, "rouge2": 50.0, "rougeLsum": 50.0}
    assert evaluator.mean([]) == RougeScores(0.0, 0.0, 0.0, 0)
