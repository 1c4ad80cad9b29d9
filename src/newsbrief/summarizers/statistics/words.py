"""Words of sentences as the scorers see them: content words and a few counts per sentence.

English stop words are dropped because they dominate short news sentences; other languages rely
on idf alone (:mod:`newsbrief.summarizers.statistics.terms`).

Text is read one whitespace-separated chunk at a time through a memo: no pattern here matches
across whitespace, so a sentence's words and counts are those of its chunks, and chunks repeat
far more than sentences ("said,", "the", "Mr"). Most of a new article's chunks are already known
to a process that has read a few hundred articles.
"""

from __future__ import annotations

import functools
import itertools
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from newsbrief.models import count_words
from newsbrief.reading.stopwords import FUNCTION_WORDS, NEWS_FILLER_WORDS
from newsbrief.summarizers.statistics.arrays import Indexes, Matrix

_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")

STOP_WORDS = FUNCTION_WORDS | NEWS_FILLER_WORDS


@functools.lru_cache(maxsize=1 << 15)
def _content_word(token: str) -> str | None:
    """The word a token counts as, or None for stop words and bare numbers.

    Pure, so memoised for the process: news vocabulary repeats from one article to the next.
    """
    word = token.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    # A light plural fold ("officials" ~ "official") helps overlap counts; full stemming costs
    # more than it gains here.
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return None if word in STOP_WORDS or word.isdigit() else word


# Sentence signals counted chunk by chunk.
_QUOTES = "\"“”‘’'"
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|we|my|our|me|us)\b")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+")
# A chunk's counts share one int64, ten bits each, so a document's counts are one array. They
# saturate at 1,023, which only a chunk of that many words without a space reaches (not news);
# such a chunk also keeps only its first 1,023 content words, so the content count stays exact.
_FIELD_BITS = 10
_FIELD_MASK = (1 << _FIELD_BITS) - 1
_FIELDS = ("words", "quote_marks", "capitalised", "first_person", "content", "opens_capitalised")
_SHIFTS = np.arange(len(_FIELDS), dtype=np.int64) * _FIELD_BITS
_WORDS, _QUOTE_MARKS, _CAPITALS, _FIRST_PERSONS, _CONTENT, _OPENS_CAPITALISED = range(len(_FIELDS))
_WORDS_OF = operator.itemgetter(0)
_COUNTS_OF = operator.itemgetter(1)


def _packed(
    words: int, quotes: int, capitalised: int, first_person: int, content: int, opens: bool
) -> int:
    """The counts of :data:`_FIELDS` in one integer, each saturated at :data:`_FIELD_MASK`."""
    m = _FIELD_MASK
    return (
        min(words, m)
        | min(quotes, m) << _FIELD_BITS
        | min(capitalised, m) << 2 * _FIELD_BITS
        | min(first_person, m) << 3 * _FIELD_BITS
        | min(content, m) << 4 * _FIELD_BITS
        | opens << 5 * _FIELD_BITS
    )


Chunk = tuple[tuple[str, ...], int]
_FIRST_PERSON_WORDS = frozenset({"I", "we", "my", "our", "me", "us"})
_ASCII_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ASCII_LOWER = frozenset("abcdefghijklmnopqrstuvwxyz")
_TRAILING_MARKS = frozenset(",.;:!?")


def _read_chunk(chunk: str) -> Chunk:
    """One whitespace-separated chunk's content words and its packed counts (:data:`_FIELDS`)."""
    return _read_word(core) if (core := _word_core(chunk)) else _read_any(chunk)


def _word_core(chunk: str) -> str | None:
    """The letters of a chunk that is one word, bare or followed by one mark ("said,")."""
    core = chunk[:-1] if chunk[-1:] in _TRAILING_MARKS else chunk
    return core if core.isalpha() else None


def _read_any(chunk: str) -> Chunk:
    """:func:`_read_chunk` by the patterns themselves."""
    words = tuple(filter(None, map(_content_word, _TOKEN.findall(chunk))))[:_FIELD_MASK]
    capitalised = _CAPITALISED.findall(chunk)
    counts = _packed(
        count_words(chunk),
        sum(map(chunk.count, _QUOTES)),
        len(capitalised),
        len(_FIRST_PERSON.findall(chunk)),
        len(words),
        bool(capitalised) and _CAPITALISED.match(chunk) is not None,
    )
    return words, counts


