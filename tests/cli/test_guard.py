"""`newsbrief check`: the faithfulness guard from the command line, one pair or --batch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsbrief.cli import main

# Written for these tests.
ARTICLE = (
    "The council approved a $2 million fund on March 18. Mayor Jane Smith said the two bridges "
    'would open in 2026. "We will build them fast," she told reporters. About 3,000 residents '
    "signed the petition."
)


def test_check_cli_json(tmp_path: Path) -> None:
    article, summary = tmp_path / "a.txt", tmp_path / "s.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    summary.write_text("About 3,000 residents signed the petition.", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(article), str(summary), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["faithful"] is True
    summary.write_text("About 4,000 residents signed the petition.", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(article), str(summary), "--format", "json"])
    assert result.exit_code == 1
    sentence = json.loads(result.stdout)["sentences"][0]
    assert sentence["supported"] is False and "4,000" in sentence["reasons"][0]


def test_check_cli_batch(tmp_path: Path) -> None:
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    lines = [
        {"id": 1, "article": ARTICLE, "summary": "About 3,000 residents signed the petition."},
        {"id": 2, "article": ARTICLE, "summary": "About 9,000 residents signed the petition."},
    ]
    source.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--batch", str(source), "-o", str(out)])
    # Like a single check: an unfaithful summary is exit status 1, and stderr counts them.
    assert result.exit_code == 1, result.output
    assert result.stderr.strip() == "error: 1 of 2 summaries are not faithful"
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == [1, 2]
    assert [r["faithful"] for r in records] == [True, False]
    assert all({"score", "sentences", "article", "summary"} <= set(r) for r in records)


def test_check_cli_batch_of_faithful_summaries_exits_0(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    line = {"id": 1, "article": ARTICLE, "summary": "About 3,000 residents signed the petition."}
    source.write_text(json.dumps(line) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--batch", str(source)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["faithful"] is True


def test_check_cli_batch_counts_unreadable_lines_apart(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    bad = {"id": 2, "article": ARTICLE, "summary": "About 9,000 residents signed the petition."}
    source.write_text("not json\n" + json.dumps(bad) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--batch", str(source)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines()[-1] == (
        "error: 1 of 2 lines failed; 1 of 1 summaries are not faithful"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give ARTICLE_FILE and SUMMARY_FILE"),
        (["missing.txt", "other.txt"], "no such file"),
        (["--batch", "missing.jsonl"], "no such file"),
    ],
)
def test_check_cli_errors_are_one_line(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["check", *args])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and message in lines[0]
