"""Site chrome: whole lines of buttons, labels and notices go; story sentences that mention
the same words stay."""

from __future__ import annotations

import pytest

from newsbrief.reading.chrome import is_chrome
from newsbrief.reading.extraction import extract


def test_story_sentences_that_mention_chrome_words_survive() -> None:
    lines = [
        "Share prices fell sharply after the announcement.",
        "Read more carefully, the judge told the lawyers.",
        "Advertisement revenue dropped by a third in the quarter.",
        "Next, the committee will vote on the proposal.",
        "By Tuesday, most of the snow had melted away.",
    ]
    article = extract("Markets Slide\n\n" + "\n\n".join(lines))
    assert article.paragraphs == lines
    assert article.byline is None


@pytest.mark.parametrize(
    "line",
    [
        "Share on Facebook",
        "ADVERTISEMENT",
        "Read more »",
        "Related:",
        "5 min read",
        "© 2024 Example News",
    ],
)
def test_chrome_lines(line: str) -> None:
    assert is_chrome(line)
