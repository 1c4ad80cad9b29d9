"""Plain-text pages to Articles: the real sample page and pages written for these tests lose
their chrome and keep every story sentence, their previous/next links and their header."""

from __future__ import annotations

import pytest
from sample_texts import PARAGRAPHS, SAMPLE_PAGE

from newsbrief.reading.extraction import extract
from newsbrief.reading.plain_text import read_plain_text


def sample_text() -> str:
    if not SAMPLE_PAGE.is_file():
        pytest.skip(f"shared data not available at {SAMPLE_PAGE.parent}")
    return SAMPLE_PAGE.read_text(encoding="utf-8")


def line_after(text: str, label: str) -> str:
    lines = [line.strip() for line in text.splitlines()]
    index = lines.index(label)
    return next(line for line in lines[index + 1 :] if line)


def test_sample_page_loses_its_chrome() -> None:
    raw = sample_text()
    article = extract(raw)
    for chrome in ("No time to read?", "Get a summary", "Previous Article", "Next Article"):
        assert chrome not in article.text
    assert article.title == raw.splitlines()[0].strip()
    assert article.previous == line_after(raw, "Previous Article")
    assert article.next == line_after(raw, "Next Article")
    assert article.previous not in article.text
    assert article.next not in article.text
    assert article.language == "en"
    assert article.title not in article.text
    assert len(article.paragraphs) >= 3
    assert all(len(p) > 200 for p in article.paragraphs)


def test_sample_page_as_bytes_matches_str() -> None:
    raw = sample_text()
    assert extract(raw.encode("utf-8")) == extract(raw)
    assert extract(raw.encode("utf-16")) == extract(raw)


def test_sample_page_keeps_every_story_sentence() -> None:
    raw = sample_text()
    body = extract(raw).text
    long_lines = [line for line in raw.splitlines() if len(line) > 200]
    assert long_lines
    for line in long_lines:
        assert line.strip() in body


def test_generic_text_page_header_and_chrome() -> None:
    page = "\n".join(
        [
            "Menu",
            "Council Approves Budget After Long Debate",
            "",
            "By Jane Doe and John Roe",
            "Published March 3, 2024 10:15 AM ET",
            "",
            "Share this article",
            "Listen to this article 4 min",
            "",
            PARAGRAPHS[0],
            "",
            "Advertisement",
            "",
            PARAGRAPHS[1],
            "",
            "Read more: Mayor Unveils Transport Plan",
            "",
            PARAGRAPHS[2],
            "",
            "We use cookies to improve your experience. By continuing you accept our policy",
            "Subscribe to our newsletter",
            "Related Stories",
            "Menu",
        ]
    )
    article = extract(page, url="https://example.org/a")
    assert article.text == "\n\n".join(PARAGRAPHS)
    # "Menu" is chrome, so the headline is the first line that counts.
    assert article.title == "Council Approves Budget After Long Debate"
    assert article.byline == "Jane Doe and John Roe"
    assert article.published == "2024-03-03"
    assert article.url == "https://example.org/a"


def test_inline_previous_next_links() -> None:
    page = "\n\n".join(
        [*PARAGRAPHS, "Previous article: Storm Hits Coast", "Next story » Rail Strike Ends"]
    )
    article = extract(page)
    assert (article.previous, article.next) == ("Storm Hits Coast", "Rail Strike Ends")
    assert article.text == "\n\n".join(PARAGRAPHS)


def test_hard_wrapped_lines_are_rejoined() -> None:
    wrapped = (
        "The city council approved the annual budget on Tuesday\n"
        "after a long debate about road repairs and school funding.\n"
        "Members voted nine to two."
    )
    article = extract(wrapped + "\n\n" + PARAGRAPHS[2])
    assert article.paragraphs[0].startswith(
        "The city council approved the annual budget on Tuesday after"
    )


MENU_PAGE = """Home | World | Business | Sport
Share this article
Council Approves New Harbour Bridge After Long Debate

By Jane Smith
March 3, 2025

The city council voted 7-2 on Tuesday to approve a new bridge across the harbour. The project
will cost 40 million dollars and take three years to build.

Advertisement

Construction is expected to begin in the autumn. The mayor said contracts would be signed soon.

Subscribe to our newsletter
Previous article: Storm damages seafront
Next article: Schools face budget cuts
"""


def test_a_menu_line_above_the_headline_is_chrome() -> None:
    article = extract(MENU_PAGE)
    assert article.title == "Council Approves New Harbour Bridge After Long Debate"
    assert article.byline == "Jane Smith"
    assert article.published == "2025-03-03"
    assert article.text.startswith("The city council voted 7-2")
    assert "Home | World" not in article.text and "Advertisement" not in article.text
    assert article.previous == "Storm damages seafront"
    assert article.next == "Schools face budget cuts"


def test_the_parts_of_a_page_without_extraction() -> None:
    page = "\n".join(
        [
            "Share",
            "Council Backs Budget",
            "By Jane Doe",
            "",
            PARAGRAPHS[0],
            "",
            "Advertisement",
            "",
            PARAGRAPHS[1],
            "",
            "Previous Article",
            "Storm Hits Coast",
            "Next Article",
            "Rail Strike Ends",
            "Share",
        ]
    )
    article = read_plain_text(page)
    assert article.text == "\n\n".join(PARAGRAPHS[:2])
    assert (article.title, article.byline, article.published) == (
        "Council Backs Budget",
        "Jane Doe",
        None,
    )
    assert (article.previous, article.next) == ("Storm Hits Coast", "Rail Strike Ends")
    assert (article.language, article.url) == (None, None)  # extraction's to fill


def test_a_page_of_only_chrome_reads_to_an_empty_body() -> None:
    assert read_plain_text("Share\n\nAdvertisement\n\nSubscribe now").text == ""


def test_button_lines_repeated_at_the_top_and_the_bottom_go() -> None:
    page = "\n\n".join(["Budget Coverage", *PARAGRAPHS, "Budget Coverage"])
    assert read_plain_text(page).text == "\n\n".join(PARAGRAPHS)
