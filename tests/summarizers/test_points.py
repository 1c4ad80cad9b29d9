"""Key points: distinct facts from the whole article, top to bottom, for every extractive method."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sample_texts import EXTRACTIVE, STORY, summary_of

from newsbrief import extract, summarize, summarizers
from newsbrief.models import Article
from newsbrief.summarizers.base import SummaryOptions
from newsbrief.summarizers.points import COVERAGE, Coverage, concrete_terms, key_points

# A made-up story in four paragraphs of five sentences, each about its own event.
PARAGRAPHS = [
    "The city council approved a new budget for the harbour district on Monday night. "
    "The plan sets aside money for flood walls along the northern quay. "
    "Council leader Maria Evans said the vote ended three years of delay. "
    "Opposition members argued that the walls would cost far more than forecast. "
    "Residents packed the public gallery during the long debate.",
    "On Wednesday a storm flooded forty homes on Mill Street. "
    "Firefighters pumped water from basements until dawn on Thursday. "
    "The river rose two metres in six hours, the highest level since 1998. "
    "Forecasters had warned of heavy rain for most of the week. "
    "Insurers said the damage would take months to assess.",
    "The ferry company announced on Friday that it would suspend its night crossings. "
    "It blamed a shortage of trained crew after eleven sailors left in the spring. "
    "Commuters said the cut would add an hour to their journeys. "
    "The company promised to restore the service by September. "
    "Unions said the company had ignored their warnings for years.",
    "A public inquiry into the harbour's finances opens in March. "
    "It will examine contracts worth twelve million pounds signed since 2019. "
    "The chair of the inquiry, Judge Ann Clarke, will report by the end of the year. "
    "The council said it would cooperate fully with the inquiry. "
    "Campaigners welcomed the inquiry but said it came too late.",
]
LONG_STORY = "\n\n".join(PARAGRAPHS)


@pytest.mark.parametrize("method", EXTRACTIVE)
@pytest.mark.parametrize("count", [1, 2, 4, 6])
def test_points_give_that_many_statements_in_document_order(method: str, count: int) -> None:
    article, summary = summary_of(LONG_STORY, method=method, points=count)
    assert len(summary.sentences) == count
    assert [s.index for s in summary.sentences] == sorted(s.index for s in summary.sentences)
    for sentence in summary.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text
    assert summary.notes == ()


@pytest.mark.parametrize("method", EXTRACTIVE)
def test_four_points_cover_the_four_paragraphs(method: str) -> None:
    _, summary = summary_of(LONG_STORY, method=method, points=4)
    assert [s.paragraph for s in summary.sentences] == [0, 1, 2, 3]


def test_points_reach_further_down_than_the_best_sentences() -> None:
    _, points = summary_of(LONG_STORY, method="news", points=4)
    _, best = summary_of(LONG_STORY, method="news", sentences=4)
    assert max(s.index for s in points.sentences) > max(s.index for s in best.sentences)


def test_more_points_than_statements_gives_those_there_are_with_a_note() -> None:
    _, summary = summary_of("Only two sentences here. This is the second one.", points=5)
    assert len(summary.sentences) == 2
    assert summary.notes == ("the article has only 2 distinct key points",)


def test_a_paragraph_gives_a_second_point_only_once_every_paragraph_has_one() -> None:
    document = summarizers.segment(Article(text=LONG_STORY))
    n = len(document.sentences)
    # Scores that favour the first paragraph for every pick.
    scores = [float(n - i) if i < 5 else 0.0 for i in range(n)]
    picked = key_points(document.sentences, scores, [True] * n, 5, Coverage(0.0, 0.0, 0.0))
    paragraphs = [document.sentences[i].paragraph for i in picked]
    assert sorted(set(paragraphs)) == [0, 1, 2, 3]
    assert paragraphs.count(0) == 2


def test_concrete_terms_are_numbers_dates_and_names_not_the_opening_word() -> None:
    assert concrete_terms("On March 18 the mayor of Leeds spoke.") == {"March 18", "Leeds"}
    assert concrete_terms("The ferry stops for a 30 day period on 4 May.") == {"30", "May 4"}
    assert concrete_terms("The tone suggested readiness, I think.") == frozenset()


# A made-up story: a vague lead, a paragraph of commentary, one with two facts, one with one.
FACTS_AND_COMMENTARY = [
    "The two towns have agreed to work together more closely.",
    "The mood was hopeful but cautious. Observers said that patience would be needed.",
    "On May 4 the councils of Ashford and Dover signed a joint budget. "
    "It sets aside 12 million pounds for a ferry link to Calais.",
    "Residents of Folkestone asked to join the scheme.",
]


def test_a_second_fact_comes_before_a_paragraph_of_commentary() -> None:
    document = summarizers.segment(Article(text="\n\n".join(FACTS_AND_COMMENTARY)))
    n = len(document.sentences)
    # Scores that rank the commentary above the second fact.
    scores = [3.0, 2.0, 1.5, 1.0, 0.5, 0.0]
    assert n == len(scores)
    picked = key_points(document.sentences, scores, [True] * n, 4, Coverage(0.0, 0.0, 0.0))
    assert picked == [0, 3, 4, 5]
    # With a point to spare the commentary gets its turn again.
    picked = key_points(document.sentences, scores, [True] * n, 5, Coverage(0.0, 0.0, 0.0))
    assert picked == [0, 1, 3, 4, 5]


def test_the_first_point_is_the_best_candidate_even_when_it_names_nothing() -> None:
    document = summarizers.segment(Article(text="\n\n".join(FACTS_AND_COMMENTARY)))
    n = len(document.sentences)
    scores = [1.0, 5.0, 0.5, 0.4, 0.3, 0.2]  # the commentary's opening sentence is the best
    picked = key_points(document.sentences, scores, [True] * n, 2, Coverage(0.0, 0.0, 0.0))
    assert picked == [1, 3]  # then the first fact, before the vague lead


def test_equal_scores_and_no_trade_off_still_give_points() -> None:
    document = summarizers.segment(Article(text=STORY))
    n = len(document.sentences)
    picked = key_points(document.sentences, [1.0] * n, [True] * n, 3, COVERAGE["news"])
    assert len(picked) == 3 and picked == sorted(picked)


def test_points_skip_near_duplicates() -> None:
    text = (
        "Firefighters rescued six people from a burning tower block in Leeds on Sunday. "
        "Firefighters rescued six people from a burning tower block in Leeds early on Sunday. "
        "The cause of the fire is not yet known. Residents said the alarms did not sound."
    )
    _, summary = summary_of(text, points=3)
    assert sum(s.text.startswith("Firefighters rescued") for s in summary.sentences) == 1


def test_points_are_part_of_the_cache_key_and_the_library_call() -> None:
    assert SummaryOptions(points=4).key == "news;points=4"
    assert summarize(LONG_STORY, points=2) == summarize(LONG_STORY, SummaryOptions(points=2))


@pytest.fixture
def seed_page(shared_data: Path) -> Article:
    page = shared_data / "sample_article_page.txt"
    if not page.exists():
        pytest.skip(f"{page} is absent")
    return extract(page.read_bytes())


@pytest.mark.parametrize("method", EXTRACTIVE)
def test_the_seed_pages_key_points_reach_its_news(seed_page: Article, method: str) -> None:
    """The seed page's opening paragraph is vague; its news (the March 18 call, the Polish
    reaction) comes later. Its N best sentences miss it; its key points do not."""
    document = summarizers.segment(seed_page)
    best = summarizers.summarize_document(document, SummaryOptions(method="news", sentences=4))
    assert "March 18" not in best.text
    points = summarizers.summarize_document(document, SummaryOptions(method=method, points=4))
    assert "March 18" in points.text
    assert sum(s.paragraph == 0 for s in points.sentences) <= 1


def test_the_seed_pages_five_key_points_tell_the_march_18_call_and_the_30_day_pause(
    seed_page: Article,
) -> None:
    """Both facts are in one paragraph; a paragraph of commentary makes way for the second."""
    for count in (5, 6):
        text = summarize(seed_page, points=count).text
        assert "On March 18 a second telephone conversation" in text
        assert "pause energy related infrastructure" in text and "30 day" in text


def test_the_seed_pages_five_key_points_tell_its_story_top_to_bottom(seed_page: Article) -> None:
    document = summarizers.segment(seed_page)
    summary = summarize(seed_page, points=5)
    assert "March 18" in summary.text and "Polish" in summary.text
    indexes = [s.index for s in summary.sentences]
    assert indexes == sorted(set(indexes)) and len(indexes) == 5
    paragraphs = [s.paragraph for s in summary.sentences]
    assert paragraphs[0] == document.sentences[0].paragraph  # the opening paragraph
    assert paragraphs[-1] == document.sentences[-1].paragraph  # and the closing one
    assert len(set(paragraphs)) >= 4  # only one paragraph gives a second point


# Made-up sentences for the property tests: a story is a few paragraphs drawn from them.
_CLAUSES = [
    "The mayor opened a new bridge over the river on Monday.",
    "Traffic on the old crossing fell by a third within a week.",
    "Engineers said the bridge had cost four million pounds.",
    "Shops near the station reported more customers than last year.",
    "A cycling group asked for a separate lane on the bridge.",
    "The council will decide on the lane in September.",
    "Residents said the works had kept them awake for months.",
    "The old crossing will close for repairs next spring.",
]
_paragraph = st.lists(st.sampled_from(_CLAUSES), min_size=1, max_size=6).map(" ".join)
_story = st.lists(_paragraph, min_size=1, max_size=5).map("\n\n".join)


@settings(max_examples=60, deadline=None)
@given(text=_story, count=st.integers(min_value=1, max_value=8), method=st.sampled_from(EXTRACTIVE))
def test_points_are_distinct_spans_of_the_text_in_document_order(
    text: str, count: int, method: str
) -> None:
    article, summary = summary_of(text, method=method, points=count)
    indexes = [s.index for s in summary.sentences]
    assert 1 <= len(indexes) <= count
    assert indexes == sorted(set(indexes))  # document order, no sentence twice
    assert len({s.text for s in summary.sentences}) == len(indexes)  # no repeated sentence
    for sentence in summary.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text


@settings(max_examples=100, deadline=None)
@given(
    data=st.data(),
    count=st.integers(min_value=1, max_value=10),
    trade_off=st.builds(
        Coverage,
        st.floats(min_value=0.0, max_value=5.0),
        st.floats(min_value=0.0, max_value=5.0),
        st.floats(min_value=0.0, max_value=5.0),
    ),
)
def test_key_points_are_ordered_candidates_within_the_count(
    data: st.DataObject, count: int, trade_off: Coverage
) -> None:
    document = summarizers.segment(Article(text=LONG_STORY))
    n = len(document.sentences)
    scores = data.draw(st.lists(st.floats(-1e6, 1e6), min_size=n, max_size=n))
    candidates = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    picked = key_points(document.sentences, scores, candidates, count, trade_off)
    assert picked == sorted(set(picked))
    assert all(candidates[i] for i in picked)
    assert len(picked) == min(count, sum(candidates))


_FACT_CLAUSES = [
    *_CLAUSES,
    "On March 3 the ferry carried 412 passengers to Calais.",
    "The Harbour Trust spent 2 million pounds on 14 May.",
]


@settings(max_examples=100, deadline=None)
@given(
    data=st.data(),
    clauses=st.lists(st.sampled_from(_FACT_CLAUSES), min_size=1, max_size=12),
    count=st.integers(min_value=1, max_value=8),
    trade_off=st.builds(
        Coverage,
        st.floats(min_value=0.0, max_value=3.0),
        st.floats(min_value=0.0, max_value=3.0),
        st.floats(min_value=0.0, max_value=3.0),
    ),
)
def test_in_one_paragraph_what_a_sentence_names_never_changes_the_picks(
    data: st.DataObject, clauses: list[str], count: int, trade_off: Coverage
) -> None:
    """Text without paragraph breaks (the dev sets) is picked by score alone: the same picks as
    for sentences of as many words that name nothing."""
    sentences = summarizers.segment(Article(text=" ".join(clauses))).sentences
    assert len({s.paragraph for s in sentences}) == 1
    n = len(sentences)
    scores = data.draw(st.lists(st.floats(-100, 100), min_size=n, max_size=n))
    nameless = [dataclasses.replace(s, text=" ".join(["word"] * s.words)) for s in sentences]
    assert key_points(sentences, scores, [True] * n, count, trade_off) == key_points(
        nameless, scores, [True] * n, count, trade_off
    )
