"""Split an article's text into sentences with character offsets into that text.

nupunkt (a Punkt model shipped in its wheel, no download) finds the bulk of the boundaries; it was
picked over blingfire by measurement on the dev articles (docs/benchmarks.md, "Segmentation"): it
is no slower on text it has not seen before, and it keeps '"Really?" she asked.' whole. Both miss
boundaries after a lowercase word when the next sentence opens with an abbreviation ("2.5 per
cent. Dr. Jones") and after "p.m." ("5 p.m. Officials"), so a rule pass re-splits those.
Paragraphs are split first, so a headline line or a "No time to read?" line never fuses with the
sentence below it.

nupunkt's cost is per candidate sentence end, so the ends it always takes (a plain word, a
period, a capitalised word: most ends in news) are cut first and nupunkt only reads the
stretches in between that still hold an undecided end (:func:`_plain_end`). The spans are the
same as one nupunkt call per paragraph, checked on every dev text and on generated text by
``tests/reading/test_segmentation_fast_path.py``.

Tried and not taken: deciding the clear cases by rule and asking nupunkt only after acronyms,
initials and abbreviations is faster still and splits better by reading (nupunkt merges "... in
Utah. Monsour Alshammari, 27, ..."), but it moved Newsroom's cross-validated ROUGE-2 of the
``news`` method below Lead-3's, so it waits for a larger evaluation set.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

import nupunkt

from newsbrief.models import Sentence

# The fast path around nupunkt (:func:`_plain_end`).
_SENTENCE_ENDS = ".!?…"
_PLAIN_CLOSERS = frozenset("\"'”’)")
# The next word (its Punkt type is what a collocation pairs with the word before the mark).
_PLAIN_NEXT = re.compile(r"[\"“‘'(]?(?:([A-Z][\w'’-]*)|[0-9]+\b)")
_ENUMERATOR = re.compile(r"[ \t]*\(?(?:\d{1,3}|[A-Za-z]|[ivxlcIVXLC]{1,6})\)?\.")
_ASCII_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_WORD_JOINERS = frozenset("_-")  # not apostrophes: Punkt splits "I’m" into two words
_BEFORE_WORD = frozenset(' \t\n\r\f\v("“‘')
_BLOCK_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_TERMINAL = tuple('.!?:;"”’)]…')
_SHORT_LINE = 60

# A boundary candidate: terminal punctuation, optional closing quote/bracket, space (group 1, the
# cut), then an opening quote or an uppercase letter or digit (group 2). It leads with a character
# class (not a lookbehind) so the regex engine can skip ahead to the next mark.
_CANDIDATE = re.compile(r"[.!?]([\"'”’)\]]*\s+)(?=([\"“‘'(\[]?[A-Z0-9]))")
_PREV_WORD = re.compile(r"([\w.&-]+)[.!?][\"'”’)\]]*$")
_FOLLOWING_WORD = re.compile(r"[\"“‘'(\[]?(\w+)")

# A caption glued to the next sentence: a lowercase word or number, a space, then a word that
# typically opens a sentence followed by a lowercase word, or an opening quote and a capital.
_GLUE_OPENERS = (
    "The A An He She It They His Her Its Their This These Those We In On At After Before When "
    "While If Many Some Most Both All There But However Meanwhile Despite During Since Although "
    "Speaking According Earlier Later Police Officials"
).split()
_OPENERS_BY_LETTER: dict[str, list[str]] = {}
for _opener in _GLUE_OPENERS:
    _OPENERS_BY_LETTER.setdefault(_opener[0], []).append(_opener[1:])
# The match starts at the opener's first letter (a character class the engine can scan for, not
# a lookbehind it must try at every position) and a lookbehind per first letter picks the rest
# of the word, far cheaper than the plain pattern. The space run is measured afterwards.
_GLUE = re.compile(
    "["
    + "".join(sorted(_OPENERS_BY_LETTER))
    + r"“‘\"](?<=[ \t].)(?:(?<=[“‘\"])[A-Z]|(?:"
    + "|".join(
        f"(?<={letter})(?:{'|'.join(sorted(rests, key=len, reverse=True))})"
        for letter, rests in sorted(_OPENERS_BY_LETTER.items())
    )
    + r")[ \t]+[a-z])"
)
_GLUE_BEFORE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789%")
# Chinese and Japanese end sentences with full-width marks and no space after them.
_CJK_MARKS = "。！？"
_CJK_END = re.compile(f"[{_CJK_MARKS}][」』”’）]*")
_LAST_WORD = re.compile(r"\w+$")
_LOOKBACK = 80
# A capitalised word after these is the rest of the same sentence: "told The Guardian", "of The
# Beatles", "the 'Big Society'", "said “We will".
_NO_BREAK_AFTER = frozenset(
    """a an the of in on at to for from by with and or but nor as than that which who whom whose
    is are was were be been being has have had do does did into onto upon about after before
    over under between among against without within via per said says say told tell telling
    saying called calling dubbed named titled labelled labeled branded nicknamed read reads
    wrote write writes writing added adds tweeted posted declared insisted explained claimed
    admitted stated announced asked replied warned urged shouted screamed sang song film book
    album show series magazine newspaper word words phrase slogan sign message headline
    caption""".split()
)
# Words after which a period does not end a sentence (titles, months, corporate suffixes).
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gov sen rep st gen col lt sgt capt cmdr adm maj pres supt insp det rev fr
    hon jr sr messrs mt ft ave blvd rd jan feb mar apr jun jul aug sep sept oct nov dec inc ltd
    co corp bros no nos vol vs v etc approx dept est fig univ assn""".split()
)
# After "a.m." / "p.m." a capitalised word still belongs to the sentence when it names a day,
# month or time zone ("5 p.m. Friday", "9 a.m. ET").
_TIME_CONTINUATIONS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december et est edt ct cst cdt mt mst mdt pt pst
    pdt gmt bst utc cet cest local""".split()
)


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Paragraph-like blocks as (start, end): blank lines always separate; a single line break
    does when the line above is complete (ends a sentence) or short (a headline, a label)."""
    start = 0
    for match in _BLOCK_BREAK.finditer(text):
        yield from _line_blocks(text, start, match.start())
        start = match.end()
    yield from _line_blocks(text, start, len(text))


