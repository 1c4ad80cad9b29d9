"""The quality gate runs in the test suite on the shared dev data (skipped where it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.gate import extraction_failures, rouge_failures

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"

pytestmark = pytest.mark.skipif(
    not (DATA / "cnndm_dev.jsonl").exists(), reason="dev data folder ../shared/data is absent"
)


def test_news_rouge_holds_its_floors_and_beats_lead() -> None:
    failures, _ = rouge_failures(DATA)
    assert failures == []


def test_extraction_f1_holds_its_floor_and_beats_trafilatura() -> None:
    failures, _ = extraction_failures(DATA)
    assert failures == []
