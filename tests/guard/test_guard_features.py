"""Summary-level features: named per-sentence measurements, and the summary's vector."""

from __future__ import annotations

import dataclasses

from guard.guard_texts import ARTICLE

from newsbrief.guard import ArticleIndex, check_sentence
from newsbrief.guard.features import (
    FEATURE_NAMES,
    SENTENCE_MEASURES,
    ArticleShape,
    SentenceRow,
    sentence_row,
    summary_features,
)
from newsbrief.guard.model import MODEL

SHAPE = ArticleShape.of(ArticleIndex.of(ARTICLE))


def row(sentence: str) -> SentenceRow:
    return sentence_row(SHAPE, check_sentence(SHAPE.index, sentence))


def test_the_row_fields_order_the_features() -> None:
    assert tuple(f.name for f in dataclasses.fields(SentenceRow)) == SENTENCE_MEASURES
    copied = row("About 3,000 residents signed the petition.")
    assert copied.as_tuple() == tuple(getattr(copied, m) for m in SENTENCE_MEASURES)
    assert (
        *(f"max_{m}" for m in SENTENCE_MEASURES),
        *(f"mean_{m}" for m in SENTENCE_MEASURES),
        "repeated_trigrams",
        "sentences",
    ) == FEATURE_NAMES


def test_rows_measure_copying_and_stitching() -> None:
    copied = row("About 3,000 residents signed the petition.")
    assert (copied.fragments, copied.stitches, copied.uncovered, copied.length) == (1, 0, 0, 7)
    # Three fragments from three places; the names and the date never meet in one sentence.
    stitched = row("Mayor Jane Smith signed the petition on March 18.")
    assert (stitched.fragments, stitched.stitches) == (3.0, 2.0)
    assert stitched.pairs_apart > 0.0 and stitched.missing_names == stitched.missing_numbers == 0


def test_features_are_named_and_finite() -> None:
    # A tokenised, lowercased summary is split into sentences at " . " as well.
    features = summary_features(
        SHAPE, ["the council approved a fund . about 3,000 residents signed the petition ."]
    )
    assert len(features) == len(FEATURE_NAMES) == len(MODEL.copied.weights)
    assert features[FEATURE_NAMES.index("sentences")] == 2.0
    assert all(x == x and abs(x) < 1e6 for x in features)
    copied = summary_features(SHAPE, ["Mayor Jane Smith said the two bridges would open in 2026."])
    assert copied[FEATURE_NAMES.index("max_novel_trigrams")] == 0.0
    assert copied[FEATURE_NAMES.index("max_stitches")] == 0.0
    stitched = summary_features(SHAPE, ["Mayor Jane Smith signed the petition on March 18."])
    assert stitched[FEATURE_NAMES.index("max_stitches")] >= 1.0
