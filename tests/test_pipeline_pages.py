"""Every summary of the real pages reads as the story: over the 92 extraction pages and the seed
page, every extractive method at 3 sentences, 4 key points and 60 words picks no headline, no
sub-headline, no caption, no byline or dateline, no "declined to comment" or call to share, no
sentence without a final punctuation mark, and no word-budget summary ends inside a quotation.

The detectors here are written apart from :mod:`newsbrief.summarizers.statements` on purpose:
they compare with the extracted title and with the lines of the pages' true text, and use their
own explicit patterns, so this test does not check the filter against itself.
"""

from __future__ import annotations

import difflib
import functools
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sample_texts import DATA, SAMPLE_PAGE

from newsbrief import extract, summarizers
from newsbrief.models import Article
from newsbrief.summarizers.base import Document, SummaryOptions

EXTRACTION = DATA / "extraction"
METHODS = ("lead", "centrality", "news")
LENGTHS = ({"sentences": 3}, {"points": 4}, {"words": 60})
_FINAL = tuple(".!?…。！？")
_CLOSING = "\"'”’»)] \u00a0"
_WORD = re.compile(r"\w+")
_CAPTION = re.compile(
    r"(?i)\(pictured|pictured\)|^pictured\b|\((?:left|right|centre|center|inset|above|below)\)"
    r"|^(?:photo|photograph|picture|image|credit|caption)s?\s*:|getty images|\bap photo\b"
    r"|(?-i:[A-Z]\w+, (?:left|right|centre|center|pictured|above|below|circled),)"
)
_BYLINE = re.compile(
    r"^By (?:\.|[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}(?:$|,| and | \|))"
    r"|PUBLISHED:|UPDATED:|^\((?:CNN|AP|Reuters)\)\s*[-—–]*\s*$"
)
_NOT_STORY = re.compile(
    r"(?i)declined to comment|for comment\b|scroll down for|click here|share this|subscribe to"
    r"|sign up for|follow us"
)


@dataclass(frozen=True, eq=False)
class Page:
    name: str
    article: Article
    lines: tuple[str, ...]  # the page's true text, line by line

    @functools.cached_property
    def headings(self) -> list[tuple[str, list[str]]]:
        """Lines of the true text that are headings (short, no sentence ends them), as text
        and as words."""
        found = []
        for line in self.lines:
            words = _words(line)
            if 2 <= len(words) <= 20 and not _ends_a_statement(line):
                found.append((line.strip(), words))
        return found

    @functools.cached_property
    def document(self) -> Document:
        """The page's sentences, segmented once for every method and length."""
        return summarizers.segment(self.article)

    @functools.cached_property
    def has_statements(self) -> bool:
        """Whether any line of the true text ends a sentence."""
        return any(_ends_a_statement(line) for line in self.lines if _words(line))


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _ends_a_statement(text: str) -> bool:
    return text.rstrip(_CLOSING).endswith(_FINAL)


def _near_copy(words: list[str], other: list[str], least: float = 0.8) -> bool:
    if 2 * min(len(words), len(other)) < least * (len(words) + len(other)):
        return False  # the lengths alone rule it out (and SequenceMatcher is slow)
    return difflib.SequenceMatcher(None, words, other, autojunk=False).ratio() >= least


def _contains_run(words: list[str], run: list[str]) -> bool:
    return any(words[i : i + len(run)] == run for i in range(len(words) - len(run) + 1))


def _glued(text: str, heading: str) -> bool:
    rest = text[len(heading) :]
    return text.startswith(heading) and rest[:1].isspace() and rest.lstrip()[:1].isupper()


def _open_quote(text: str) -> bool:
    return (
        text.count("“") != text.count("”")
        or text.count("«") != text.count("»")
        or text.count('"') % 2 == 1
    )


def problems(page: Page, text: str) -> Iterator[str]:
    """What is wrong with one picked sentence of ``page``."""
    words = _words(text)
    if not _ends_a_statement(text):
        yield "no final punctuation"
    title = _words(page.article.title or "")
    if len(title) >= 3 and (_contains_run(words, title) or _near_copy(words, title)):
        yield "the headline"
    for line, heading in page.headings:
        # A heading is short, so a statement that merely uses its words ("Taylor had Feather
        # Duvet Lung disease." under "Feather Duvet Lung disease", or "The Rukban camp, also
        # known as ...") shares most of them: only the heading itself, give or take a word, or
        # the heading with a sentence glued after it (a capital letter follows) count.
        if _near_copy(words, heading, 0.9) or _glued(text, line):
            yield f"a sub-headline ({' '.join(heading)})"
    if _CAPTION.search(text):
        yield "a caption"
    if _BYLINE.search(text):
        yield "a byline"
    if _NOT_STORY.search(text):
        yield "not the story"


def _pages() -> list[Page]:
    pages = []
    with (EXTRACTION / "ground_truth.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            html = (EXTRACTION / row["html_path"]).read_bytes()
            # The language is not needed here, and identifying it is a third of the time.
            article = extract(html, identify_language=False)
            pages.append(Page(row["id"], article, tuple(row["article"].splitlines())))
    seed = SAMPLE_PAGE.read_text(encoding="utf-8")
    pages.append(Page("seed", extract(seed, identify_language=False), tuple(seed.splitlines())))
    return pages


@pytest.fixture(scope="module")
def pages() -> list[Page]:
    if not (EXTRACTION / "ground_truth.jsonl").exists():
        reason = f"the extraction pages in {EXTRACTION} are absent"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return _pages()


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    "length", LENGTHS, ids=lambda length: ",".join(f"{k}={v}" for k, v in length.items())
)
def test_no_summary_of_a_real_page_holds_a_non_statement(
    pages: list[Page], method: str, length: dict[str, int]
) -> None:
    options = SummaryOptions(method=method, **length)  # type: ignore[arg-type]
    found = []
    for page in pages:
        summary = summarizers.summarize_document(page.document, options)
        if not summary.sentences:
            # Only a page whose true text holds no sentence at all (a calendar, a table) may
            # get an empty summary.
            assert not page.has_statements, page.name
            continue
        for sentence in summary.sentences:
            found += [
                f"{page.name[:8]}: {why}: {sentence.text!r}"
                for why in problems(page, sentence.text)
            ]
        if options.words is not None and _open_quote(summary.text):
            found.append(f"{page.name[:8]}: ends inside a quotation: {summary.text[-80:]!r}")
    assert found == []


def test_the_detectors_can_fail() -> None:
    """Each detector flags the thing it is for (so a clean run above means something)."""
    page = Page(
        "probe", Article("x", title="Storm closes every school in the county"), ("Storm damage",)
    )
    cases = {
        "Storm closes every school in the county": "the headline",
        "Storm closes every school in the county, officials said.": "the headline",
        "Storm damage": "a sub-headline (storm damage)",
        "Storm damage Roofs were torn off.": "a sub-headline (storm damage)",
        "The mayor (pictured) visited the shelter.": "a caption",
        "Jane Doe, left, hugs her son.": "a caption",
        "By Jane Doe": "a byline",
        "(CNN) --": "a byline",
        "A spokesperson declined to comment.": "not the story",
        "Firefighters worked through the night": "no final punctuation",
    }
    for text, why in cases.items():
        assert why in list(problems(page, text)), text
    assert list(problems(page, "Firefighters worked through the night.")) == []
    assert list(problems(page, "Storm damage was worse in the north.")) == []
    assert _open_quote("He said: “We will")
    assert not _open_quote("He said: “We will.”")
