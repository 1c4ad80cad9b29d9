"""`newsbrief batch`: options, output files, progress, several inputs, one line per item."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import newsbrief
from newsbrief.cli import main

STORY = (
    "The city council approved a new budget for the harbour district on Monday night. "
    "The plan sets aside money for flood walls, a ferry terminal and two new schools. "
    "Council leader Maria Evans said the vote ended three years of delay. "
    "Opposition members argued that the flood walls would cost far more than forecast."
)
PAGE = (
    "<html><body><article><p>The storm hit the coast on Friday night, flooding homes and roads "
    "across the county.</p><p>Officials said two people were hurt and hundreds were evacuated "
    "overnight.</p></article></body></html>"
)


def line(record: object) -> bytes:
    return json.dumps(record).encode() + b"\n"


def write_items(path: Path, count: int) -> None:
    with path.open("wb") as out:
        for number in range(count):
            out.write(line({"id": f"item-{number}", "article": f"Item {number}. {STORY}"}))


def invoke(*args: str, input: bytes | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "in.jsonl"
    with path.open("wb") as handle:
        handle.write(line({"id": "a", "article": STORY}))
        handle.write(b"{not json}\n")
        handle.write(line({"id": "c", "html": PAGE}))
        handle.write(b"\n")
        handle.write(line({"id": "d", "text": "   "}))
        handle.write(line({"id": "e", "article": "Just one sentence in this one."}))
    return path


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(text) for text in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_batch_writes_one_line_per_item(jsonl: Path, tmp_path: Path, workers: str) -> None:
    out = tmp_path / "out.jsonl"
    result = invoke("batch", str(jsonl), "-o", str(out), "--workers", workers, "-m", "lead")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: 2 of 5 items failed"
    rows = read_jsonl(out)
    assert [r["id"] for r in rows] == ["a", None, "c", "d", "e"]
    assert [("error" in r) for r in rows] == [False, True, False, True, False]
    assert rows[1]["line"] == 2
    assert rows[3]["line"] == 5
    assert len(rows[0]["sentences"]) == 3  # type: ignore[arg-type]


def test_batch_to_stdout_from_stdin() -> None:
    data = line({"id": 1, "article": STORY}) + line({"id": 2, "html": PAGE})
    result = invoke("batch", "-", "-o", "-", "--sentences", "1", "--workers", "1", input=data)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    rows = [json.loads(text) for text in result.stdout.splitlines()]
    assert [r["id"] for r in rows] == [1, 2]
    assert all(len(r["sentences"]) == 1 for r in rows)


def test_batch_length_options(jsonl: Path) -> None:
    result = invoke("batch", str(jsonl), "--words", "10", "--workers", "1")
    rows = [json.loads(text) for text in result.stdout.splitlines()]
    for row in rows:
        if "error" not in row:
            assert sum(len(s["text"].split()) for s in row["sentences"]) <= 10


def test_batch_points(jsonl: Path) -> None:
    result = invoke("batch", str(jsonl), "--points", "1", "--workers", "1")
    rows = [json.loads(text) for text in result.stdout.splitlines()]
    assert rows
    for row in rows:
        if "error" not in row:
            assert len(row["sentences"]) == 1


def test_batch_without_a_terminal_shows_no_progress_bar(jsonl: Path) -> None:
    result = invoke("batch", str(jsonl), "-o", "-", "--workers", "1")
    assert "item/s" not in result.stderr
    assert "%|" not in result.stderr


def test_batch_progress_bar_on_a_terminal(
    jsonl: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsbrief.cli import progress

    monkeypatch.setattr(progress, "wanted", lambda: True)
    result = invoke("batch", str(jsonl), "-o", str(tmp_path / "o.jsonl"), "--workers", "1")
    assert "5/5" in result.stderr
    assert result.stderr.strip().endswith("error: 2 of 5 items failed")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--workers", "0"], "invalid value for '--workers'"),
        (["--method", "magic"], "choose one of: centrality, lead, llm, news"),
        (["--words", "0"], "words must be at least 1"),
        (["--sentences", "2", "--ratio", "0.5"], "choose one length"),
    ],
)
def test_batch_bad_options(jsonl: Path, args: list[str], fragment: str) -> None:
    result = invoke("batch", str(jsonl), *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")
    assert fragment in result.stderr
    assert result.stdout == ""


def test_batch_refuses_to_overwrite_its_input(jsonl: Path) -> None:
    before = jsonl.read_bytes()
    result = invoke("batch", str(jsonl), "-o", str(jsonl))
    assert result.exit_code == 2
    assert "overwrite the input" in result.stderr
    assert jsonl.read_bytes() == before


def test_batch_output_into_a_directory(jsonl: Path, tmp_path: Path) -> None:
    result = invoke("batch", str(jsonl), "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "is a directory" in result.stderr


def test_batch_output_in_a_missing_folder(jsonl: Path, tmp_path: Path) -> None:
    result = invoke("batch", str(jsonl), "-o", str(tmp_path / "no" / "such" / "out.jsonl"))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: cannot write")


def test_batch_only_blank_lines_is_empty_input(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text("\n\n  \n")
    result = invoke("batch", str(path))
    assert result.exit_code == 2
    assert "input is empty" in result.stderr


def test_batch_all_lines_bad(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("nope\n" * 250)
    result = invoke("batch", str(path), "-o", str(tmp_path / "out.jsonl"), "--workers", "2")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: 250 of 250 items failed"
    assert len(read_jsonl(tmp_path / "out.jsonl")) == 250


def test_local_engine_takes_several_files_and_globs(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    write_items(tmp_path / "in" / "a.jsonl", 3)
    (tmp_path / "in" / "b.jsonl").write_text('{"id": "b1", "article": "  "}\n')
    result = invoke("batch", str(tmp_path / "in" / "*.jsonl"), "-o", "-", "--workers", "1")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in rows] == ["item-0", "item-1", "item-2", "b1"]
    assert rows[-1]["source"].endswith("b.jsonl") and result.exit_code == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--engine", "dask", "-o", "-"],
            "--engine dask writes a file it can resume: give -o OUT.jsonl or -o OUT.parquet",
        ),
        (["-o", "out.parquet"], "Parquet input or output needs --engine dask"),
        (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --engine dask"),
        (["--engine", "spark"], "unknown engine 'spark'; choose one of: dask, local"),
    ],
)
def test_batch_option_errors_are_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    write_items(tmp_path / "in.jsonl", 2)
    result = invoke("batch", str(tmp_path / "in.jsonl"), *args)
    assert result.exit_code == 2 and result.output == f"error: {message}\n"


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_both_engines_refuse_the_same_outputs(tmp_path: Path, engine: str) -> None:
    source = tmp_path / "in.jsonl"
    write_items(source, 2)
    before = source.read_bytes()
    same = invoke("batch", str(source), "--engine", engine, "-o", str(source))
    assert same.exit_code == 2
    assert same.output == "error: the output file would overwrite the input\n"
    assert source.read_bytes() == before
    folder = invoke("batch", str(source), "--engine", engine, "-o", str(tmp_path))
    assert folder.exit_code == 2
    assert folder.output == f"error: {tmp_path} is a directory, not a file\n"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own, as a user runs it (a crash is its exit status)."""
    source_root = str(Path(newsbrief.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": source_root}
    command = [sys.executable, "-c", "import sys; from newsbrief.cli import run; sys.exit(run())"]
    return subprocess.run(
        [*command, *args], env=env, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_a_line_nested_100000_deep_is_one_error_row_on_both_engines(
    tmp_path: Path, engine: str
) -> None:
    """The Dask driver used to die on such a line with RecursionError (exit 70), on every
    rerun; the local engine reported it as an error row. Both must, and a rerun too."""
    source = tmp_path / "deep.jsonl"
    with source.open("wb") as out:
        out.write(line({"id": "a", "article": STORY}))
        out.write(b'{"id": "b", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n")
        out.write(line({"id": "c", "html": PAGE}))
    output = tmp_path / "out.jsonl"
    runs = [run_cli("batch", str(source), "-o", str(output), "--engine", engine, "--workers", "1")]
    if engine == "dask":
        runs.append(
            run_cli("batch", str(source), "-o", str(output), "--engine", "dask", "--workers", "1")
        )
        assert "3 were already done" in runs[-1].stderr
    for done in runs:
        assert done.returncode == 1, done.stderr
        assert done.stderr.strip().endswith("error: 1 of 3 items failed")
    rows = read_jsonl(output)
    assert [row.get("error") for row in rows] == [None, "input is nested too deeply to parse", None]
    assert rows[1]["line"] == 2


def test_the_dask_engine_fails_a_parquet_row_alone(tmp_path: Path) -> None:
    """A row the driver cannot read (an id in year 10000) is one error row, not a crashed run."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = tmp_path / "in.parquet"
    ids = pa.array(["a", None, "c"])
    pq.write_table(pa.table({"id": ids, "article": [STORY, STORY + " Again.", None]}), source)
    stamped = tmp_path / "stamped.parquet"
    stamp = pa.array([253_402_300_800_000], type=pa.timestamp("ms"))
    pq.write_table(pa.table({"id": stamp, "article": ["Far future. Its id is too."]}), stamped)
    output = tmp_path / "out.jsonl"
    done = run_cli(
        "batch", str(source), str(stamped), "-o", str(output), "--engine", "dask", "--workers", "1"
    )
    assert done.returncode == 1, done.stderr
    rows = read_jsonl(output)
    assert [row.get("error") is None for row in rows] == [True, False, False, False]
    assert "cannot be read" in str(rows[-1]["error"])