def _line_blocks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The blocks of ``text[start:end]`` (no blank line inside), cut at each line break that
    follows a complete or a short line."""
    block_start = start
    pos = start
    while True:
        newline = text.find("\n", pos, end)
        if newline < 0:
            break
        line = text[pos:newline].rstrip()
        if line.endswith(_TERMINAL) or len(line) < _SHORT_LINE:
            yield block_start, newline
            block_start = newline + 1
        pos = newline + 1
    yield block_start, end


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_boundary(text: str, start: int, cut: int, resume: int) -> bool:
    """Whether the candidate boundary between ``cut`` and ``resume`` really ends the sentence
    that begins at ``start``."""
    # Only the word before the cut matters: searching a short tail keeps this linear.
    match = _PREV_WORD.search(text, max(start, cut - _LOOKBACK), cut)
    if match is None:
        return True
    word = match.group(1)
    lowered = word.lower().rstrip(".")
    if lowered in {"a.m", "p.m"}:
        following = _FOLLOWING_WORD.match(text, resume)
        return following is not None and following.group(1).lower() not in _TIME_CONTINUATIONS
    if "." in word or lowered in _ABBREVIATIONS:
        return False  # an acronym such as U.S. or an abbreviation: the base model already decided
    # A single letter is an initial ("John F. Kennedy"); a lowercase word or a number ends it.
    return len(word) > 1 and (word[0].islower() or word.isdigit())


class _Cuts:
    """Every place the rule pass may cut, found by one scan of the whole text per rule; each
    sentence of the base model then keeps the cuts that fall inside it. Scanning per sentence
    cost a regex call per rule per sentence, more than the base model itself."""

    def __init__(self, text: str) -> None:
        self.text = text
        # (cut, resume, first character the rule reads, end of what it reads, rule)
        found = [
            (m.start(1), m.end(1), m.start(), m.end(2), "candidate")
            for m in _CANDIDATE.finditer(text)
        ]
        found += self._glue(text)
        if any(mark in text for mark in _CJK_MARKS):
            found += [
                (m.end(), m.end(), m.start(), m.end() + 1, "cjk") for m in _CJK_END.finditer(text)
            ]
        found.sort()
        self._found = found
        self._next = 0
        # (mark, cut, resume) of every candidate end, for the base model's fast path
        self.candidates = [
            (first, cut, resume) for cut, resume, first, _, rule in found if rule == "candidate"
        ]

    @staticmethod
    def _glue(text: str) -> list[tuple[int, int, int, int, str]]:
        found = []
        for match in _GLUE.finditer(text):
            run = match.start()
            while run > 0 and text[run - 1] in " \t":
                run -= 1
            if run > 0 and text[run - 1] in _GLUE_BEFORE:
                found.append((run, match.start(), run - 1, match.end(), "glue"))
        return found

    def within(self, start: int, end: int) -> list[tuple[int, int]]:
        """The cuts strictly inside ``text[start:end]``; calls come in text order."""
        found = self._found
        while self._next < len(found) and found[self._next][0] < start:
            self._next += 1
        cuts = []
        index = self._next
        while index < len(found) and found[index][0] < end:
            cut, resume, first, last, rule = found[index]
            index += 1
            if first >= start and last <= end and self._keeps(rule, start, cut, resume):
                cuts.append((cut, resume))
        return cuts

    def _keeps(self, rule: str, start: int, cut: int, resume: int) -> bool:
        if rule == "candidate":
            return _is_boundary(self.text, start, cut, resume)
        if rule == "glue":
            # "Caption in Liverpool The ..." is a cut, "told The Guardian" is not.
            before = _LAST_WORD.search(self.text, max(start, cut - _LOOKBACK), cut)
            return before is not None and before.group(0).lower() not in _NO_BREAK_AFTER
        return True


def _refine(cuts: _Cuts, start: int, end: int) -> Iterator[tuple[int, int]]:
    last = start
    for cut, resume in cuts.within(start, end):
        yield last, cut
        last = resume
    yield last, end


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence of ``text``; no span is empty or starts/ends with space."""
    spans: list[tuple[int, int]] = []
    cuts = _Cuts(text)
    for block_start, block_end in _blocks(text):
        if not text[block_start:block_end].strip():
            continue
        for s, e in _base_spans(text, block_start, block_end, cuts.candidates):
            for rs, re_ in _refine(cuts, s, e):
                a, b = _strip(text, rs, re_)
                if a < b:
                    spans.append((a, b))
    return _merge_lowercase_starts(text, spans)


