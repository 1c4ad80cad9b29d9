"""The extraction budget: pages built to be expensive are refused in about a second, before any
extractor runs; ordinary pages are untouched."""

from __future__ import annotations

import time

import lxml.html
import pytest
from sample_texts import DATA, PARAGRAPHS

from newsbrief.errors import InputError
from newsbrief.reading.budget import (
    MAX_DEPTH,
    MAX_ELEMENTS,
    STAGE2_MAX_ELEMENTS,
    measure,
    parse_within_budget,
)
from newsbrief.reading.extraction import extract


def refusal(source: str | bytes) -> tuple[str, float]:
    start = time.perf_counter()
    with pytest.raises(InputError) as caught:
        extract(source)
    return caught.value.code, time.perf_counter() - start


def test_the_issues_api_body_is_refused_fast() -> None:
    # issue 14: 1.98 MB of "<p>a.</p>" x 220,000 cost 243 s of CPU through /api/v1/summarize
    code, seconds = refusal("<p>a.</p>" * 220_000)
    assert code == "too_complex"
    assert seconds < 2.0


def test_a_page_of_a_million_paragraphs_is_refused_fast() -> None:
    # issue 14: the CLI ran past 300 s and 1.3 GB on this 9 MB page
    page = "<!DOCTYPE html><html><body>" + "<p>a.</p>" * 1_000_000 + "</body></html>"
    code, seconds = refusal(page.encode("utf-8"))
    assert code == "too_complex"
    assert seconds < 2.0


@pytest.mark.parametrize("tag", ["div", "section", "b"])
def test_deep_nesting_is_refused_fast(tag: str) -> None:
    page = f"<html><body>{f'<{tag}>' * 20_000}{PARAGRAPHS[0]}{f'</{tag}>' * 20_000}</body></html>"
    code, seconds = refusal(page)
    assert code == "too_complex"
    assert seconds < 2.0


def test_the_message_says_what_is_too_much() -> None:
    with pytest.raises(InputError) as caught:
        parse_within_budget("<p>x</p>" * (MAX_ELEMENTS + 1))
    assert f"{MAX_ELEMENTS:,}" in caught.value.message
    assert "\n" not in caught.value.message


def test_limits_are_inclusive_and_the_tree_is_measured() -> None:
    parsed = parse_within_budget(
        "<html><body>" + "<p>x</p>" * (MAX_ELEMENTS - 2) + "</body></html>"
    )
    assert parsed.root is not None
    assert parsed.elements == MAX_ELEMENTS  # html, body and the paragraphs (head is implied)
    assert not parsed.stage2_affordable
    nested = "<div>" * (MAX_DEPTH - 3) + "x"
    assert parse_within_budget(f"<html><body>{nested}</body></html>").root is not None
    with pytest.raises(InputError):
        parse_within_budget(f"<html><body><div>{nested}</body></html>")


def test_measure() -> None:
    root = lxml.html.fromstring("<div><p>a</p><p><b>b</b></p></div>")
    assert measure(root) == (4, 3)


def test_an_ordinary_page_reads_and_affords_stage_two() -> None:
    page = "<html><body><article>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article>"
    parsed = parse_within_budget(page + "</body></html>")
    assert parsed.stage2_affordable
    assert parsed.elements < STAGE2_MAX_ELEMENTS


def test_the_dev_pages_sit_far_below_the_limits() -> None:
    pages = sorted((DATA / "extraction" / "html").glob("*.html")) + sorted(
        (DATA / "extraction-more" / "html").glob("*.html")
    )
    if not pages:
        pytest.skip("the dev data is absent")
    largest = deepest = 0
    for path in pages:
        parsed = parse_within_budget(path.read_bytes().decode("utf-8", "replace"))
        if parsed.root is not None:
            elements, levels = measure(parsed.root)
            largest, deepest = max(largest, elements), max(deepest, levels)
    assert largest * 2 <= MAX_ELEMENTS
    assert largest <= STAGE2_MAX_ELEMENTS
    assert deepest * 2 <= MAX_DEPTH


def test_markup_counted_by_its_brackets_first() -> None:
    """Every "<" is counted in one cheap pass: past four per allowed element the page is refused
    without the tag scan; between the limit and that, the tags are counted exactly."""
    story = "".join(f"<p>{PARAGRAPHS[i % len(PARAGRAPHS)]}</p>" for i in range(12))
    comparisons = "if (a < b) { x = 1; }\n"
    within = f"<html><body><article>{story}</article><script>{comparisons * 60_000}</script>"
    article = extract(within, kind="html")
    assert article.text.startswith(PARAGRAPHS[0][:40])
    over = f"<html><body><article>{story}</article><script>{comparisons * 80_001}</script>"
    assert refusal(over)[0] == "too_complex"
