"""The console script as a real process: output, one-line errors and a closed pipe."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_texts import (
    NEWSBRIEF,
    PAGE,
    STORY,
)

# ---------------------------------------------------------------- a real process


def run_cli(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [str(NEWSBRIEF), *args], input=input, capture_output=True, timeout=120, check=False
    )


pytestmark_subprocess = pytest.mark.skipif(not NEWSBRIEF.exists(), reason="console script absent")


@pytestmark_subprocess
def test_process_summarize_file(write: Callable[[str, str], Path]) -> None:
    done = run_cli("summarize", str(write("page.html", PAGE)), "-f", "json")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["sentences"]) == 3
    assert done.stderr == b""


@pytestmark_subprocess
@pytest.mark.parametrize(
    ("args", "input", "fragment"),
    [
        (["summarize", "-"], b"", b"error: input is empty"),
        (["summarize", "-"], b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40, b"PNG image"),
        (["summarize", "-", "--words", "0"], STORY.encode(), b"words must be at least 1"),
        (["summarize", "-", "-m", "nope"], STORY.encode(), b"choose one of: centrality, lead"),
        (["extract", "-", "-f", "pdf"], PAGE.encode(), b"unknown format 'pdf'"),
        (["extract", "/no/such/page.html"], None, b"no such file"),
        (["batch", "/"], None, b"is a directory"),
    ],
)
def test_process_errors_are_one_line(args: list[str], input: bytes | None, fragment: bytes) -> None:
    done = run_cli(*args, input=input)
    assert done.returncode == 2
    assert done.stdout == b""
    assert done.stderr.count(b"\n") == 1, done.stderr
    assert done.stderr.startswith(b"error: ")
    assert fragment in done.stderr
    assert b"Traceback" not in done.stderr


@pytestmark_subprocess
def test_process_pipe_closed_early(write: Callable[[str, str], Path]) -> None:
    # `newsbrief extract page | head -c 10` must not end in a BrokenPipeError traceback.
    page = str(write("page.html", PAGE * 3))
    done = subprocess.run(
        f"'{NEWSBRIEF}' extract '{page}' | head -c 10",
        shell=True,
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert b"Traceback" not in done.stderr
