"""`newsbrief extract`, `summarize` and `eval` through click's CliRunner and a real process.

Every bad input must end in one ``error: ...`` line on stderr and a non-zero exit, never a
traceback. All article text here is written for these tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsbrief import summarizers
from newsbrief.cli import main
from newsbrief.models import count_words
from newsbrief.reading.decoding import MAX_INPUT_BYTES

NEWSBRIEF = Path(sys.executable).parent / "newsbrief"

STORY = (
    "The city council approved a new budget for the harbour district on Monday night. "
    "The plan sets aside money for flood walls, a ferry terminal and two new schools. "
    "Council leader Maria Evans said the vote ended three years of delay. "
    "Opposition members argued that the flood walls would cost far more than forecast.\n\n"
    "Residents of the harbour district packed the public gallery during the debate. "
    "Work on the flood walls is due to start in the spring. "
    "A public consultation on the two schools opens next month."
)

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour Council Backs Flood Budget | The Example Gazette</title>
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-18T09:00:00Z">
<script>window.tracking = {id: 42};</script></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Harbour Council Backs Flood Budget</h1>
<p>The city council approved a new budget for the harbour district on Monday night, ending three
years of delay.</p>
<p>The plan sets aside money for flood walls, a ferry terminal and two new schools. Council leader
Maria Evans said the vote was a turning point for the area.</p>
<p>Opposition members argued that the flood walls would cost far more than forecast. Residents
packed the public gallery during the long debate.</p>
<p>Work on the flood walls is due to start in the spring, and a public consultation on the schools
opens next month.</p>
</article>
<script>var pitch = "Subscribe today and save on everything you read";</script>
<footer>Copyright 2024 The Example Gazette. All rights reserved.</footer></body></html>
"""

TEXT_PAGE = (
    "Harbour Council Backs Flood Budget\n\n"
    "No time to read?\nGet a summary\n\n"
    f"{STORY}\n\n"
    "No time to read?\nGet a summary\n"
    "Previous Article\n\nFerry Strike Ends After Two Weeks\n\n"
    "Next Article\n\nSchool Places Rise Across The Region\n"
)

SCRIPTS_ONLY = (
    "<html><head>"
    + "".join(
        f"<script>var v{i} = 'loading the widget number {i} now';</script>" for i in range(200)
    )
    + "</head><body><div id='app'></div><script>start();</script></body></html>"
)


def invoke(*args: str, input: bytes | str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input)


def assert_clean_error(result: Result, *fragments: str, status: int = 2) -> None:
    """One ``error:`` line naming the problem, the expected status, and no traceback."""
    assert result.exit_code == status, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, bytes | str], Path]:
    def write_file(name: str, content: bytes | str) -> Path:
        path = tmp_path / name
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
        return path

    return write_file


# ---------------------------------------------------------------- extract


def test_extract_html_text_format(write: Callable[[str, str], Path]) -> None:
    result = invoke("extract", str(write("page.html", PAGE)))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "title: Harbour Council Backs Flood Budget" in out
    assert "byline: Jane Doe" in out
    assert "date: 2024-03-18" in out
    assert "language: en" in out
    assert "The city council approved a new budget" in out
    assert "Subscribe today" not in out
    assert "window.tracking" not in out


def test_extract_text_page_has_previous_and_next(write: Callable[[str, str], Path]) -> None:
    result = invoke("extract", str(write("page.txt", TEXT_PAGE)))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "previous: Ferry Strike Ends After Two Weeks" in out
    assert "next: School Places Rise Across The Region" in out
    assert "No time to read" not in out
    # Body before the links, fields before the body.
    assert out.index("title:") < out.index("The city council") < out.index("previous:")


def test_extract_json_from_stdin() -> None:
    result = invoke("extract", "-", "--format", "json", input=TEXT_PAGE.encode())
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert set(record) >= {"title", "byline", "published", "language", "text", "previous", "next"}
    assert record["title"] == "Harbour Council Backs Flood Budget"
    assert record["next"] == "School Places Rise Across The Region"
    assert record["text"].startswith("The city council approved")


# ---------------------------------------------------------------- summarize


def test_summarize_defaults_to_three_sentences(write: Callable[[str, str], Path]) -> None:
    result = invoke("summarize", str(write("story.txt", STORY)))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 3
    assert all(line in STORY for line in lines)


@pytest.mark.parametrize("method", summarizers.available())
def test_summarize_each_method(method: str, write: Callable[[str, str], Path]) -> None:
    result = invoke("summarize", str(write("s.txt", STORY)), "--method", method, "-n", "2")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 2


