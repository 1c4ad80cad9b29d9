"""The quality gate runs in the test suite on the shared dev data: skipped where the data is
absent, failed in CI (``CI`` set), where its absence means the gate silently stopped guarding."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sample_texts import DATA

from bench.gate import extraction_failures, rouge_failures


@pytest.fixture
def dev_data() -> Path:
    if not (DATA / "cnndm_dev.jsonl").exists():
        reason = f"the dev data folder {DATA} is absent"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return DATA


def test_news_rouge_holds_its_floors_and_beats_lead(dev_data: Path) -> None:
    failures, _ = rouge_failures(dev_data)
    assert failures == []


def test_extraction_holds_its_floors_on_every_dev_set(dev_data: Path) -> None:
    failures, scores = extraction_failures(dev_data)
    assert failures == []
    assert set(scores) == {"extraction", "readability", "cleanportaleval"}
