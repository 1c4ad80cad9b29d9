"""The prompt: the article cut to the input budget at sentence boundaries, lead first, and an
instruction for the reader's length and language."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from scripted_llm import STORY

from newsbrief import summarizers
from newsbrief.llm.prompt import build_messages, estimate_tokens, fit_article, max_answer_tokens
from newsbrief.models import Article
from newsbrief.summarizers.base import SummaryOptions


def test_long_articles_are_cut_at_sentence_boundaries_keeping_the_lead() -> None:
    sentences = summarizers.segment(Article(text=STORY * 20)).sentences
    text, cut = fit_article(sentences, 60)
    assert cut and text.startswith(sentences[0].text)
    assert text.endswith(".") and len(text.split()) * 1.4 <= 61
    messages = build_messages(text, SummaryOptions(words=40), "de")
    assert "at most 40 words" in messages[1]["content"] and "German" in messages[0]["content"]


@given(st.integers(min_value=1, max_value=8), st.integers(min_value=1, max_value=400))
def test_the_fitted_article_is_the_longest_lead_within_the_budget(copies: int, budget: int) -> None:
    sentences = summarizers.segment(Article(text=" ".join([STORY] * copies))).sentences
    text, cut = fit_article(sentences, budget)
    prefixes = [" ".join(s.text for s in sentences[:k]) for k in range(1, len(sentences) + 1)]
    assert text in prefixes  # whole sentences, from the top
    kept = prefixes.index(text) + 1
    assert cut == (kept < len(sentences))
    costs = [estimate_tokens(s.text) for s in sentences]
    # Within the budget (the lead sentence is always kept), and the next sentence would not fit.
    assert kept == 1 or sum(costs[:kept]) <= budget
    assert not cut or sum(costs[: kept + 1]) > budget


def test_the_answer_cap_follows_the_requested_length() -> None:
    assert max_answer_tokens(SummaryOptions(sentences=2), 256) == 96
    assert max_answer_tokens(SummaryOptions(words=40), 256) == 72
    assert max_answer_tokens(SummaryOptions(sentences=20), 256) == 256
    assert "3 sentences" in build_messages("x", SummaryOptions(), None)[1]["content"]


def test_key_points_ask_for_that_many_bullet_points() -> None:
    options = SummaryOptions(points=4)
    prompt = build_messages("x", options, None)[1]["content"]
    assert "4 short bullet points" in prompt and "'- '" in prompt
    assert "sentence" not in prompt
    # The answer's cap follows the number of points as it does sentences.
    assert max_answer_tokens(options, 256) == max_answer_tokens(SummaryOptions(sentences=4), 256)
