"""Where a word budget may cut a sentence: at a clause boundary, never inside a quotation.

When no whole sentence fits a reader's word ceiling, the summary shows the opening of one,
marked with an ellipsis by the renderer. It ends where a clause ends (before a comma, semicolon,
colon or dash) when such an end keeps a few words, at a word otherwise, and never where a
quotation is still open: a reader shown '“We will not' cannot tell where the quote would have
gone. Word-budget summaries also skip whole sentences whose own quotes do not balance (a quote
that runs over several sentences), so a summary made of balanced sentences is balanced.

Quotes counted: “ ”, « », ‘ ’ and straight double quotes nest and must close in order (a
straight quote closes the innermost quotation when that is straight, and opens one otherwise).
A ’ closes only an innermost ‘ and only when no letter or digit follows it: otherwise it is an
apostrophe ("don’t") or a plural's ("the students’ union"), and does not count.
"""

from __future__ import annotations

import re

from newsbrief.models import Sentence

_WORD = re.compile(r"\w+")
# A clause ends before these: a comma, semicolon or colon, an en or em dash, or a hyphen used as
# a dash ("word - word", "word--word"), not one inside a word ("well-known").
_CLAUSE_END = re.compile(r"\s*(?:[,;:–—]|-\s|--)")
# A clause cut is taken when it keeps at least this many words (or the whole budget, if smaller).
MIN_CLAUSE_WORDS = 3
_OPENERS = {"“": "”", "«": "»"}
_CLOSERS = {"”": "“", "»": "«"}


def open_quotes(text: str) -> bool:
    """Whether ``text`` leaves a quotation open or closes one it never opened (see the module
    docstring for which marks count)."""
    return not _balanced_ends(text, [len(text)])


def _balanced_ends(text: str, ends: list[int]) -> set[int]:
    """Those of ``ends`` (ascending offsets) where ``text[:end]`` leaves no quotation open: one
    pass over the text, whatever the number of ends."""
    stack: list[str] = []  # the open “, «, " and ‘ marks, innermost last
    balanced: set[int] = set()
    pending = iter(ends)
    upcoming = next(pending, None)
    for index, char in enumerate(text):
        while upcoming is not None and upcoming <= index:
            if not stack:
                balanced.add(upcoming)
            upcoming = next(pending, None)
        if upcoming is None:
            return balanced
        if char == '"' and stack and stack[-1] == '"':
            stack.pop()
        elif char in _OPENERS or char in '"‘':
            stack.append(char)
        elif char in _CLOSERS:
            if not stack or stack[-1] != _CLOSERS[char]:
                return balanced  # closed out of order, or never opened: no later end is clean
            stack.pop()
        elif char == "’" and stack and stack[-1] == "‘" and not _apostrophe(text, index):
            stack.pop()  # any other ’ is an apostrophe ("don’t") or a plural's ("students’")
    if upcoming is not None and not stack:
        balanced.add(upcoming)
    return balanced


def _apostrophe(text: str, index: int) -> bool:
    """A ’ followed by a letter or digit is an apostrophe ("don’t"), not a closing quote."""
    return index + 1 < len(text) and text[index + 1].isalnum()


def truncate(sentence: Sentence, words: int) -> Sentence | None:
    """The longest opening of ``sentence`` within ``words`` words that leaves no quotation open:
    ending at a clause boundary when one keeps :data:`MIN_CLAUSE_WORDS` words or more, at a
    word otherwise; None when every opening within the budget is inside a quotation. Offsets
    stay exact, so the span still points into the article."""
    text = sentence.text
    ends = [match.end() for match in _WORD.finditer(text)][:words]
    if not ends:
        return None
    end = _clause_end(text, ends, min(MIN_CLAUSE_WORDS, len(ends)))
    if end is None:
        end = _word_end(text, ends)
    if end is None:
        return None
    start = sentence.start
    return Sentence(text[:end], start, start + end, sentence.index, sentence.paragraph)


def _clause_end(text: str, ends: list[int], least: int) -> int | None:
    """The last word end (among ``ends``, from the ``least``-th on) that a clause mark follows
    and where no quotation is open."""
    marked = [end for end in ends[least - 1 :] if _CLAUSE_END.match(text, end)]
    balanced = _balanced_ends(text, marked)
    return max(balanced, default=None)


def _word_end(text: str, ends: list[int]) -> int | None:
    """The last word end among ``ends`` where no quotation is open; a closing quote right after
    the word is taken with it ('he said “no”' ends after the quote)."""
    candidates = set(ends)
    for end in ends:
        closed = end
        while closed < len(text) and text[closed] in '”»"’' and not _apostrophe(text, closed):
            closed += 1
        candidates.add(closed)
    return max(_balanced_ends(text, sorted(candidates)), default=None)


__all__ = ["MIN_CLAUSE_WORDS", "open_quotes", "truncate"]