def _base_spans(
    text: str, start: int, end: int, candidates: list[tuple[int, int, int]]
) -> list[tuple[int, int]]:
    """nupunkt's sentence spans of ``text[start:end]``, contiguous, in text offsets.

    The boundaries nupunkt always takes (:func:`_plain_end`) are cut here and nupunkt reads
    only the text between them, where it has something to decide: its cost is per candidate
    end, and most ends in news are plain. Same spans as one nupunkt call on the whole block
    (checked on every dev text by ``tests/reading/test_segmentation_fast_path.py``).
    """
    spans: list[tuple[int, int]] = []
    piece = start
    for mark, cut, resume in candidates:
        if mark < piece or resume > end or not _plain_end(text, mark, cut, resume, start):
            continue
        spans += _decided(text, piece, mark, resume)
        piece = resume
    if piece < end:
        spans += [(piece + s, piece + e) for s, e in nupunkt.sent_spans(text[piece:end])]
    return spans


def _decided(text: str, start: int, mark: int, end: int) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]``, whose last sentence ends at ``mark`` (already decided):
    nupunkt only decides the ends before it, if there are any."""
    inner = text[start:mark]
    if not any(c in inner for c in _SENTENCE_ENDS):
        return [(start, end)]
    spans = [(start + s, start + e) for s, e in nupunkt.sent_spans(inner)]
    spans[-1] = (spans[-1][0], end)
    return spans


def _plain_end(text: str, mark: int, cut: int, resume: int, start: int) -> bool:
    """Whether the candidate end at ``text[mark]`` is one nupunkt takes whatever its model says:
    a plain word ends with the mark, at most one closing quote or bracket and spaces follow, then
    a word that opens with a capital or a digit, and the model knows no abbreviation or
    collocation that would keep the two together. Punkt breaks after such a word
    unconditionally; its heuristics only reconsider abbreviations, initials, numbers and
    collocations, and nupunkt's own only a lowercase word after "!" or "?"."""
    if not _plain_gap(text[cut:resume]):
        return False
    first = _word_start(text, mark, start)
    if not _plain_word(text, first, mark):
        return False
    next_type = _next_word_type(text, resume)
    return next_type is not None and _always_ends(text[first:mark].lower(), next_type)


