"""Is this text an HTML page? Answered in time linear in the sample, whatever it holds.

A document starts, after whitespace and comments, with a doctype or a document tag; a fragment
has a few recognisable tags. The start is read by a scanner rather than a regex: a pattern that
repeats comments of any length (``(?:<!--.*?-->\\s*)*``) can cut a run of comment pairs in
exponentially many ways before it fails, and pages that open with many comments exist.
"""

from __future__ import annotations

import re

SAMPLE = 65536

_DOCUMENT_TAGS = ("html", "head", "body", "meta", "title", "?xml")
# Bounded attributes and no nested repetition: each match is found in linear time.
_HTML_TAG = re.compile(
    r"<(/?)(?:html|head|body|div|p|span|a|article|section|main|header|footer|nav|h[1-6]|br|img"
    r"|ul|ol|li|table|tr|td|script|style|meta|link|title|strong|em|b|i|figure|blockquote|iframe"
    r"|form|input|button|noscript|svg)\b[^<>]{0,2000}>",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    """True for an HTML document or fragment; a plain text that mentions a tag stays text."""
    head = text[:SAMPLE]
    if starts_like_html(head):
        return True
    tags = _HTML_TAG.findall(head)
    return len(tags) >= 3 or (len(tags) == 2 and any(closing for closing in tags))


def starts_like_html(text: str) -> bool:
    """True when ``text`` opens, after whitespace and comments, with a doctype or document tag.

    Each comment ends at its first ``-->``, as in HTML; every character is read a bounded number
    of times.
    """
    head = text[:SAMPLE]
    index = _skip_space(head, 0)
    while head.startswith("<!--", index):
        close = head.find("-->", index + 4)
        if close < 0:
            return False
        index = _skip_space(head, close + 3)
    return _document_tag_at(head, index)


def _skip_space(text: str, index: int) -> int:
    end = len(text)
    while index < end and text[index].isspace():
        index += 1
    return index


def _ends_word(text: str, index: int) -> bool:
    """A word boundary at ``index`` (as the regex ``\\b`` after a word character)."""
    return index >= len(text) or not (text[index].isalnum() or text[index] == "_")


def _document_tag_at(text: str, index: int) -> bool:
    if not text.startswith("<", index):
        return False
    window = text[index + 1 : index + 16].lower()
    for name in _DOCUMENT_TAGS:
        if window.startswith(name):
            after = index + 1 + len(name)
            # "?xml" ends in a word character too, so every name needs the boundary.
            return _ends_word(text, after)
    if window.startswith("!doctype"):
        start = index + len("<!doctype")
        after = _skip_space(text, start)
        return (
            after > start
            and text[after : after + 4].lower() == "html"
            and _ends_word(text, after + 4)
        )
    return False


__all__ = ["SAMPLE", "looks_like_html", "starts_like_html"]
