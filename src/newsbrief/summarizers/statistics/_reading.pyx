# cython: language_level=3, boundscheck=True, wraparound=False, initializedcheck=True
"""Compiled reading of sentences: counts, content words, word trigrams.

The regular expressions of ``words.py`` and the definitions in ``reference.py`` define every
number this module gives (``tests/summarizers/statistics/test_compiled.py`` holds the two to each
other on the dev articles and on generated text). It walks each sentence's characters twice in C
instead of asking the regex engine five times per chunk, and looks known tokens up by their
characters without building a ``str``.

Character classes follow Python's ``re`` for ``str`` patterns: ``\\w`` is ``Py_UNICODE_ISALNUM``
or ``_``, and ``[^\\W_]`` is ``Py_UNICODE_ISALNUM``. Characters are read with ``PyUnicode_READ``
at indexes the loops keep inside ``[0, len(text))``.
"""

from cpython.object cimport PyObject
from cpython.ref cimport Py_INCREF, Py_XDECREF
from cpython.unicode cimport Py_UNICODE_ISALNUM, Py_UNICODE_TOLOWER
from libc.stdlib cimport calloc, free, malloc, realloc
from libc.string cimport memset


cdef extern from "Python.h":
    int PyUnicode_KIND(object text)
    void* PyUnicode_DATA(object text)
    Py_UCS4 PyUnicode_READ(int kind, void* data, Py_ssize_t index) nogil


# FNV-1a, for hashing tokens.
cdef unsigned long long _FNV_OFFSET = 14695981039346656037ULL
cdef unsigned long long _FNV_PRIME = 1099511628211ULL


cdef inline bint _alnum(Py_UCS4 c) noexcept:
    if c < 128:
        return (c >= 48 and c <= 57) or (c >= 65 and c <= 90) or (c >= 97 and c <= 122)
    return Py_UNICODE_ISALNUM(c)


cdef inline bint _word(Py_UCS4 c) noexcept:
    return c == 95 or _alnum(c)  # 95: "_"


cdef inline bint _upper(Py_UCS4 c) noexcept:
    return c >= 65 and c <= 90


cdef inline bint _lower(Py_UCS4 c) noexcept:
    return c >= 97 and c <= 122


cdef inline bint _apostrophe(Py_UCS4 c) noexcept:
    return c == 39 or c == 0x2019  # ' ’


cdef inline bint _quote(Py_UCS4 c) noexcept:
    # " “ ” ‘ ’ '
    return c == 34 or c == 39 or c == 0x201C or c == 0x201D or c == 0x2018 or c == 0x2019


cdef inline bint _opening_quote(Py_UCS4 c) noexcept:
    return c == 34 or c == 0x201C or c == 0x2018 or c == 39  # " “ ‘ '


cdef inline bint _quote_tail(Py_UCS4 c) noexcept:
    return c == 34 or c == 0x201D or c == 0x2019 or c == 39 or c == 32  # " ” ’ ' space


cdef inline bint _terminal(Py_UCS4 c) noexcept:
    # . ! ? " ” ’ ' )
    return (
        c == 46 or c == 33 or c == 63 or c == 34 or c == 0x201D or c == 0x2019 or c == 39
        or c == 41
    )


cdef bint _is_first_person(int kind, void* data, Py_ssize_t start, Py_ssize_t end) noexcept:
    """Whether the word run ``[start, end)`` is one of I, we, my, our, me, us."""
    cdef Py_ssize_t size = end - start
    cdef Py_UCS4 a, b
    if size == 1:
        return PyUnicode_READ(kind, data, start) == 73  # I
    if size == 2:
        a = PyUnicode_READ(kind, data, start)
        b = PyUnicode_READ(kind, data, start + 1)
        return (
            (a == 119 and b == 101)  # we
            or (a == 109 and (b == 121 or b == 101))  # my, me
            or (a == 117 and b == 115)  # us
        )
    if size == 3:
        return (
            PyUnicode_READ(kind, data, start) == 111  # o
            and PyUnicode_READ(kind, data, start + 1) == 117  # u
            and PyUnicode_READ(kind, data, start + 2) == 114  # r
        )
    return False


