# cython: language_level=3, boundscheck=True, wraparound=False, initializedcheck=True
"""Compiled sentence statistics for :mod:`newsbrief.summarizers.statistics`.

The numpy code in ``statistics.py`` (and the regular expressions of ``text.py``) define every
number this module returns; ``tests/test_reading_compiled.py`` holds the two to each other on the
dev articles and on generated text. This module walks each sentence's characters twice in C
instead of asking the regex engine five times per chunk, and works on the sparse word lists
instead of dense matrices: on a news article that is several times faster.

Character classes follow Python's ``re`` for ``str`` patterns: ``\\w`` is ``Py_UNICODE_ISALNUM``
or ``_``, and ``[^\\W_]`` is ``Py_UNICODE_ISALNUM``. Characters are read with ``PyUnicode_READ``
at indexes the loops keep inside ``[0, len(text))``.
"""

import numpy as np

from cpython.unicode cimport Py_UNICODE_ISALNUM, Py_UNICODE_TOLOWER
from libc.math cimport log, sqrt
from cpython.object cimport PyObject
from cpython.ref cimport Py_INCREF, Py_XDECREF
from libc.stdlib cimport calloc, free, malloc, qsort, realloc
from libc.string cimport memset


cdef extern from "Python.h":
    int PyUnicode_KIND(object text)
    void* PyUnicode_DATA(object text)
    Py_UCS4 PyUnicode_READ(int kind, void* data, Py_ssize_t index) nogil


STATISTICS = (
    "words",
    "quote_marks",
    "capitalised",
    "first_person",
    "content",
    "centroid",
    "word_frequency",
    "lead_overlap",
    "bigram_repeat",
    "opens_with_quote",
    "question",
    "unterminated",
    "pacsum_forward",
    "pacsum_backward",
    "lexrank",
)


# Rows of the statistics matrix, in the order of STATISTICS.
cdef enum:
    WORDS, QUOTES, CAPITALISED, FIRST_PERSON, CONTENT, CENTROID, FREQUENCY, LEAD, BIGRAM
    OPENS_QUOTE, QUESTION, UNTERMINATED, FORWARD, BACKWARD, LEXRANK

# FNV-1a, for hashing tokens.
cdef unsigned long long _FNV_OFFSET = 14695981039346656037ULL
cdef unsigned long long _FNV_PRIME = 1099511628211ULL

# LexRank: PageRank's damping, and the similarity below which two sentences are not linked.
cdef double DAMPING = 0.85
cdef double GRAPH_FLOOR = 0.1
# Up to this many sentences, LexRank's linear system is solved here; above, by LAPACK.
cdef Py_ssize_t SMALL_SYSTEM = 48


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


cdef void _count(str text, double[:, ::1] out, Py_ssize_t row):
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


cdef struct _Tokens:
    Py_ssize_t* columns  # vocabulary column of each content word, sentence after sentence
    Py_ssize_t* rows  # its sentence
    Py_ssize_t size
    Py_ssize_t capacity


cdef int _push(_Tokens* tokens, Py_ssize_t column, Py_ssize_t row) except -1:
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


cdef struct _Entry:
    unsigned long long hash  # 0: an empty slot
    Py_ssize_t start  # the token's characters: keys[start : start + length]
    Py_ssize_t length
    PyObject* word  # owned reference to the content word; NULL when the token has none


cdef class TokenMemo:
    """Token -> content word, for every token read so far: an open-addressing hash table over
    the token's characters, so a known token is looked up without building a ``str``.

    Bounded: it holds at most ``limit`` tokens of at most ``longest`` characters, and empties
    itself when full (longer tokens are read but never kept). It only ever answers what
    ``content_word`` answered, so results never depend on what was read before.
    """

    cdef _Entry* slots
    cdef Py_ssize_t mask
    cdef Py_ssize_t count
    cdef readonly Py_ssize_t limit
    cdef readonly Py_ssize_t longest
    cdef Py_UCS4* keys
    cdef Py_ssize_t keys_used
    cdef Py_ssize_t keys_capacity
    cdef object content_word

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