def _plain_gap(gap: str) -> bool:
    """At most one closing quote or bracket after the mark, then spaces only."""
    body = gap.lstrip("\"'”’)]")
    closing = gap[: len(gap) - len(body)]
    return len(closing) <= 1 and (not closing or closing in _PLAIN_CLOSERS) and not body.strip(" ")


def _word_start(text: str, mark: int, start: int) -> int:
    """Where the word that ends at ``mark`` begins (not before ``start``)."""
    first = mark
    while first > start and (text[first - 1].isalnum() or text[first - 1] in _WORD_JOINERS):
        first -= 1
    return first


def _plain_word(text: str, first: int, mark: int) -> bool:
    """Two or more ASCII letters at both ends, after a space or an opening quote or bracket."""
    return (
        mark - first >= 2
        and text[first] in _ASCII_LETTERS
        and text[mark - 1] in _ASCII_LETTERS
        and (first == 0 or text[first - 1] in _BEFORE_WORD)
    )


def _next_word_type(text: str, resume: int) -> str | None:
    """The Punkt type of the word at ``resume`` (its lowercase form, or ``##number##``), or
    None when it opens with neither a capital nor a digit, or reads as a list number."""
    following = _PLAIN_NEXT.match(text, resume)
    if following is None or _ENUMERATOR.match(text, resume):
        return None  # nupunkt reads "1." at the start of a text as a list number
    return following.group(1).lower() if following.group(1) else "##number##"


def _always_ends(word: str, next_type: str) -> bool:
    """Whether Punkt's model ends the sentence after ``word`` followed by a ``next_type`` word."""
    if not word.strip("ivxlc"):
        return False  # a roman numeral could be a list number ("ii."), which nupunkt keeps
    abbreviations, collocations = _nupunkt_model()
    return word not in abbreviations and (word, next_type) not in collocations


@functools.cache
def _nupunkt_model() -> tuple[frozenset[str], frozenset[tuple[str, str]]]:
    """The default nupunkt model's abbreviations and collocations (loaded on first use)."""
    model = nupunkt.load("default")
    return frozenset(model.abbreviations), frozenset(model.parameters.collocations)


def _merge_lowercase_starts(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A piece that starts in lowercase continues the sentence before it, within one line."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and text[start].islower() and "\n" not in text[merged[-1][1] : start]:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text`` in order, each with its paragraph number."""
    spans = sentence_spans(text)
    sentences: list[Sentence] = []
    paragraph = 0
    previous_end = 0
    for index, (start, end) in enumerate(spans):
        if index and "\n" in text[previous_end:start]:
            paragraph += 1
        sentences.append(Sentence(text[start:end], start, end, index, paragraph))
        previous_end = end
    return sentences