cdef void count_sentence(str text, double[:, ::1] out, Py_ssize_t row):
    """Counts of one sentence, in one walk over its word runs (maximal runs of ``\\w``):

    * words: matches of ``\\w+(?:[-'’]\\w+)*``; a run continues the previous match when a
      hyphen or apostrophe joins it to the run before;
    * capitalised: ``\\b[A-Z][a-z]+`` can only start a run; the sentence's first is not counted;
    * first person: ``\\b(?:I|I'm|I’m|we|my|our|me|us)\\b`` matches exactly the runs spelled so;
    * quote marks are never word characters, so they are counted between runs.
    """
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), i = 0, start
    cdef Py_UCS4 c, joiner
    cdef double words = 0, quotes = 0, capitalised = 0, first_person = 0
    while i < n:
        c = PyUnicode_READ(kind, data, i)
        if not _word(c):
            if _quote(c):
                quotes += 1
            i += 1
            continue
        start = i
        if start >= 2:
            joiner = PyUnicode_READ(kind, data, start - 1)
            if not (
                (joiner == 45 or _apostrophe(joiner))  # 45: "-"
                and _word(PyUnicode_READ(kind, data, start - 2))
            ):
                words += 1
        else:
            words += 1
        if start > 0 and _upper(c) and start + 1 < n and _lower(PyUnicode_READ(kind, data, start + 1)):
            capitalised += 1
        i += 1
        while i < n and _word(PyUnicode_READ(kind, data, i)):
            i += 1
        if i - start <= 3 and _is_first_person(kind, data, start, i):
            first_person += 1
    out[WORDS, row] = words
    out[QUOTES, row] = quotes
    out[CAPITALISED, row] = capitalised
    out[FIRST_PERSON, row] = first_person
    # The sentence's shape: opening quote, final question mark, final punctuation.
    out[OPENS_QUOTE, row] = n > 0 and _opening_quote(PyUnicode_READ(kind, data, 0))
    i = n
    while i > 0 and _quote_tail(PyUnicode_READ(kind, data, i - 1)):
        i -= 1
    out[QUESTION, row] = i > 0 and PyUnicode_READ(kind, data, i - 1) == 63  # ?
    out[UNTERMINATED, row] = not (n > 0 and _terminal(PyUnicode_READ(kind, data, n - 1)))


cdef int _push(Tokens* tokens, Py_ssize_t column, Py_ssize_t row) except -1:
    cdef Py_ssize_t capacity
    cdef Py_ssize_t* grown
    if tokens.size == tokens.capacity:
        capacity = max(256, 2 * tokens.capacity)
        grown = <Py_ssize_t*>realloc(tokens.columns, capacity * sizeof(Py_ssize_t))
        if grown == NULL:
            raise MemoryError()
        tokens.columns = grown
        grown = <Py_ssize_t*>realloc(tokens.rows, capacity * sizeof(Py_ssize_t))
        if grown == NULL:
            raise MemoryError()
        tokens.rows = grown
        tokens.capacity = capacity
    tokens.columns[tokens.size] = column
    tokens.rows[tokens.size] = row
    tokens.size += 1
    return 0


cdef class TokenMemo:
    """Token -> content word, for every token read so far: an open-addressing hash table over
    the token's characters, so a known token is looked up without building a ``str``.

    Bounded: it holds at most ``limit`` tokens of at most ``longest`` characters, and empties
    itself when full (longer tokens are read but never kept). It only ever answers what
    ``content_word`` answered, so results never depend on what was read before.
    """

    def __cinit__(self, object content_word, Py_ssize_t limit, Py_ssize_t longest):
        cdef Py_ssize_t capacity = 16
        if limit < 1 or longest < 1:
            raise ValueError("limit and longest must be positive")
        while capacity < 2 * limit:
            capacity *= 2
        self.slots = <_Entry*>calloc(capacity, sizeof(_Entry))
        self.keys_capacity = 1024
        self.keys = <Py_UCS4*>malloc(self.keys_capacity * sizeof(Py_UCS4))
        if self.slots == NULL or self.keys == NULL:
            raise MemoryError()
        self.mask = capacity - 1
        self.limit = limit
        self.longest = longest
        self.content_word = content_word

    def __dealloc__(self):
        if self.slots != NULL:
            self._release()
            free(self.slots)
        free(self.keys)

    def __len__(self):
        return self.count

    def clear(self):
        """Forget every token."""
        self._release()
        memset(self.slots, 0, (self.mask + 1) * sizeof(_Entry))
        self.count = 0
        self.keys_used = 0

    cdef void _release(self) noexcept:
        cdef Py_ssize_t k
        for k in range(self.mask + 1):
            if self.slots[k].hash != 0:
                Py_XDECREF(self.slots[k].word)
                self.slots[k].word = NULL

    cdef object word_of(self, str text, int kind, void* data, Py_ssize_t start, Py_ssize_t end):
        """The content word of ``text[start:end]`` (None for a stop word or a number)."""
        cdef unsigned long long h = _FNV_OFFSET
        cdef Py_ssize_t k, length = end - start, slot
        cdef _Entry* entry
        for k in range(start, end):
            h = (h ^ <unsigned long long>PyUnicode_READ(kind, data, k)) * _FNV_PRIME
        h |= 1  # never 0, which marks an empty slot
        slot = <Py_ssize_t>(h & <unsigned long long>self.mask)
        while self.slots[slot].hash != 0:
            entry = &self.slots[slot]
            if entry.hash == h and entry.length == length and self._same(entry, kind, data, start):
                return <object>entry.word if entry.word != NULL else None
            slot = (slot + 1) & self.mask
        word = self.content_word(text[start:end]) or None
        if length <= self.longest:
            if self.count >= self.limit:
                self.clear()
                slot = <Py_ssize_t>(h & <unsigned long long>self.mask)
            self._keep(slot, h, kind, data, start, length, word)
        return word

    cdef bint _same(self, _Entry* entry, int kind, void* data, Py_ssize_t start) noexcept:
        cdef Py_ssize_t k
        for k in range(entry.length):
            if self.keys[entry.start + k] != PyUnicode_READ(kind, data, start + k):
                return False
        return True

    cdef int _keep(
        self, Py_ssize_t slot, unsigned long long h, int kind, void* data, Py_ssize_t start,
        Py_ssize_t length, object word,
    ) except -1:
        cdef Py_ssize_t k, capacity
        cdef Py_UCS4* grown
        if self.keys_used + length > self.keys_capacity:
            capacity = max(2 * self.keys_capacity, self.keys_used + length)
            grown = <Py_UCS4*>realloc(self.keys, capacity * sizeof(Py_UCS4))
            if grown == NULL:
                raise MemoryError()
            self.keys = grown
            self.keys_capacity = capacity
        for k in range(length):
            self.keys[self.keys_used + k] = PyUnicode_READ(kind, data, start + k)
        while self.slots[slot].hash != 0:  # the slot the lookup stopped at, or after a clear
            slot = (slot + 1) & self.mask
        self.slots[slot].hash = h
        self.slots[slot].start = self.keys_used
        self.slots[slot].length = length
        if word is not None:
            Py_INCREF(word)
            self.slots[slot].word = <PyObject*>word
        else:
            self.slots[slot].word = NULL
        self.keys_used += length
        self.count += 1
        return 0


