"""`newsbrief eval`: ROUGE against reference summaries."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_texts import (
    STORY,
    assert_clean_error,
    invoke,
)

# ---------------------------------------------------------------- eval


def _eval_data(write: Callable[[str, str], Path], extra: str = "") -> Path:
    rows = [
        {"id": "a", "article": STORY, "reference": "The council approved a harbour budget."},
        {"id": "b", "article": STORY.replace("council", "board"), "reference": "A board vote."},
    ]
    return write("dev.jsonl", "".join(json.dumps(r) + "\n" for r in rows) + extra)


def test_eval_text(write: Callable[[str, str], Path]) -> None:
    result = invoke("eval", str(_eval_data(write)), "--method", "lead", "--sentences", "3")
    assert result.exit_code == 0, result.stderr
    fields = dict(line.split(maxsplit=1) for line in result.stdout.strip().splitlines())
    assert fields["method"] == "lead"
    assert fields["articles"] == "2"
    for name in ("rouge1", "rouge2", "rougeLsum", "articles/s"):
        assert float(fields[name]) >= 0


def test_eval_points(write: Callable[[str, str], Path]) -> None:
    result = invoke("eval", str(_eval_data(write)), "--points", "2", "--format", "json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["count"] == 2 and record["rouge1"] > 0
    assert_clean_error(invoke("eval", str(_eval_data(write)), "--points", "-1"), "points")


def test_eval_json_matches_the_evaluator(write: Callable[[str, str], Path]) -> None:
    from newsbrief.evaluation import RougeEvaluator

    result = invoke("eval", str(_eval_data(write)), "-m", "lead", "-n", "1", "--format", "json")
    record = json.loads(result.stdout)
    assert record["count"] == 2
    assert record["failed"] == 0
    assert record["articles_per_second"] > 0
    first = "The city council approved a new budget for the harbour district on Monday night."
    evaluator = RougeEvaluator()
    expected = evaluator.mean(
        [
            ([first], "The council approved a harbour budget."),
            ([first.replace("council", "board")], "A board vote."),
        ]
    )
    assert record["rouge1"] == pytest.approx(expected.rouge1, abs=0.01)
    assert record["rougeLsum"] == pytest.approx(expected.rougeLsum, abs=0.01)


def test_eval_counts_bad_lines(write: Callable[[str, str], Path]) -> None:
    path = _eval_data(write, 'not json\n{"id": "c", "article": "  ", "reference": "x"}\n')
    result = invoke("eval", str(path), "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["count"] == 2
    assert "2 of 4 items failed" in result.stderr
    assert "line 3" in result.stderr
    assert "Traceback" not in result.stderr


def test_eval_reads_its_lines_with_the_record_rules(write: Callable[[str, str], Path]) -> None:
    rows = [
        {"id": "t", "text": STORY, "reference": "The council approved a harbour budget."},
        {"id": True, "article": STORY, "reference": "x"},
        {"id": "r", "article": STORY},
    ]
    nested = '{"id": "n", "x": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
    path = write("dev.jsonl", "".join(json.dumps(r) + "\n" for r in rows) + nested)
    result = invoke("eval", str(path), "--format", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["count"] == 1  # "text" is the record's name for the body
    assert "line 2: 'id' must be a string or a number" in result.stderr
    assert "line 3: missing field: 'reference'" in result.stderr
    assert "line 4: input is nested too deeply to parse" in result.stderr
    assert "Traceback" not in result.stderr


def test_eval_unknown_format(write: Callable[[str, str], Path]) -> None:
    assert_clean_error(invoke("eval", str(_eval_data(write)), "-f", "csv"), "text")
