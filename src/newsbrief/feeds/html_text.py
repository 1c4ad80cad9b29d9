"""A feed's HTML fragment as plain paragraphs, at a cost linear in its length.

Feeds carry fragments, not pages, so tags are dropped (block tags become paragraph breaks;
comments, scripts and styles go with their content) rather than parsed into a tree. No pattern can
run past the next ``<`` or ``>``, and the ends of hidden blocks are found by forward searches, so
neither a run of ``<`` without ``>`` nor an unclosed ``<script`` makes the work grow faster than
the text.
"""

from __future__ import annotations

import html
import re

_HIDDEN = re.compile(r"<!--|<(script|style)\b")
_BLOCK = re.compile(
    r"(?i)<(?:/?(?:p|div|h[1-6]|li|ul|ol|blockquote|pre|table|tr|section|article|header|footer"
    r"|figure|figcaption|dd|dt)|br|hr)(?:[\s/][^<>]*)?>"
)
_TAG = re.compile(r"<[/!?]?[A-Za-z][^<>]*>")


def html_to_text(fragment: str) -> str:
    """The text of an HTML fragment, paragraphs separated by a blank line."""
    text = _BLOCK.sub("\n\n", _drop_hidden(fragment))
    text = html.unescape(_TAG.sub(" ", text))
    paragraphs = (" ".join(part.split()) for part in text.split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _drop_hidden(fragment: str) -> str:
    """``fragment`` without its comments, scripts and styles (an unclosed one runs to the end)."""
    lower = fragment.lower()
    kept: list[str] = []
    pos = 0
    while (found := _HIDDEN.search(lower, pos)) is not None:
        kept.append(fragment[pos : found.start()])
        name = found.group(1)
        closer = lower.find(f"</{name}" if name else "-->", found.end())
        end = lower.find(">", closer) if closer >= 0 else -1
        if end < 0:
            return "".join(kept)
        kept.append(" ")
        pos = end + 1
    kept.append(fragment[pos:])
    return "".join(kept)


__all__ = ["html_to_text"]
