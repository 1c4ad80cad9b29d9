"""`newsbrief stories cluster | timeline | catchup`: JSONL in, stories out; bad lines skipped."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from stories.test_timeline import ARTICLES

from newsbrief.cli import main

QUAKE = (
    "A magnitude 7.0 earthquake struck Haiti near Port-au-Prince, collapsing the presidential "
    "palace and killing thousands. Rescuers searched the rubble of Port-au-Prince overnight."
)
QUAKE_2 = (
    "Aid flights began landing in Port-au-Prince as Haiti counted the dead from the earthquake. "
    "The United Nations said its Haiti mission headquarters had collapsed in the quake."
)
FOOTBALL = (
    "Arsenal beat Chelsea two goals to one at the Emirates Stadium, with Bukayo Saka scoring "
    "the winner in the second half of a tense London derby."
)


def invoke(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


def write_lines(path: Path, rows: Sequence[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def egypt(tmp_path: Path) -> Path:
    rows = [
        {"id": a.id, "text": a.text, "published": a.published.isoformat() if a.published else None}
        for a in ARTICLES
    ]
    return write_lines(tmp_path / "egypt.jsonl", rows)


def test_cluster_writes_one_story_per_input_line_in_input_order(tmp_path: Path) -> None:
    source = write_lines(
        tmp_path / "in.jsonl",
        [
            {"id": "late", "text": QUAKE_2, "published": "2010-01-14"},
            {"id": "sport", "text": FOOTBALL, "published": "2010-01-13"},
            {"id": "early", "text": QUAKE, "published": "2010-01-13T08:00:00Z"},
        ],
    )
    out = tmp_path / "out.jsonl"
    result = invoke("stories", "cluster", str(source), "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["late", "sport", "early"]
    story = {r["id"]: r["story"] for r in rows}
    # Publication order: "sport" came first (file order among the same day), then "early".
    assert story["late"] == story["early"] != story["sport"]


def test_cluster_reports_bad_lines_and_goes_on(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_bytes(
        b'{"id": "a", "text": "' + QUAKE.encode() + b'"}\n'
        b"{not json}\n"
        b'{"text": "no id here"}\n'
        b'{"id": "e", "text": "   "}\n'
        b'{"id": "d", "text": "Rain.", "published": "last week"}\n'
    )
    result = invoke("stories", "cluster", str(source))
    assert result.exit_code == 1
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["a"]
    assert "line 2: not valid JSON" in result.stderr
    assert "line 3: missing field: 'id'" in result.stderr
    assert "line 4: the article has no text" in result.stderr
    assert "line 5: 'published' must be an ISO 8601 date" in result.stderr
    assert "4 of 5 lines failed" in result.stderr


def test_cluster_of_an_empty_file_says_so(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"\n")
    result = invoke("stories", "cluster", str(empty))
    assert result.exit_code == 2 and "input is empty" in result.stderr


def test_timeline_has_the_documented_shape_and_offsets_into_the_given_text(egypt: Path) -> None:
    result = invoke("stories", "timeline", str(egypt), "--dates", "2", "--per-date", "1")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    texts = {a.id: a.text for a in ARTICLES}
    assert len(record["timeline"]) == 2
    for entry in record["timeline"]:
        assert set(entry) == {"date", "sentences"}
        for s in entry["sentences"]:
            assert set(s) == {"text", "id", "start", "end"}
            assert texts[s["id"]][s["start"] : s["end"]] == s["text"]


def test_timeline_refuses_a_length_out_of_range(egypt: Path) -> None:
    result = invoke("stories", "timeline", str(egypt), "--dates", "0")
    assert result.exit_code == 2 and "dates must be a whole number" in result.stderr


def test_catchup_tells_what_is_new_with_dates(egypt: Path, tmp_path: Path) -> None:
    out = tmp_path / "catchup.json"
    result = invoke(
        "stories", "catchup", str(egypt), "--since", "2011-02-01", "-n", "2", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text())
    assert record["since"] == "2011-02-01" and len(record["sentences"]) == 2
    for s in record["sentences"]:
        assert set(s) == {"text", "id", "start", "end", "date"}
        assert s["id"] in {"a3", "a4"} and s["date"] >= "2011-02-01"


def test_catchup_after_the_last_article_says_nothing_is_new(egypt: Path) -> None:
    result = invoke("stories", "catchup", str(egypt), "--since", "2030-01-01")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["sentences"] == []
    assert "nothing new since 2030-01-01" in result.stderr


@pytest.mark.parametrize("since", ["yesterday", "1850-01-01", "2011-02-30"])
def test_catchup_refuses_a_moment_that_is_not_a_usable_date(egypt: Path, since: str) -> None:
    result = invoke("stories", "catchup", str(egypt), "--since", since)
    assert result.exit_code == 2 and "--since must be a date" in result.stderr


def test_the_output_may_not_overwrite_the_input(egypt: Path) -> None:
    result = invoke("stories", "cluster", str(egypt), "-o", str(egypt))
    assert result.exit_code == 2 and "overwrite the input" in result.stderr


def test_dates_out_of_range_and_other_languages_still_group(tmp_path: Path) -> None:
    source = write_lines(
        tmp_path / "in.jsonl",
        [
            {"id": 1, "text": QUAKE, "published": "1850-01-01"},
            {"id": 2, "text": QUAKE_2, "published": "2999-01-01"},
            {
                "id": 3,
                "text": "Ein schweres Erdbeben erschütterte Haiti am Dienstag.",
                "published": "2010-01-13",
            },
            {"id": 4, "html": "<html><body><p>" + FOOTBALL + "</p></body></html>"},
        ],
    )
    result = invoke("stories", "cluster", str(source))
    assert result.exit_code == 0, result.stderr
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == [1, 2, 3, 4]


def test_rebuild_regroups_the_stored_articles(egypt: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'site.db'}"
    assert invoke("ingest", str(egypt), "--database-url", url, "-q").exit_code == 0
    result = invoke("stories", "rebuild", "--database-url", url)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("grouped 4 articles into ")