def _read_word(word: str) -> Chunk:
    """:func:`_read_chunk` of a word made of letters only: one word, no quotes, and the
    patterns reduce to set lookups (checked equal to the general path in the tests)."""
    content = _content_word(word)
    capitalised = len(word) > 1 and word[0] in _ASCII_UPPER and word[1] in _ASCII_LOWER
    counts = _packed(
        1, 0, capitalised, word in _FIRST_PERSON_WORDS, content is not None, capitalised
    )
    return ((content,) if content is not None else ()), counts


class _ChunkMemo:
    """Chunks already read, in a plain dict emptied when it fills up.

    An ``lru_cache`` hit costs far more than a dict lookup (it reorders its list on every hit,
    docs/benchmarks.md), and chunk lookups are the bulk of reading a document; a full memo
    refills within a few articles. It only ever returns what :func:`_read_chunk` would, so
    results never depend on what was read before.
    """

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._records: dict[str, Chunk] = {}

    def read(self, chunks: Iterable[str]) -> list[Chunk]:
        get = self._records.get
        return [get(chunk) or self._add(chunk) for chunk in chunks]

    def _add(self, chunk: str) -> Chunk:
        record = _read_chunk(chunk)
        # Long chunks (URLs, a text without spaces) rarely come back, and holding a megabyte
        # key per request would let hostile input fill the memory.
        if len(chunk) <= LONGEST_MEMOISED:
            if len(self._records) >= self._limit:
                self._records.clear()
            self._records[chunk] = record
        return record


LONGEST_MEMOISED = 64
MEMO_LIMIT = 1 << 16
_MEMO = _ChunkMemo(limit=MEMO_LIMIT)
# For the compiled reader (``_reading.pyx``), which memoises tokens, not chunks, within the
# same bounds.
content_word = _content_word


def content_words(text: str) -> list[str]:
    """Lowercased, lightly normalised tokens of ``text`` without stop words or bare numbers."""
    return list(itertools.chain.from_iterable(map(_WORDS_OF, _MEMO.read(text.split()))))


@dataclass(frozen=True, slots=True)
class Profiles:
    """The content words and counts of a document's sentences (arrays: one value per sentence)."""

    content: list[str]  # every sentence's content words, sentence after sentence
    rows: Indexes  # the sentence of each content word
    words: Matrix  # as :func:`newsbrief.models.count_words` counts them
    quote_marks: Matrix
    capitalised: Matrix  # capitalised words after the sentence's first word
    first_person: Matrix  # first-person words (I, we, my, ...)


def profiles(texts: Sequence[str]) -> Profiles:
    """Content words and counts of every sentence of a document, in one pass over its chunks.

    Sentences come stripped from segmentation: none is blank, so each has a first chunk.
    """
    n = len(texts)
    splits = list(map(str.split, texts))
    chunk_counts = np.fromiter(map(len, splits), dtype=np.intp, count=n)
    chunks = _MEMO.read(itertools.chain.from_iterable(splits))
    packed = np.fromiter(map(_COUNTS_OF, chunks), dtype=np.int64, count=len(chunks))
    fields = (packed[:, None] >> _SHIFTS) & _FIELD_MASK
    running = np.zeros((len(chunks) + 1, len(_FIELDS)), dtype=np.int64)
    np.cumsum(fields, axis=0, out=running[1:])
    ends = np.cumsum(chunk_counts)
    starts = ends - chunk_counts
    totals = (running[ends] - running[starts]).astype(np.float64)
    opening = fields[starts, _OPENS_CAPITALISED] if chunks else np.zeros(n)
    chunk_rows = np.repeat(np.arange(n, dtype=np.intp), chunk_counts)
    return Profiles(
        list(itertools.chain.from_iterable(map(_WORDS_OF, chunks))),
        np.repeat(chunk_rows, fields[:, _CONTENT]),
        totals[:, _WORDS],
        totals[:, _QUOTE_MARKS],
        totals[:, _CAPITALS] - opening,
        totals[:, _FIRST_PERSONS],
    )
