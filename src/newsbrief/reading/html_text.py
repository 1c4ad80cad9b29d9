"""An HTML tree (or an extractor's article markup) as plain text, one line per block element."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

_BLOCKS = frozenset(
    "address article aside blockquote body caption dd details div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section summary "
    "table tbody td tfoot th thead tr ul".split()
)
_SKIPPED = frozenset(("script", "style", "noscript", "template", "svg"))
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


def element_text(root: lxml.etree._Element) -> str:
    """Text of ``root``: block elements and ``<br>`` start new lines; scripts, styles and
    comments are dropped. Iterative, so deeply nested markup cannot exhaust the stack."""
    parts: list[str] = []
    skipping = 0
    for event, element in lxml.etree.iterwalk(root, events=("start", "end", "comment", "pi")):
        tag = _local_name(element)
        if tag is None:  # a comment or processing instruction: only its tail is text
            if not skipping and element.tail:
                parts.append(element.tail)
            continue
        skipped = tag in _SKIPPED
        if event == "start":
            if skipped:
                skipping += 1
            elif not skipping:
                if tag in _BLOCKS or tag == "br":
                    parts.append("\n")
                if element.text:
                    parts.append(element.text)
            continue
        if skipped:
            skipping -= 1
        elif not skipping and tag in _BLOCKS:
            parts.append("\n")
        if not skipping and element is not root and element.tail:
            parts.append(element.tail)
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def markup_text(markup: str) -> str:
    """Text of an HTML document or fragment ('' when it does not parse)."""
    if not markup.strip():
        return ""
    try:
        root = lxml.html.fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        return ""
    return element_text(root)


def _local_name(element: lxml.etree._Element) -> str | None:
    """The lowercased tag without a namespace; None for comments and processing instructions."""
    tag = element.tag
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1].lower()


__all__ = ["element_text", "markup_text"]
