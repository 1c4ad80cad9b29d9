"""What the summary panel on an article page shows, given what the reader already sees there.

The panel opens under a button: the top one sits right above the article's opening paragraph,
the bottom one right below its closing paragraph. A summary sentence taken from that paragraph
would be printed twice within one screen, so the panel leaves it out and says where it is
instead. Lengths whose summary would be the whole article are not offered. Pure functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from newsbrief.web.summaries import LENGTHS, Length

Position = Literal["top", "bottom"]
# An article at most this long gets one summary button: the other would sit on the same screen.
ONE_BUTTON_WORDS = 60


@dataclass(frozen=True, slots=True)
class Shown:
    """The summary's sentences the panel prints, and how many it leaves to the paragraph on
    screen beside it (``where`` says which: "opening" below the top panel, "closing" above the
    bottom one)."""

    sentences: list[str]
    seen: int
    where: str


def paragraph_span(text: str, paragraph: str) -> tuple[int, int] | None:
    """Where a displayed paragraph sits in the article's text (None when it is not a verbatim
    part of it, and nothing is left out)."""
    start = text.find(paragraph) if paragraph else -1
    return (start, start + len(paragraph)) if start >= 0 else None


def shown(
    payload_sentences: Sequence[dict[str, Any]], span: tuple[int, int] | None, at: Position | None
) -> Shown:
    """The summary sentences to print when the panel is at ``at`` with the paragraph at
    ``span`` beside it; an abstractive sentence (offsets -1) is never on screen."""
    where = "opening" if at == "top" else "closing"
    if at is None or span is None:
        return Shown([str(s["text"]) for s in payload_sentences], 0, where)
    start, end = span
    kept = [s for s in payload_sentences if not (start <= int(s["start"]) and int(s["end"]) <= end)]
    return Shown([str(s["text"]) for s in kept], len(payload_sentences) - len(kept), where)


def offered_lengths(article_sentences: int, chosen: Length) -> list[Length]:
    """The lengths worth a button: those shorter than the article (a summary as long as the
    article is the article again), at least the shortest, and the one being shown."""
    offered = [length for length in LENGTHS.values() if length.count < article_sentences]
    if not offered:
        offered = [min(LENGTHS.values(), key=lambda length: length.count)]
    return offered if chosen in offered else [*offered, chosen]


def one_button(words: int) -> bool:
    return words <= ONE_BUTTON_WORDS


__all__ = ["ONE_BUTTON_WORDS", "Position", "Shown", "offered_lengths", "one_button", "shown"]
