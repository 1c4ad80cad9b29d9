"""The cost budget of reading one HTML page, checked before the expensive extractors run.

The extractors' cost grows faster than linearly with a page's element count (trafilatura's,
readability-lxml's) and with its nesting depth (resiliparse's), so a page built for it (hundreds of
thousands of paragraphs, divs nested thousands deep) would hold a worker for minutes. Before any
of them runs, :func:`parse_within_budget` counts the page's tags with a scan that stops at the
limit, then parses it once with lxml (linear time, and the tree the metadata reader uses) and
measures its depth; a page over either limit is refused with ``too_complex``.

The limits sit well above every dev page (docs/benchmarks.md, "Extraction", "Budget": the largest
element count and depth there, and the time a page at the limits takes); libxml2, which
trafilatura and readability-lxml parse with, stops reading at 256 levels anyway; resiliparse's
cost grows with depth times size, which the two limits bound together.

Stage 2 (readability-lxml) is skipped on pages over :data:`STAGE2_MAX_ELEMENTS` elements or
:data:`STAGE2_MAX_CHARS` characters, where its cost is highest; both tests are on the page, not
on a clock, so a page's result never depends on the machine's load.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import lxml.etree
import lxml.html

from newsbrief.errors import ErrorCode, InputError

MAX_ELEMENTS = 20_000
MAX_DEPTH = 100
STAGE2_MAX_ELEMENTS = 15_000
STAGE2_MAX_CHARS = 2_000_000

# A tag's start: what becomes an element. Counting these over-counts (a "<b" in a script
# counts too), which errs on the side of refusing.
_TAG_START = re.compile(r"<[A-Za-z]")
# Counting every "<" is one pass in C, far cheaper than the scan above: at most the limit of
# them, and the page is within it; this many, and it is refused without the scan (a page would
# need three "<" of other kinds, closing tags, comments or script text, per element to be within
# the limit; docs/benchmarks.md, "Budget", gives the dev pages' highest share).
_SURELY_OVER = 4 * MAX_ELEMENTS


@dataclass(frozen=True, slots=True)
class Parsed:
    """A page within the budget: its lxml tree (None when lxml finds no document) and size."""

    root: lxml.etree._Element | None
    elements: int
    characters: int

    @property
    def stage2_affordable(self) -> bool:
        return self.elements <= STAGE2_MAX_ELEMENTS and self.characters <= STAGE2_MAX_CHARS


def _tag_starts(html: str) -> int:
    """The page's tag starts, counted up to one over the limit."""
    return sum(1 for _ in itertools.islice(_TAG_START.finditer(html), MAX_ELEMENTS + 1))


def parse_within_budget(html: str) -> Parsed:
    """The page parsed once, after its tags were counted.

    Raises ``too_complex`` when the page has more than :data:`MAX_ELEMENTS` tags or nests
    elements :data:`MAX_DEPTH` deep.
    """
    brackets = html.count("<")
    if brackets > _SURELY_OVER:
        raise InputError(
            f"the page has more HTML elements than newsbrief reads (over {_SURELY_OVER:,} '<')",
            code=ErrorCode.TOO_COMPLEX,
        )
    tags = brackets if brackets <= MAX_ELEMENTS else _tag_starts(html)
    if tags > MAX_ELEMENTS:
        raise InputError(
            f"the page has over {MAX_ELEMENTS:,} HTML elements, more than newsbrief reads",
            code=ErrorCode.TOO_COMPLEX,
        )
    try:
        # A parser per call: lxml parsers must not be shared between threads.
        parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True)
        root = lxml.html.document_fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return Parsed(None, _tag_starts(html), len(html))
    elements, deepest = measure(root)
    if deepest >= MAX_DEPTH:
        raise InputError(
            f"the page nests HTML elements {MAX_DEPTH} or more levels deep, more than "
            "newsbrief reads",
            code=ErrorCode.TOO_COMPLEX,
        )
    return Parsed(root, elements, len(html))


def measure(root: lxml.etree._Element) -> tuple[int, int]:
    """(elements, levels) of the tree (a lone root: 1 and 1); iterative, any depth."""
    elements = deepest = level = 0
    for event, _ in lxml.etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            elements += 1
            level += 1
            deepest = max(deepest, level)
        else:
            level -= 1
    return elements, deepest


__all__ = [
    "MAX_DEPTH",
    "MAX_ELEMENTS",
    "STAGE2_MAX_CHARS",
    "STAGE2_MAX_ELEMENTS",
    "Parsed",
    "measure",
    "parse_within_budget",
]
