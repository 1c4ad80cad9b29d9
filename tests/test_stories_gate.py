"""The stories gate runs in the test suite on the shared dev data: grouping, timelines and
catch-up hold their floors and beat their baselines (skipped where the data is absent, failed
in CI, where its absence means the gate silently stopped guarding)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sample_texts import DATA

from bench.stories import figures, gate_failures


@pytest.fixture
def dev_data() -> Path:
    if not (DATA / "stories" / "articles.jsonl").exists():
        reason = f"the dev stories folder {DATA / 'stories'} is absent"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return DATA


def test_stories_hold_their_floors_and_beat_their_baselines(dev_data: Path) -> None:
    assert gate_failures(figures(dev_data, baselines=False)) == []


def test_the_gate_fails_when_a_figure_drops() -> None:
    measured: dict[str, object] = {
        "grouping": {"f1": 0.9, "cnndm_sharing": 40},
        "timeline_mean": {"date_f1": 0.6, "rouge1": 40.0, "baseline_rouge1": 45.0},
        "catchup": {
            "egypt": {
                "rouge1": 20.0,
                "rouge2": 5.0,
                "baseline_rouge1": 25.0,
                "baseline_rouge2": 4.0,
            }
        },
    }
    failures = gate_failures(measured)
    assert len(failures) == 5 and any("catch-up egypt rouge1" in f for f in failures)
