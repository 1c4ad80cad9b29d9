"""The extraction budget against the dev pages and against pages built to be expensive.

    python -m bench.extraction_budget --data ../shared/data

Prints the dev pages' largest element count, depth and size (what the limits in
``newsbrief.reading.budget`` must sit well above), then, for each hostile page, what
``newsbrief.extract`` answers and its wall and CPU time: issue 14's API body and 9 MB page, and
pages just under the limits in the shapes that cost the extractors most.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from bench.extraction_pages import load_pages
from newsbrief.errors import InputError
from newsbrief.reading.budget import MAX_DEPTH, MAX_ELEMENTS, measure, parse_within_budget
from newsbrief.reading.decoding import decode
from newsbrief.reading.extraction import extract

_SENTENCE = (
    "The council approved the budget on Tuesday after a long debate about roads and schools."
)


def hostile_pages() -> dict[str, str]:
    """Name -> page: the issue's two, and pages just under the limits."""
    n = MAX_ELEMENTS - 10
    deep = MAX_DEPTH - 5
    return {
        "issue 14 API body: <p>a.</p> x 220,000": "<p>a.</p>" * 220_000,
        "issue 14 CLI page: 10^6 paragraphs (9 MB)": "<html><body>"
        + "<p>a.</p>" * 1_000_000
        + "</body></html>",
        "divs nested 20,000 deep": "<div>" * 20_000 + _SENTENCE + "</div>" * 20_000,
        f"{n:,} short paragraphs": "<p>a.</p>" * n,
        f"{n:,} paragraphs of prose": "<html><body>"
        + "".join(f"<p>{_SENTENCE} Item {i}.</p>" for i in range(n - 2))
        + "</body></html>",
        f"{n // 2:,} list items of links": "<html><body><ul>"
        + "<li><a href='/x'>link text here</a></li>" * (n // 2 - 3)
        + "</ul></body></html>",
        f"{n - deep:,} paragraphs inside {deep} divs": "<html><body>"
        + "<div>" * deep
        + f"<p>{_SENTENCE}</p>" * (n - deep - 10)
        + "</div>" * deep
        + "</body></html>",
    }


def dev_maxima(data: Path) -> tuple[tuple[int, str], tuple[int, str], tuple[int, str]]:
    """(elements, page), (depth, page), (characters, page) of the largest dev pages."""
    elements, depth, size = (0, ""), (0, ""), (0, "")
    for page in load_pages(data):
        html = decode(page.html())
        parsed = parse_within_budget(html)
        if parsed.root is not None:
            count, levels = measure(parsed.root)
            elements = max(elements, (count, page.id))
            depth = max(depth, (levels, page.id))
        size = max(size, (len(html), page.id))
    return elements, depth, size


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = parser.parse_args(argv)
    elements, depth, size = dev_maxima(args.data)
    print(f"limits: {MAX_ELEMENTS:,} elements, depth {MAX_DEPTH}")
    print(
        f"dev pages' largest: {elements[0]:,} elements ({elements[1]}), depth {depth[0]} "
        f"({depth[1]}), {size[0]:,} characters ({size[1]})"
    )
    print("\n| page | MB | answer | wall s | CPU s |\n|---|---:|---|---:|---:|")
    for name, page in hostile_pages().items():
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            answer = f"{len(extract(page).text):,} characters"
        except InputError as error:
            answer = error.code
        print(
            f"| {name} | {len(page) / 1e6:.2f} | {answer} | {time.perf_counter() - wall:.2f} "
            f"| {time.process_time() - cpu:.2f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