cdef int read_words(
    str text,
    Py_ssize_t row,
    TokenMemo memo,
    dict vocabulary,
    Tokens* tokens,
) except -1:
    """Content words of one sentence: tokens ``[^\\W_]+(?:['’][^\\W_]+)?``, each mapped to
    its content word through ``memo``."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), i = 0, start
    cdef object word, column
    while i < n:
        if not _alnum(PyUnicode_READ(kind, data, i)):
            i += 1
            continue
        start = i
        while i < n and _alnum(PyUnicode_READ(kind, data, i)):
            i += 1
        if (
            i + 1 < n
            and _apostrophe(PyUnicode_READ(kind, data, i))
            and _alnum(PyUnicode_READ(kind, data, i + 1))
        ):
            i += 1
            while i < n and _alnum(PyUnicode_READ(kind, data, i)):
                i += 1
        word = memo.word_of(text, kind, data, start, i)
        if word is not None:
            column = vocabulary.get(word)
            if column is None:
                column = len(vocabulary)
                vocabulary[word] = column
            _push(tokens, column, row)
    return 0


def trigram_keys(str text):
    """Word trigrams of ``text`` as 64-bit keys, or None when it has fewer than three words.

    Words are the runs of ``\\w`` (as ``re`` defines it), lowercased character by character
    (Unicode's simple case mapping), each hashed with FNV-1a; a trigram's key mixes its three
    hashes in order. Two different trigrams share a key with odds of about one in 2**64, so
    comparing key sets is comparing trigram sets.
    """
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n = len(text), i = 0, count = 0
    cdef Py_UCS4 c
    cdef unsigned long long h, first = 0, second = 0, key, code
    cdef set keys = set()
    while i < n:
        c = PyUnicode_READ(kind, data, i)
        if not _word(c):
            i += 1
            continue
        h = _FNV_OFFSET
        while True:
            if c < 128:
                code = <unsigned long long>c
                if 65 <= code <= 90:
                    code += 32
            else:
                code = <unsigned long long>Py_UNICODE_TOLOWER(c)
            h = (h ^ code) * _FNV_PRIME
            i += 1
            if i >= n:
                break
            c = PyUnicode_READ(kind, data, i)
            if not _word(c):
                break
        count += 1
        if count >= 3:
            key = (first * _FNV_PRIME) ^ 0x9E3779B97F4A7C15ULL
            key = ((key ^ second) * _FNV_PRIME) ^ 0xC2B2AE3D27D4EB4FULL
            key = (key ^ h) * _FNV_PRIME
            keys.add(key)
        first = second
        second = h
    return keys if count >= 3 else None
