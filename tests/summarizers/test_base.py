"""SummaryOptions: validated once, the same error for the same mistake, and one exact key."""

from __future__ import annotations

import pytest

from newsbrief.errors import InputError
from newsbrief.summarizers.base import DEFAULT_SENTENCES, SummaryOptions


def test_no_length_means_three_sentences() -> None:
    options = SummaryOptions()
    assert DEFAULT_SENTENCES == 3
    assert (options.sentences, options.words, options.ratio) == (3, None, None)
    assert options.key == "news;sentences=3"
    assert options.sentence_budget(10) == 3
    assert options.sentence_budget(2) == 2


def test_conflicting_lengths_are_refused() -> None:
    with pytest.raises(InputError, match="choose one length") as caught:
        SummaryOptions(sentences=2, words=10)
    assert caught.value.code == "conflicting_length"
    with pytest.raises(InputError, match="words or ratio were both given"):
        SummaryOptions(words=10, ratio=0.5)
    with pytest.raises(InputError, match="sentences or points were both given") as caught:
        SummaryOptions(sentences=3, points=4)
    assert caught.value.code == "conflicting_length"


@pytest.mark.parametrize(
    "options",
    [
        {"sentences": 0},
        {"words": 0},
        {"words": -3},
        {"ratio": 0.0},
        {"ratio": 1.5},
        {"points": 0},
        {"points": -2},
    ],
)
def test_invalid_lengths_are_refused(options: dict[str, float]) -> None:
    with pytest.raises(InputError) as caught:
        SummaryOptions(**options)  # type: ignore[arg-type]
    assert caught.value.code == "invalid_length"


@pytest.mark.parametrize(
    "options",
    [
        {"sentences": True},
        {"words": False},
        {"ratio": True},
        {"sentences": 2.0},
        {"words": "10"},
        {"ratio": "0.5"},
        {"points": 2.5},
        {"points": True},
        {"ratio": float("nan")},
        {"ratio": float("inf")},
    ],
)
def test_lengths_of_the_wrong_type_are_refused(options: dict[str, object]) -> None:
    with pytest.raises(InputError) as caught:
        SummaryOptions(**options)  # type: ignore[arg-type]
    assert caught.value.code == "invalid_length"


def test_the_key_is_exact() -> None:
    assert SummaryOptions(ratio=0.4999999).key != SummaryOptions(ratio=0.5).key
    assert SummaryOptions(ratio=0.5).key == "news;ratio=0.5"
    assert SummaryOptions(ratio=1).key == SummaryOptions(ratio=1.0).key == "news;ratio=1.0"
    assert SummaryOptions(method="lead", words=40).key == "lead;words=40"
    assert SummaryOptions(sentences=3).key == SummaryOptions().key


def test_the_language_is_normalised_and_part_of_the_key() -> None:
    options = SummaryOptions(sentences=2, language="EN_us")
    assert options.language == "en-us"
    assert options.key == "news;sentences=2;language=en-us"
    with pytest.raises(InputError) as caught:
        SummaryOptions(language="English!")
    assert caught.value.code == "invalid_language"


def test_an_unknown_method_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        SummaryOptions(method="bogus")
    assert caught.value.code == "unknown_method"


@pytest.mark.parametrize(
    ("ratio", "available", "budget"), [(0.25, 8, 2), (0.01, 8, 1), (1.0, 8, 8), (0.5, 3, 2)]
)
def test_a_ratio_keeps_at_least_one_sentence(ratio: float, available: int, budget: int) -> None:
    assert SummaryOptions(ratio=ratio).sentence_budget(available) == budget


def test_points_are_a_length_of_their_own() -> None:
    options = SummaryOptions(method="lead", points=4)
    assert (options.sentences, options.points) == (None, 4)
    assert options.key == "lead;points=4"
    assert options.key != SummaryOptions(method="lead", sentences=4).key
    assert options.sentence_budget(10) == 4
    assert options.sentence_budget(2) == 2
    # Built positionally as before points existed: the fields keep their places.
    assert SummaryOptions("lead", 2, None, None, "en") == SummaryOptions(
        method="lead", sentences=2, language="en"
    )


def test_a_word_ceiling_leaves_the_sentence_count_open() -> None:
    assert SummaryOptions(words=5).sentence_budget(12) == 12
