"""`newsbrief extract` and `newsbrief summarize` through click's CliRunner. All article text
here is written for these tests."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from cli_texts import (
    PAGE,
    SCRIPTS_ONLY,
    STORY,
    TEXT_PAGE,
    assert_clean_error,
    invoke,
)

from newsbrief import summarizers
from newsbrief.models import count_words

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


@pytest.mark.parametrize("method", ["lead", "centrality", "news"])
def test_summarize_points(method: str, write: Callable[[str, str], Path]) -> None:
    page = str(write("page.html", PAGE))
    result = invoke("summarize", page, "--points", "2", "--method", method, "-f", "json")
    assert result.exit_code == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["method"] == method
    assert len(record["sentences"]) == 2
    assert set(record) == {"title", "language", "method", "summary", "words", "sentences", "notes"}
    article = json.loads(invoke("extract", page, "--format", "json").stdout)
    for sentence in record["sentences"]:
        assert article["text"][sentence["start"] : sentence["end"]] == sentence["text"]
    markdown = invoke("summarize", page, "-p", "2", "--method", method, "-f", "markdown").stdout
    bullets = [line[2:] for line in markdown.splitlines() if line.startswith("- ")]
    assert bullets == [sentence["text"] for sentence in record["sentences"]]


def test_summarize_points_with_another_length_is_refused(write: Callable[[str, str], Path]) -> None:
    path = str(write("s.txt", STORY))
    assert_clean_error(invoke("summarize", path, "--points", "2", "-n", "2"), "choose one length")
    assert_clean_error(invoke("summarize", path, "--points", "0"), "points must be at least 1")


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


def test_summarize_truncation_ends_at_a_clause(write: Callable[[str, str], Path]) -> None:
    text = "Officials said the storm, the worst in a decade, had passed by Sunday morning."
    result = invoke("summarize", str(write("s.txt", text)), "--words", "10")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "Officials said the storm, the worst in a decade\u2026"


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
