"""The guard's answer for a whole summary: each sentence's check and the model's verdict."""

from __future__ import annotations

import pytest
from guard.guard_texts import ARTICLE, UNSUPPORTED

from newsbrief.guard import check


def test_supported_paraphrase_of_numbers_and_dates() -> None:
    verdict = check(ARTICLE, "The council approved a two million fund on 18 March.")
    sentence = verdict.sentences[0]
    assert sentence.supported and not sentence.facts, verdict.to_dict()
    assert (
        verdict.faithful
        and check(ARTICLE, "The council approved a $2 million fund on March 18.").faithful
    )


@pytest.mark.parametrize(("summary", "reason"), UNSUPPORTED)
def test_unsupported_sentences_say_why(summary: str, reason: str) -> None:
    verdict = check(ARTICLE, summary)
    assert not verdict.faithful
    reasons = " | ".join(verdict.sentences[0].reasons)
    assert reason in reasons, reasons


def test_verdict_shape() -> None:
    data = check(ARTICLE, "About 3,000 residents signed the petition. Mayor Bob Lee resigned.")
    record = data.to_dict()
    assert set(record) >= {"faithful", "score", "sentences"}
    assert 0.0 <= float(record["score"]) <= 1.0  # type: ignore[arg-type]
    first, second = data.sentences
    assert first.supported and not second.supported and second.reasons


def test_summary_verdict_is_the_models_probability() -> None:
    good = check(ARTICLE, "About 3,000 residents signed the petition.")
    bad = check(ARTICLE, "About 3,000 residents signed the petition. Mayor Bob Lee resigned.")
    assert good.faithful and not good.reasons
    assert not bad.faithful and bad.reasons and "summary-level model" in bad.reasons[0]
    assert 0.0 <= bad.score < good.score <= 1.0
    # Sentences keep their own checks: the first one is still supported, the second dropped.
    assert [s.supported for s in bad.sentences] == [True, False]
    assert check(ARTICLE, "").to_dict() == {"faithful": True, "score": 1.0, "sentences": []}


def test_a_summary_given_as_sentences_is_checked_as_given() -> None:
    sentences = ["About 3,000 residents signed the petition.", "Mayor Bob Lee resigned."]
    text = check(ARTICLE, " ".join(sentences))
    assert check(ARTICLE, sentences) == text
