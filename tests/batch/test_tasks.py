"""The Dask driver's reading: every input item as a task with its key, a bad one with its error."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbrief.batch.tasks import read_tasks
from newsbrief.records import Record
from newsbrief.summarizers.base import SummaryOptions

OPTIONS = SummaryOptions(method="news", sentences=2)


def test_the_key_depends_on_content_method_and_options(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(
        '{"id": 1, "article": "Same words."}\n{"id": 2, "article": "Same words."}\n'
        '{"id": 3, "article": "Other words."}\n'
    )
    keys = [task.key for task in read_tasks([source], OPTIONS)]
    assert keys[0] == keys[1] != keys[2]
    lead = SummaryOptions(method="lead", sentences=2)
    assert next(read_tasks([source], lead)).key != keys[0]


def test_text_and_article_are_one_content(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "article": "Same words."}\n{"id": 1, "text": "Same words."}\n')
    first, second = read_tasks([source], OPTIONS)
    assert first.identity == second.identity
    assert first.record == Record("Same words.", id=1)


def test_a_bad_line_is_a_task_carrying_its_error_and_its_id(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    lines = [
        b"not json",
        json.dumps({"id": "nobody"}).encode(),
        json.dumps({"id": True, "text": "Words here."}).encode(),
        b'{"id": 1, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    ]
    source.write_bytes(b"\n".join(lines) + b"\n")
    tasks = list(read_tasks([source], OPTIONS))
    assert [(t.line, t.id, t.record) for t in tasks] == [
        (1, None, None),
        (2, "nobody", None),
        (3, None, None),
        (4, None, None),
    ]
    assert [t.error for t in tasks] == [
        "not valid JSON: Expecting value",
        "missing field: give 'article', 'text' or 'html'",
        "'id' must be a string or a number",
        "input is nested too deeply to parse",
    ]
    # A rerun recognises each one: the same bytes at the same place give the same key.
    assert [t.key for t in read_tasks([source], OPTIONS)] == [t.key for t in tasks]


def test_a_lone_surrogate_in_a_body_still_gets_a_key(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "text": "Half a pair \\ud800 here."}\n')
    (task,) = read_tasks([source], OPTIONS)
    assert task.record is not None and task.error is None and len(task.key) == 64


def test_parquet_rows_follow_the_same_rules(tmp_path: Path) -> None:
    table = pa.Table.from_pylist(
        [
            {"id": "a", "article": "Some words.", "html": None},
            {"id": "b", "article": None, "html": "<p>Other words.</p>"},
            {"id": None, "article": "No id.", "html": None},
            {"id": "c", "article": "Both.", "html": "<p>Both.</p>"},
        ]
    )
    path = tmp_path / "in.parquet"
    pq.write_table(table, path)
    tasks = list(read_tasks([path], OPTIONS))
    assert [(t.line, t.id, t.record is not None) for t in tasks] == [
        (1, "a", True),
        (2, "b", True),
        (3, None, False),
        (4, "c", False),
    ]
    assert tasks[2].error == "missing field: 'id'"
    assert tasks[3].error is not None and "more than one body" in tasks[3].error


def test_a_parquet_value_python_cannot_hold_fails_its_row_only(tmp_path: Path) -> None:
    """A timestamp id in year 10000 has no Python datetime: converting its batch raised, and the
    driver died on every run. Now that row is an error and its neighbours are read."""
    table = pa.table(
        {
            "id": pa.array([1_000, 253_402_300_800_000, 2_000], type=pa.timestamp("ms")),
            "text": ["First story. It is fine.", "Second story. Its id is not.", "Third. Fine."],
        }
    )
    path = tmp_path / "in.parquet"
    pq.write_table(table, path)
    tasks = list(read_tasks([path], OPTIONS))
    assert [t.line for t in tasks] == [1, 2, 3]
    assert all(t.record is None and t.error for t in tasks)  # a timestamp is not an id either
    assert "cannot be read" in (tasks[1].error or "")
    assert [t.key for t in read_tasks([path], OPTIONS)] == [t.key for t in tasks]


@settings(max_examples=100, deadline=None)
@given(
    lines=st.lists(
        st.binary(max_size=80).map(lambda raw: raw.replace(b"\n", b" "))
        | st.dictionaries(
            st.sampled_from(["id", "text", "html", "x"]), st.integers() | st.text()
        ).map(lambda value: json.dumps(value).encode()),
        max_size=6,
    )
)
def test_every_line_is_one_task_whatever_it_holds(lines: list[bytes]) -> None:
    """The driver never fails on a line: each non-blank one becomes a task (with its record or
    its error), so a bad line is one error row and never ends the run."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "in.jsonl"
        source.write_bytes(b"".join(line + b"\n" for line in lines))
        tasks = list(read_tasks([source], OPTIONS))
    assert len(tasks) == sum(1 for line in lines if line.strip())
    assert all((t.record is None) == (t.error is not None) for t in tasks)
