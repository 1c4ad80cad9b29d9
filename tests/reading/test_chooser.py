"""The cascade's rules on made-up candidate texts: agreement keeps tp, a fragment or an empty tp
goes to readability-lxml, disagreement without evidence keeps tp, and without resiliparse only an
empty tp asks for a second opinion."""

from __future__ import annotations

from newsbrief.reading.chooser import (
    TextStats,
    View,
    agreement,
    containment,
    decide,
    log_ratio,
    needs_second_opinion,
    text_stats,
)

ARTICLE = [
    f"Paragraph {i} tells the story of the council and the bridge in full sentences here."
    for i in range(12)
]
CHROME = ["Home", "Sport", "Weather", "Share this", "Related: five other stories you may like"]
OTHER = [f"Completely different words number {i} about another topic entirely." for i in range(12)]


def stats(lines: list[str]) -> TextStats:
    return text_stats("\n".join(lines))


def test_features() -> None:
    half, full = stats(ARTICLE[:6]), stats(ARTICLE)
    assert containment(half, full) == 1.0
    assert 0.4 < containment(full, half) < 0.6
    assert abs(log_ratio(full, half) - 1.0) < 0.05
    assert agreement(full, full) == 1.0
    assert agreement(full, stats([])) == 0.0
    assert full.prose_share == 1.0
    assert stats(CHROME).prose_share == 0.0


def test_agreeing_candidates_stop_at_stage_one() -> None:
    view = View.of(stats(ARTICLE), stats(ARTICLE + CHROME[:2]))
    assert needs_second_opinion(view) is None


def test_a_fragment_goes_to_readability() -> None:
    tp, rs, rd = stats(ARTICLE[:4]), stats(CHROME + ARTICLE), stats(ARTICLE)
    assert needs_second_opinion(View.of(tp, rs)) is not None
    decision = decide(View.of(tp, rs, rd))
    assert decision.choice == "rd"
    assert decision.reason.startswith("fragment")


def test_an_empty_tp_goes_to_readability() -> None:
    tp, rs, rd = stats([]), stats(ARTICLE), stats(ARTICLE)
    assert needs_second_opinion(View.of(tp, rs)) == "tp-empty"
    assert decide(View.of(tp, rs, rd)).choice == "rd"


def test_an_empty_tp_and_a_short_rd_go_to_resiliparse() -> None:
    tp, rs, rd = stats([]), stats(ARTICLE), stats(ARTICLE[:1])
    assert decide(View.of(tp, rs, rd)).choice == "rs"


def test_disagreement_without_evidence_keeps_tp() -> None:
    tp, rs, rd = stats(ARTICLE), stats(OTHER), stats(ARTICLE[:10])
    assert needs_second_opinion(View.of(tp, rs)) == "tp-rs-disagree"
    assert decide(View.of(tp, rs, rd)).choice == "tp"


def test_bloat_goes_to_readability() -> None:
    comments = [f"comment {i} lol" for i in range(300)]
    tp, rd = stats(ARTICLE + comments), stats(ARTICLE)
    rs = stats(ARTICLE + CHROME)
    decision = decide(View.of(tp, rs, rd))
    assert decision.choice == "rd"
    assert decision.reason.startswith("bloat")


def test_without_resiliparse_only_an_empty_tp_asks() -> None:
    assert needs_second_opinion(View.of(stats(ARTICLE[:4]), None)) is None
    assert needs_second_opinion(View.of(stats([]), None)) == "tp-empty"
    assert decide(View.of(stats([]), None, stats(ARTICLE))).choice == "rd"
    # a fragment cannot be confirmed without resiliparse: tp stays
    assert decide(View.of(stats(ARTICLE[:4]), None, stats(ARTICLE))).choice == "tp"


def test_stage_one_view_never_picks_readability() -> None:
    assert decide(View.of(stats(ARTICLE), stats(OTHER))).choice == "tp"
