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


TEXTS = [*QUAKE, FOOTBALL, BUDGET, "", "Zürich Gipfel über Klimapolitik."]
DATED_TEXTS = st.tuples(
    st.sampled_from(TEXTS),
    st.one_of(st.none(), st.dates(min_value=date(2009, 1, 1), max_value=date(2011, 1, 1))),
)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(DATED_TEXTS, min_size=1, max_size=14),
    st.lists(st.booleans(), min_size=14, max_size=14),
    st.lists(DATED_TEXTS, min_size=1, max_size=4),
    st.integers(min_value=1, max_value=3),
)
def test_forgetting_stories_decides_as_if_they_had_never_been_seen(
    items: list[tuple[str, date | None]],
    forget: list[bool],
    probes: list[tuple[str, date | None]],
    candidates: int,
) -> None:
    # Few candidates, so ties at the cut (copies of one text) are common.
    config = GroupingSettings(candidates=candidates)
    seen = StoryIndex(config)
    for text, day in items:
        seen.add(article_terms(text), day)
    ids = sorted(state.id for state in seen.stories())
    gone = {i for i, drop in zip(ids, forget, strict=False) if drop}
    for story_id in gone:
        seen.forget(story_id)
    kept = [seen.story(i) for i in ids if i not in gone]
    never = StoryIndex(config, seen.vocabulary, kept)
    assert sorted(state.id for state in seen.stories()) == [s.id for s in kept]
    assert all(story_id not in seen for story_id in gone)
    assert seen.next_id() == ids[-1] + 1
    for text, day in probes:
        terms = article_terms(text)
        mine, theirs = seen.decide(terms, day), never.decide(terms, day)
        assert (mine.story, mine.score) == (theirs.story, theirs.score)
        assert mine.story not in gone
        # Both go on alike (a new story gets the same id in both), the forgetful one reusing
        # freed slots.
        fresh = seen.next_id()
        assert seen.apply(mine, fresh) == never.apply(theirs, fresh)


def test_forgotten_stories_free_their_slots_and_postings_for_new_ones() -> None:
    index = StoryIndex()
    for round_ in range(50):
        for text in (FOOTBALL, BUDGET, QUAKE[0]):
            index.add(article_terms(f"{text} round{round_}"), DAY)
        for state in index.stories():
            index.forget(state.id)
    assert len(index) == 0 and index.next_id() == 151
    assert len(index._ids) <= 3
    assert all(len(postings) == 0 for postings in index._postings.values())
    again = index.add(article_terms(FOOTBALL), DAY)
    assert again.created and again.story == 151


def test_a_tie_at_the_candidate_cut_goes_the_same_way_whatever_slots_stories_hold() -> None:
    config = GroupingSettings(candidates=1)
    index = StoryIndex(config)
    story = index.add(article_terms(FOOTBALL), DAY)
    copies = [StoryState(i, 1, DAY, DAY, index.story(story.story).centroids) for i in range(1, 6)]
    for state in copies[:3]:
        index.put(state)
    index.forget(1)
    index.forget(2)
    for state in copies[3:]:
        index.put(state)  # into the freed slots, before story 3's
    never = StoryIndex(config, index.vocabulary, copies[2:])
    terms = article_terms(FOOTBALL)
    assert index.decide(terms, DAY).story == never.decide(terms, DAY).story == 3
