"""The chosen extractor's text, cleaned: what all extractors keep but is not the story.

Line rules (:func:`clean_body`), on the text alone: site chrome (:mod:`.chrome`) and a first line
repeating the headline. Page rules (:func:`drop_page_boilerplate`), which read the page's tree:

* lines inside an ``<article>`` nested in another ``<article>``: HTML's markup for comments and
  related posts, unless the text starts there (then the inner article is the story);
* a closing run of lines that are each a whole link's text: a list of related stories;
* a credit or contact line near the end ("Reporting by ...; Editing by ...", "Email the author
  at ...", "Follow AP's coverage at ...").

Measured on every dev set (docs/benchmarks.md, "Extraction"): together they raise the
scrapinghub pages' F1 and leave the other sets' as they were. A rule never removes every line.
"""

from __future__ import annotations

import re

import lxml.etree

from newsbrief.reading.chrome import is_chrome
from newsbrief.reading.html_text import element_text

# Credits and contact lines sit at the very end; a sentence of the story that happens to start
# the same way sits anywhere, so only the last few lines are looked at, and only short ones.
_TAIL_LINES = 3
_TAIL_MAX_WORDS = 40
_CREDIT = re.compile(r"\(?(?:additional )?reporting by\b|\(?(?:writing|editing) by\b", re.I)
_CONTACT = re.compile(
    r"(?:e-?mail|contact|follow|reach) [^.!?]{0,60}?(?: at | on twitter| on facebook|@)", re.I
)
_LINK_RUN = 2
_BULLET = "- "


def clean_body(text: str, title: str | None) -> list[str]:
    """An extractor's one-line-per-block text as paragraphs, without chrome lines and without
    a first line repeating the headline (unless it is the only line)."""
    lines = (line.strip() for line in text.split("\n"))
    paragraphs = [line for line in lines if line and not is_chrome(line)]
    headline = " ".join(title.split()).casefold() if title else None
    if headline and len(paragraphs) > 1 and paragraphs[0].casefold() == headline:
        paragraphs = paragraphs[1:]
    return paragraphs


def drop_page_boilerplate(paragraphs: list[str], root: lxml.etree._Element) -> list[str]:
    """``paragraphs`` without the page rules' boilerplate (see the module's docstring)."""
    kept = _without_nested_articles(paragraphs, root)
    kept = _without_closing_links(kept, root)
    kept = _without_tail_credits(kept)
    return kept or paragraphs


def _key(line: str) -> str:
    line = line.strip()
    line = line.removeprefix(_BULLET)
    return " ".join(line.split()).casefold()


def _without_nested_articles(paragraphs: list[str], root: lxml.etree._Element) -> list[str]:
    inner: set[str] = set()
    for article in root.iter("article"):
        if any(parent.tag == "article" for parent in article.iterancestors()):
            inner.update(_key(line) for line in element_text(article).split("\n"))
    if not inner or not paragraphs or _key(paragraphs[0]) in inner:
        return paragraphs
    return [p for p in paragraphs if _key(p) not in inner]


def _without_closing_links(paragraphs: list[str], root: lxml.etree._Element) -> list[str]:
    links = {_key("".join(str(part) for part in anchor.itertext())) for anchor in root.iter("a")}
    end = len(paragraphs)
    while end > 0 and _key(paragraphs[end - 1]) in links:
        end -= 1
    if len(paragraphs) - end >= _LINK_RUN and end > 0:
        return paragraphs[:end]
    return paragraphs


def _without_tail_credits(paragraphs: list[str]) -> list[str]:
    tail_start = max(1, len(paragraphs) - _TAIL_LINES)
    return [
        p
        for i, p in enumerate(paragraphs)
        if i < tail_start
        or len(p.split()) > _TAIL_MAX_WORDS
        or not (_CREDIT.match(p) or _CONTACT.match(p))
    ]


__all__ = ["clean_body", "drop_page_boilerplate"]
