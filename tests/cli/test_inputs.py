"""Every reading command refuses bad input the same way: one ``error: ...`` line on stderr and
exit status 2, never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_texts import (
    PAGE,
    SCRIPTS_ONLY,
    STORY,
    assert_clean_error,
    invoke,
)

import newsbrief
from newsbrief.reading.decoding import MAX_INPUT_BYTES

# ---------------------------------------------------------------- bad input, every command

BAD_FILES: dict[str, tuple[bytes, str]] = {
    "empty": (b"", "input is empty"),
    "whitespace": (b"  \n\t \r\n  ", "input is empty"),
    "binary": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "PNG image"),
    "zeros": (b"\x00\x01\x02\x03\x04" * 500, "binary"),
}


@pytest.mark.parametrize("command", ["extract", "summarize", "batch", "eval"])
@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_files(command: str, case: str, write: Callable[[str, bytes], Path]) -> None:
    content, fragment = BAD_FILES[case]
    path = write(f"{case}.in", content)
    result = invoke(command, str(path))
    assert_clean_error(result, fragment)


@pytest.mark.parametrize("command", ["extract", "summarize", "batch", "eval"])
def test_missing_file(command: str, tmp_path: Path) -> None:
    result = invoke(command, str(tmp_path / "nope.txt"))
    assert_clean_error(result, "no such file", "nope.txt")


@pytest.mark.parametrize("command", ["extract", "summarize", "batch", "eval"])
def test_directory_instead_of_a_file(command: str, tmp_path: Path) -> None:
    result = invoke(command, str(tmp_path))
    assert_clean_error(result, "is a directory")


@pytest.mark.parametrize("command", ["extract", "summarize"])
def test_empty_stdin(command: str) -> None:
    assert_clean_error(invoke(command, "-", input=b""), "input is empty")


@pytest.mark.parametrize("command", ["extract", "summarize"])
def test_fifty_megabyte_file(command: str, tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: the size check must fail before any read
    assert_clean_error(invoke(command, str(path)), "50.0 MB", "limit is 20 MB")


@pytest.mark.parametrize("command", ["extract", "summarize"])
def test_a_page_too_complex_to_extract_is_one_clear_error(command: str, tmp_path: Path) -> None:
    """issue 14: a 9 MB page of a million paragraphs ran past 300 s and 1.3 GB. It is refused
    before any extractor runs. The command runs in a process of its own so that, were the
    budget gone, the test would end at the timeout instead of running for minutes."""
    page = tmp_path / "million.html"
    page.write_text(
        "<!DOCTYPE html><html><body>" + "<p>a.</p>" * 1_000_000 + "</body></html>",
        encoding="utf-8",
    )
    source_root = str(Path(newsbrief.__file__).resolve().parents[1])
    done = subprocess.run(
        [sys.executable, "-c", "import sys; from newsbrief.cli import run; sys.exit(run())",
         command, str(page)],
        env={**os.environ, "PYTHONPATH": source_root},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert "HTML elements" in lines[0] and done.stdout == ""


def test_oversized_stdin() -> None:
    data = b"word " * (MAX_INPUT_BYTES // 5 + 10)
    assert_clean_error(invoke("summarize", "-", input=data), "limit")


@pytest.mark.parametrize("command", ["extract", "summarize"])
@pytest.mark.parametrize(
    "html",
    [
        SCRIPTS_ONLY,
        "<html><body><nav><a href='/'>Home</a><a href='/a'>About</a></nav></body></html>",
        "<!doctype html><html><head><title>x</title></head><body></body></html>",
    ],
    ids=["scripts-only", "menu-only", "empty-body"],
)
def test_html_without_an_article(
    command: str, html: str, write: Callable[[str, str], Path]
) -> None:
    assert_clean_error(invoke(command, str(write("page.html", html))), "no article")


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--words", "0"], ["words must be at least 1, got 0"]),
        (["--sentences", "0"], ["sentences must be at least 1"]),
        (["--ratio", "0"], ["ratio must be in (0, 1]"]),
        (["--ratio", "2"], ["ratio must be in (0, 1]"]),
        (["--sentences", "2", "--words", "9"], ["choose one length"]),
        (["--method", "magic"], ["unknown method 'magic'", "centrality, lead, llm, news"]),
        (["--format", "xml"], ["unknown format 'xml'", "json, markdown, text"]),
        (["--sentences", "many"], ["'many' is not a valid integer"]),
        (["--colour"], ["no such option"]),
    ],
)
def test_summarize_bad_options(
    args: list[str], fragments: list[str], write: Callable[[str, str], Path]
) -> None:
    assert_clean_error(invoke("summarize", str(write("s.txt", STORY)), *args), *fragments)


def test_bad_options_fail_before_reading_input(tmp_path: Path) -> None:
    # The option is wrong whatever the file holds: say so, even when the file is missing.
    result = invoke("summarize", str(tmp_path / "missing.txt"), "--method", "magic")
    assert_clean_error(result, "unknown method")


def test_extract_unknown_format(write: Callable[[str, str], Path]) -> None:
    result = invoke("extract", str(write("p.html", PAGE)), "--format", "markdown")
    assert_clean_error(result, "unknown format 'markdown'", "json, text")


def test_missing_argument() -> None:
    assert_clean_error(invoke("summarize"), "missing argument")


@pytest.mark.parametrize("command", ["batch", "eval"])
def test_unknown_method_in_every_summarizing_command(
    command: str, write: Callable[[str, str], Path]
) -> None:
    path = write("in.jsonl", json.dumps({"id": 1, "article": STORY, "reference": STORY}))
    result = invoke(command, str(path), "--method", "magic")
    assert_clean_error(result, "centrality, lead, llm, news")
