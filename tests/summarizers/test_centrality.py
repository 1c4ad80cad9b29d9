"""LexRank centrality: a sentence matters when sentences like it are everywhere."""

from __future__ import annotations

import pytest
from sample_texts import STORY, summary_of

from newsbrief import summarizers
from newsbrief.models import Article
from newsbrief.summarizers.centrality import lexrank

# Written for the test: the third sentence shares words with the first and the fourth; the
# second and the fifth share nothing with any other.
LINKED = (
    "Heavy rain closed roads. The council met on Tuesday evening. Heavy rain flooded roads and "
    "closed schools in the town. Schools stayed closed. Music played loudly."
)


def _shares(text: str) -> list[float]:
    return [float(share) for share in lexrank(summarizers.segment(Article(text=text)))]


def test_the_shares_are_a_distribution() -> None:
    shares = _shares(STORY)
    assert len(shares) == 8
    assert all(share > 0 for share in shares)
    assert sum(shares) == pytest.approx(1.0)


def test_the_most_linked_sentence_ranks_first_and_lone_ones_last() -> None:
    shares = _shares(LINKED)
    assert max(shares) == shares[2]
    assert shares[1] == shares[4] == min(shares)  # tied exactly: nothing links to either
    _, summary = summary_of(LINKED, method="centrality", sentences=1)
    assert summary.sentences[0].text.startswith("Heavy rain flooded roads")


def test_sentences_nothing_links_tie_and_the_earlier_wins() -> None:
    text = "Apples grow on trees. Rivers flow to seas. Stars shine at night."
    assert len(set(_shares(text))) == 1
    _, summary = summary_of(text, method="centrality", sentences=1)
    assert summary.sentences[0].text == "Apples grow on trees."
