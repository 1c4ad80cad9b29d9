"""Online grouping: related articles join one story, unrelated ones do not, ids stay put."""

from __future__ import annotations

import json
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from newsbrief.stories.features import article_terms
from newsbrief.stories.grouping import GroupingSettings, StoryIndex, StoryState, group

QUAKE = [
    "A magnitude 7.0 earthquake struck Haiti near Port-au-Prince, collapsing the presidential "
    "palace and killing thousands. Rescuers searched the rubble of Port-au-Prince overnight.",
    "Aid flights began landing in Port-au-Prince as Haiti counted the dead from the earthquake. "
    "The United Nations said its Haiti mission headquarters had collapsed in the quake.",
    "Survivors of the Haiti earthquake slept in the streets of Port-au-Prince as aftershocks "
    "shook the capital. Doctors treated the injured from the quake in makeshift clinics.",
]
FOOTBALL = (
    "Arsenal beat Chelsea two goals to one at the Emirates Stadium, with Bukayo Saka scoring "
    "the winner in the second half of a tense London derby."
)
BUDGET = (
    "The city council approved a harbour budget on Monday, setting aside money for flood walls "
    "and a ferry terminal after three years of delay over the cost."
)
DAY = date(2010, 1, 13)


def test_articles_about_one_event_share_a_story_and_others_do_not() -> None:
    items = [(article_terms(t), DAY + timedelta(days=i)) for i, t in enumerate(QUAKE)]
    items += [(article_terms(FOOTBALL), DAY), (article_terms(BUDGET), DAY)]
    stories = group(items)
    assert stories[0] == stories[1] == stories[2]
    assert len({stories[0], stories[3], stories[4]}) == 3


def test_story_ids_stay_put_as_stories_grow() -> None:
    index = StoryIndex()
    first = index.add(article_terms(QUAKE[0]), DAY)
    other = index.add(article_terms(FOOTBALL), DAY)
    assert first.created and other.created and first.story != other.story
    later = index.add(article_terms(QUAKE[1]), DAY + timedelta(days=1))
    assert later.story == first.story and not later.created
    assert index.story(first.story).articles == 2


def test_a_story_dormant_for_years_does_not_take_a_new_article() -> None:
    index = StoryIndex()
    first = index.add(article_terms(QUAKE[0]), DAY)
    again = index.add(article_terms(QUAKE[1]), DAY + timedelta(days=3 * 365))
    assert again.story != first.story


def test_the_state_round_trips_through_json_and_grouping_goes_on() -> None:
    index = StoryIndex()
    for text in QUAKE[:2]:
        index.add(article_terms(text), DAY)
    stored = [json.dumps(s.to_record()) for s in index.stories()]
    ids = [s.id for s in index.stories()]
    loaded = StoryIndex(
        vocabulary=index.vocabulary,
        stories=[
            StoryState.from_record(i, json.loads(x)) for i, x in zip(ids, stored, strict=True)
        ],
    )
    assert loaded.add(article_terms(QUAKE[2]), DAY).story == ids[0]


def test_an_undated_article_needs_stronger_evidence_than_a_dated_one() -> None:
    lenient = GroupingSettings(undated=1.0)
    dated = group([(article_terms(QUAKE[0]), DAY), (article_terms(QUAKE[2]), DAY)])
    undated = group([(article_terms(QUAKE[0]), None), (article_terms(QUAKE[2]), None)])
    assert dated[0] == dated[1]
    assert undated[0] != undated[1]
    assert group([(article_terms(t), None) for t in (QUAKE[0], QUAKE[2])], lenient)[1] == 1


def test_ten_thousand_copies_make_one_story_and_empty_articles_their_own() -> None:
    copy = article_terms(QUAKE[0])
    assert set(group([(copy, DAY)] * 10_000)) == {1}
    index = StoryIndex()
    index.add(copy, DAY)
    empty = index.add(article_terms(""), DAY)
    assert empty.created and index.story(empty.story).articles == 1


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from([*QUAKE, FOOTBALL, BUDGET, "", "Zürich Gipfel über Klimapolitik."]),
            st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1))),
        ),
        max_size=12,
    )
)
def test_every_article_gets_a_story_and_a_rerun_gives_the_same(
    items: list[tuple[str, date | None]],
) -> None:
    terms = [(article_terms(text), day) for text, day in items]
    stories = group(terms)
    assert len(stories) == len(items) and all(s >= 1 for s in stories)
    assert group(terms) == stories
