"""`newsbrief ingest`: a run goes on past a bad line, and reads its inputs lazily."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from newsbrief.cli import main
from newsbrief.storage import open_store


def test_ingest_goes_on_past_a_date_no_database_can_hold(tmp_path: Path) -> None:
    """A date in year 10000 (once in UTC) used to abort the whole run at its line."""
    lines = tmp_path / "in.jsonl"
    records = [
        {"text": "The first story is fine. It has two sentences."},
        {"text": "The far future. It cannot be placed.", "published": "9999-12-31T23:59:59-23:59"},
        {"text": "The last story is fine too. It comes after the bad one."},
    ]
    lines.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    database = f"sqlite:///{tmp_path / 'site.db'}"
    result = CliRunner().invoke(main, ["ingest", str(lines), "--database-url", database])
    assert result.exit_code == 1
    assert "added 2, skipped 0, failed 1" in result.stdout
    assert f"failed: {lines}:2: 'published'" in result.stderr
    store = open_store(database)
    try:
        assert store.articles.count() == 2
    finally:
        store.close()
