"""Sample articles written for this project (fictional town news), loaded by `make run` when the
shared development data is absent. ``ARTICLES`` is the JSONL file to pass to `newsbrief ingest`."""

from __future__ import annotations

from pathlib import Path

ARTICLES = Path(__file__).with_name("articles.jsonl")

__all__ = ["ARTICLES"]
