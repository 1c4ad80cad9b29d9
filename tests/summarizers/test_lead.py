"""Lead-N: the article's opening sentences."""

from __future__ import annotations

from sample_texts import summary_of

from newsbrief import summarizers


def test_lead_picks_the_first_sentences() -> None:
    article, summary = summary_of(method="lead", sentences=3)
    first = summarizers.segment(article).sentences[:3]
    assert summary.sentences == first


def test_lead_under_a_word_ceiling_skips_what_does_not_fit() -> None:
    article, summary = summary_of(method="lead", words=25)
    sentences = summarizers.segment(article).sentences
    # 14 words fit; the next four sentences would each pass 25; the seventh (11 words) fits.
    assert [s.words for s in sentences] == [14, 15, 12, 13, 12, 12, 11, 10]
    assert summary.sentences == (sentences[0], sentences[6])
