"""The fitted model: the style detector picks a weight set from the summary alone, and the
verdict is the probability against that set's threshold."""

from __future__ import annotations

from guard.guard_texts import ARTICLE
from hypothesis import given
from hypothesis import strategies as st

from newsbrief.guard import ArticleIndex
from newsbrief.guard.features import FEATURE_NAMES, ArticleShape, summary_features
from newsbrief.guard.model import MODEL


def test_style_detector_picks_the_weights_from_the_summary_alone() -> None:
    shape = ArticleShape.of(ArticleIndex.of(ARTICLE))
    copied = summary_features(shape, ["About 3,000 residents signed the petition."])
    free = summary_features(shape, ["Locals overwhelmingly backed a plea for new crossings."])
    assert MODEL.style(copied) is MODEL.copied and MODEL.style(free) is MODEL.paraphrase


@given(st.lists(st.floats(0.0, 100.0), min_size=len(FEATURE_NAMES), max_size=len(FEATURE_NAMES)))
def test_faithful_means_a_probability_above_the_styles_threshold(features: list[float]) -> None:
    probability = MODEL.faithful_probability(features)
    assert 0.0 <= probability <= 1.0
    assert MODEL.faithful(features) == (probability > MODEL.style(features).threshold)