cdef int _read_words(
    str text,
    Py_ssize_t row,
    TokenMemo memo,
    dict vocabulary,
    _Tokens* tokens,
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


cdef struct _Pair:
    long long key  # the word pair; then the sentence, so a pair's sentences sort together
    Py_ssize_t row


cdef int _compare_pairs(const void* a, const void* b) noexcept nogil:
    cdef long long x = (<_Pair*>a).key, y = (<_Pair*>b).key
    cdef Py_ssize_t r = (<_Pair*>a).row, s = (<_Pair*>b).row
    if x != y:
        return -1 if x < y else 1
    if r != s:
        return -1 if r < s else 1
    return 0


cdef int _bigram_repeat(_Tokens* tokens, Py_ssize_t width, double[:, ::1] out) except -1:
    """Share of each sentence's word pairs (adjacent content words) that another sentence
    also holds."""
    cdef Py_ssize_t n = out.shape[1], t, pairs = 0, first, last, holders, r
    if tokens.size < 2:
        return 0
    cdef _Pair* found = <_Pair*>malloc((tokens.size - 1) * sizeof(_Pair))
    cdef double* totals = <double*>malloc(n * sizeof(double))
    try:
        if found == NULL or totals == NULL:
            raise MemoryError()
        for r in range(n):
            totals[r] = 0
        for t in range(1, tokens.size):
            if tokens.rows[t] == tokens.rows[t - 1]:
                found[pairs].key = <long long>tokens.columns[t - 1] * width + tokens.columns[t]
                found[pairs].row = tokens.rows[t]
                pairs += 1
        qsort(found, pairs, sizeof(_Pair), _compare_pairs)
        first = 0
        while first < pairs:
            last = first
            holders = 1
            while last + 1 < pairs and found[last + 1].key == found[first].key:
                last += 1
                if found[last].row != found[last - 1].row:
                    holders += 1
            for t in range(first, last + 1):
                r = found[t].row
                totals[r] += 1
                if holders > 1:
                    out[BIGRAM, r] += 1
            first = last + 1
        for r in range(n):
            out[BIGRAM, r] /= max(1.0, totals[r])
    finally:
        free(found)
        free(totals)
    return 0


def document_statistics(list texts, TokenMemo memo, Py_ssize_t lead_size):
    """Per-sentence statistics (rows named by :data:`STATISTICS`) and the tf-idf cosine
    similarity of every pair of sentences (zero diagonal).

    Term vectors are tf-idf over the document's own sentences, ``idf = ln((1 + n) / (1 + df))
    + 1``, each row scaled to unit length.
    """
    cdef Py_ssize_t n = len(texts), r, k, j, c, t, held = 0, lead, width
    cdef double value, norm, top
    cdef dict vocabulary = {}
    cdef _Tokens tokens
    tokens.columns = NULL
    tokens.rows = NULL
    tokens.size = 0
    tokens.capacity = 0
    stats = np.zeros((len(STATISTICS), n), dtype=np.float64)
    sims = np.zeros((n, n), dtype=np.float64)
    cdef double[:, ::1] out = stats
    cdef double[:, ::1] sim = sims
    cdef double[:, ::1] count, vector
    cdef double[::1] document_frequency, frequency, centroid, holders
    cdef Py_ssize_t[::1] nonzero, offsets
    try:
        for r in range(n):
            _count(texts[r], out, r)
            _read_words(texts[r], r, memo, vocabulary, &tokens)
        width = max(1, len(vocabulary))
        # Dense counts and vectors (as the numpy definition has them), plus each sentence's
        # distinct columns so every loop below runs over the words a sentence has.
        count = np.zeros((n, width), dtype=np.float64)
        vector = np.zeros((n, width), dtype=np.float64)
        per_word = np.zeros((4, width), dtype=np.float64)
        document_frequency = per_word[0]
        frequency = per_word[1]
        centroid = per_word[2]
        holders = per_word[3]
        nonzero = np.empty(max(1, tokens.size), dtype=np.intp)
        offsets = np.zeros(n + 1, dtype=np.intp)
        for t in range(tokens.size):
            r = tokens.rows[t]
            c = tokens.columns[t]
            if count[r, c] == 0:
                nonzero[held] = c
                held += 1
                document_frequency[c] += 1
            count[r, c] += 1
            frequency[c] += 1
            out[CONTENT, r] += 1
            offsets[r + 1] = held
        for r in range(1, n + 1):
            if offsets[r] < offsets[r - 1]:
                offsets[r] = offsets[r - 1]  # a sentence without content words
        # Unit tf-idf vectors.
        for r in range(n):
            norm = 0.0
            for j in range(offsets[r], offsets[r + 1]):
                c = nonzero[j]
                value = count[r, c] * (log((1.0 + n) / (1.0 + document_frequency[c])) + 1.0)
                vector[r, c] = value
                norm += value * value
            norm = sqrt(norm)
            if norm > 0:
                for j in range(offsets[r], offsets[r + 1]):
                    vector[r, nonzero[j]] /= norm
        # Cosine similarity of each pair, over the second sentence's words.
        for r in range(n):
            for k in range(r + 1, n):
                value = 0.0
                for j in range(offsets[k], offsets[k + 1]):
                    c = nonzero[j]
                    value += vector[r, c] * vector[k, c]
                sim[r, k] = value
                sim[k, r] = value
        _centroid(vector, nonzero, offsets, centroid, out)
        # Raw term frequency of the sentence's words (SumBasic), relative to the top word.
        top = 0.0
        for c in range(width):
            top = max(top, frequency[c])
        if top == 0:
            top = 1.0
        for r in range(n):
            value = 0.0
            for j in range(offsets[r], offsets[r + 1]):
                c = nonzero[j]
                value += count[r, c] * frequency[c]
            out[FREQUENCY, r] = value / (top * max(1.0, out[CONTENT, r]))
        # Share of a sentence's words found in a lead sentence (another one, for the lead).
        lead = min(lead_size, n)
        for r in range(lead):
            for j in range(offsets[r], offsets[r + 1]):
                holders[nonzero[j]] += 1
        for r in range(n):
            value = 0.0
            for j in range(offsets[r], offsets[r + 1]):
                c = nonzero[j]
                if holders[c] - (1 if r < lead else 0) > 0:
                    value += count[r, c]
            out[LEAD, r] = value / max(out[CONTENT, r], 1.0)
        _bigram_repeat(&tokens, width, out)
        _directed(sim, out)
        _lexrank(sim, out)
    finally:
        free(tokens.columns)
        free(tokens.rows)
    return stats, sims


cdef void _centroid(
    double[:, ::1] vector,
    Py_ssize_t[::1] nonzero,
    Py_ssize_t[::1] offsets,
    double[::1] centroid,
    double[:, ::1] out,
):
    """Each sentence's cosine with the sum of all the unit vectors."""
    cdef Py_ssize_t n = vector.shape[0], r, j, c
    cdef double norm = 0.0, value
    for r in range(n):
        for j in range(offsets[r], offsets[r + 1]):
            c = nonzero[j]
            centroid[c] += vector[r, c]
    for c in range(centroid.shape[0]):
        norm += centroid[c] * centroid[c]
    norm = sqrt(norm)
    if norm > 0:
        for r in range(n):
            value = 0.0
            for j in range(offsets[r], offsets[r + 1]):
                c = nonzero[j]
                value += vector[r, c] * (centroid[c] / norm)
            out[CENTROID, r] = value


cdef void _directed(double[:, ::1] sim, double[:, ::1] out):
    """PACSUM's directed centrality: similarity to the sentences after each sentence, and to
    those before it, each relative to the highest in the document."""
    cdef Py_ssize_t n = sim.shape[0], r, k
    cdef double before, after, top_before = 0.0, top_after = 0.0
    for r in range(n):
        before = 0.0
        after = 0.0
        for k in range(r):
            before += sim[r, k]
        for k in range(r + 1, n):
            after += sim[r, k]
        out[BACKWARD, r] = before
        out[FORWARD, r] = after
        top_before = max(top_before, before)
        top_after = max(top_after, after)
    for r in range(n):
        out[BACKWARD, r] = out[BACKWARD, r] / top_before if top_before > 0 else 0.0
        out[FORWARD, r] = out[FORWARD, r] / top_after if top_after > 0 else 0.0


cdef int _lexrank(double[:, ::1] sim, double[:, ::1] out) except -1:
    """PageRank over the graph of similarities of at least GRAPH_FLOOR, scaled to 1 on average:
    ``(I - d Tᵀ) s = (1 - d) / n`` with ``T`` the row-normalised graph (a sentence without
    links jumps anywhere), as ``centrality.pagerank`` solves it.

    ``I - d Tᵀ`` is strictly diagonally dominant by columns (each column of ``Tᵀ`` sums to 1
    and ``d < 1``), so Gaussian elimination needs no pivoting and stays stable. Past
    SMALL_SYSTEM sentences LAPACK's blocked solver (numpy) is the faster one.
    """
    cdef Py_ssize_t n = sim.shape[0], r, k
    cdef double total
    if n == 1:
        out[LEXRANK, 0] = 1.0
    if n <= 1:
        return 0
    system_array = np.empty((n, n), dtype=np.float64)
    cdef double[:, ::1] system = system_array
    rhs_array = np.full(n, (1.0 - DAMPING) / n)
    cdef double[::1] rhs = rhs_array
    # system[k, r] = identity - d * T[r, k], built row of T by row of T.
    for r in range(n):
        total = 0.0
        for k in range(n):
            if sim[r, k] >= GRAPH_FLOOR:
                total += sim[r, k]
        for k in range(n):
            if total == 0:
                system[k, r] = -DAMPING / n
            elif sim[r, k] >= GRAPH_FLOOR:
                system[k, r] = -DAMPING * sim[r, k] / total
            else:
                system[k, r] = 0.0
        system[r, r] += 1.0
    if n > SMALL_SYSTEM:
        scores = np.linalg.solve(system_array, rhs_array)
    else:
        _eliminate(&system[0, 0], &rhs[0], n)
        scores = rhs_array
    cdef double[::1] solved = scores
    for k in range(n):
        out[LEXRANK, k] = solved[k] * n
    return 0


cdef void _eliminate(double* system, double* rhs, Py_ssize_t n) noexcept:
    """Solve ``system x = rhs`` in place (``rhs`` becomes ``x``) for an n x n row-major system
    that needs no pivoting. All indexes stay below n."""
    cdef Py_ssize_t k, r, j
    cdef double factor, total
    cdef double* pivot_row
    cdef double* row
    for k in range(n):
        pivot_row = system + k * n
        for r in range(k + 1, n):
            row = system + r * n
            factor = row[k] / pivot_row[k]
            if factor != 0:
                for j in range(k, n):
                    row[j] -= factor * pivot_row[j]
                rhs[r] -= factor * rhs[k]
    for k in range(n - 1, -1, -1):
        row = system + k * n
        total = rhs[k]
        for j in range(k + 1, n):
            total -= row[j] * rhs[j]
        rhs[k] = total / row[k]


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