def test_summarize_lead_is_the_opening(write: Callable[[str, str], Path]) -> None:
    result = invoke("summarize", str(write("s.txt", STORY)), "--method", "lead", "--sentences", "2")
    assert result.stdout.splitlines() == [
        "The city council approved a new budget for the harbour district on Monday night.",
        "The plan sets aside money for flood walls, a ferry terminal and two new schools.",
    ]


@pytest.mark.parametrize("words", ["1", "7", "15", "40"])
def test_summarize_words_is_never_exceeded(words: str, write: Callable[[str, str], Path]) -> None:
    result = invoke("summarize", str(write("s.txt", STORY)), "--words", words, "-f", "json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["words"] <= int(words)
    assert count_words(record["summary"]) <= int(words)


def test_summarize_ratio(write: Callable[[str, str], Path]) -> None:
    result = invoke("summarize", str(write("s.txt", STORY)), "--ratio", "0.5", "-f", "json")
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["sentences"]) == 4  # half of 7, rounded


def test_summarize_json_offsets_point_into_the_extracted_text(
    write: Callable[[str, str], Path],
) -> None:
    page = str(write("page.html", PAGE))
    summary = json.loads(invoke("summarize", page, "--format", "json").stdout)
    article = json.loads(invoke("extract", page, "--format", "json").stdout)
    assert summary["title"] == "Harbour Council Backs Flood Budget"
    assert summary["method"] == "news"
    assert len(summary["sentences"]) == 3
    for sentence in summary["sentences"]:
        assert article["text"][sentence["start"] : sentence["end"]] == sentence["text"]


def test_summarize_markdown_is_bullets(write: Callable[[str, str], Path]) -> None:
    result = invoke("summarize", str(write("page.html", PAGE)), "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0] == "## Harbour Council Backs Flood Budget"
    bullets = [line for line in lines if line.startswith("- ")]
    assert len(bullets) == 3


def test_summarize_html_from_stdin_is_detected() -> None:
    result = invoke("summarize", "-", "-n", "1", "--method", "lead", input=PAGE.encode())
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("The city council approved a new budget")


def test_summarize_language_option(write: Callable[[str, str], Path]) -> None:
    result = invoke("summarize", str(write("s.txt", STORY)), "--language", "en", "-f", "json")
    assert json.loads(result.stdout)["language"] == "en"
    bad = invoke("summarize", str(write("s.txt", STORY)), "--language", "english!")
    assert_clean_error(bad, "language")


def test_summarize_truncation_is_marked(write: Callable[[str, str], Path]) -> None:
    result = invoke("summarize", str(write("s.txt", STORY)), "--words", "3", "--method", "lead")
    assert result.exit_code == 0
    assert result.stdout.strip() == "The city council\u2026"
    assert "note: truncated to fit the word limit" in result.stderr


def test_summarize_ignores_page_chrome(write: Callable[[str, str], Path]) -> None:
    result = invoke("summarize", str(write("page.txt", TEXT_PAGE)), "--sentences", "3")
    assert result.exit_code == 0
    for phrase in ("No time to read", "Get a summary", "Previous Article", "Ferry Strike"):
        assert phrase not in result.stdout


# ---------------------------------------------------------------- things that are fine


def test_one_sentence_article_is_returned_with_a_note() -> None:
    result = invoke("summarize", "-", input=b"Only one sentence made it into this article.\n")
    assert result.exit_code == 0
    assert result.stdout.strip() == "Only one sentence made it into this article."
    assert "note: the article has only 1" in result.stderr


def test_more_sentences_than_exist_is_fine(write: Callable[[str, str], Path]) -> None:
    result = invoke("summarize", str(write("s.txt", STORY)), "--sentences", "50", "-f", "json")
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert len(record["sentences"]) == 7
    assert any("only 7" in note for note in record["notes"])


def test_invalid_utf8_is_decoded_not_refused(write: Callable[[str, bytes], Path]) -> None:
    latin1 = "Caf\xe9 owners in the old town said the caf\xe9 would close. The mayor disagreed."
    result = invoke("summarize", str(write("latin1.txt", latin1.encode("cp1252"))))
    assert result.exit_code == 0, result.stderr
    assert "Café owners" in result.stdout
    broken = STORY.encode() + b"\xff\xfe trailing bytes \xc3."
    result = invoke("extract", str(write("broken.txt", broken)))
    assert result.exit_code == 0, result.stderr


def test_html_with_scripts_around_the_article(write: Callable[[str, str], Path]) -> None:
    noisy = PAGE.replace("<article>", SCRIPTS_ONLY[12:-33] + "<article>")
    result = invoke("summarize", str(write("noisy.html", noisy)))
    assert result.exit_code == 0, result.stderr
    assert "var v" not in result.stdout
    assert "widget" not in result.stdout


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
