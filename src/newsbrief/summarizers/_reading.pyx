# cython: language_level=3, boundscheck=True, wraparound=False, initializedcheck=True
"""Compiled reading of sentences for :func:`newsbrief.summarizers.text.profiles`.

The same content words and counts as the pure-Python path in ``text.py``, whose regular
expressions define them; this module only walks the characters once in C instead of asking the
regex engine five times per chunk. ``tests/test_reading_compiled.py`` checks the two paths
give identical results, on the dev articles and on arbitrary text (hypothesis).

Character classes follow Python's ``re`` for ``str`` patterns exactly: ``\\w`` is
``Py_UNICODE_ISALNUM`` or ``_``, and ``[^\\W_]`` is ``Py_UNICODE_ISALNUM``.
"""

import numpy as np

from cpython.unicode cimport Py_UNICODE_ISALNUM
from libc.math cimport log, sqrt
from libc.stdlib cimport free, malloc, qsort


cdef extern from "Python.h":
    int PyUnicode_KIND(object text)
    void* PyUnicode_DATA(object text)
    Py_UCS4 PyUnicode_READ(int kind, void* data, Py_ssize_t index) nogil


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
    return c == 39 or c == 0x2019  # ' and ’


cdef inline bint _quote(Py_UCS4 c) noexcept:
    # " “ ” ‘ ’ '
    return c == 34 or c == 39 or c == 0x201C or c == 0x201D or c == 0x2018 or c == 0x2019


cdef Py_ssize_t _count_words(str text):
    """Matches of ``\\w+(?:[-'’]\\w+)*`` (:func:`newsbrief.models.count_words`)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t i = 0, n = len(text), count = 0
    cdef Py_UCS4 c
    while i < n:
        if not _word(PyUnicode_READ(kind, data, i)):
            i += 1
            continue
        count += 1
        while True:
            while i < n and _word(PyUnicode_READ(kind, data, i)):
                i += 1
            if i + 1 < n:
                c = PyUnicode_READ(kind, data, i)
                if (c == 45 or _apostrophe(c)) and _word(PyUnicode_READ(kind, data, i + 1)):  # 45: "-"
                    i += 1
                    continue
            break
    return count


cdef Py_ssize_t _count_quotes(str text):
    cdef Py_ssize_t count = 0
    cdef Py_UCS4 c
    for c in text:
        if _quote(c):
            count += 1
    return count


cdef Py_ssize_t _count_capitalised(str text):
    """Matches of ``\\b[A-Z][a-z]+`` after the first character (a sentence's opening word is
    capitalised anyway)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t i = 0, n = len(text), count = 0
    while i + 1 < n:
        if (
            _upper(PyUnicode_READ(kind, data, i))
            and _lower(PyUnicode_READ(kind, data, i + 1))
            and (i == 0 or not _word(PyUnicode_READ(kind, data, i - 1)))
        ):
            if i > 0:
                count += 1
            i += 2
            while i < n and _lower(PyUnicode_READ(kind, data, i)):
                i += 1
        else:
            i += 1
    return count


cdef bint _is_first_person(str text, Py_ssize_t start, Py_ssize_t end):
    """Whether ``text[start:end]`` is one of I, we, my, our, me, us."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
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
        return PyUnicode_READ(kind, data, start) == 111 and PyUnicode_READ(kind, data, start + 1) == 117 and PyUnicode_READ(kind, data, start + 2) == 114  # our
    return False


cdef Py_ssize_t _count_first_person(str text):
    """Matches of ``\\b(?:I|I'm|I’m|we|my|our|me|us)\\b``: whole word runs equal to one of
    those (``I'm`` matches as ``I``)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t i = 0, n = len(text), count = 0, start
    while i < n:
        if not _word(PyUnicode_READ(kind, data, i)):
            i += 1
            continue
        start = i
        while i < n and _word(PyUnicode_READ(kind, data, i)):
            i += 1
        if i - start <= 3 and _is_first_person(text, start, i):
            count += 1
    return count


def read_sentences(
    list texts,
    dict memo,
    object content_word,
    Py_ssize_t limit,
    Py_ssize_t longest,
):
    """Content words of every sentence (flat) and a (5, n) array of counts per sentence: words,
    quote marks, capitalised words after the first, first-person words, content words.

    Tokens are ``[^\\W_]+(?:['’][^\\W_]+)?``; each becomes ``content_word(token)`` (None drops
    it), memoised in ``memo`` as the word or "" for None. Tokens longer than ``longest`` are
    not kept, and a memo holding ``limit`` tokens is emptied first, so memory stays bounded.
    """
    cdef Py_ssize_t n = len(texts), k, i, size, start
    cdef str text, token
    cdef int kind
    cdef void* data
    cdef object word
    content = []
    # Rows: word count, quote marks, capitalised, first person, content words.
    counts = np.zeros((5, n), dtype=np.float64)
    cdef double[:, ::1] view = counts
    for k in range(n):
        text = texts[k]
        size = len(text)
        kind = PyUnicode_KIND(text)
        data = PyUnicode_DATA(text)
        view[0, k] = _count_words(text)
        view[1, k] = _count_quotes(text)
        view[2, k] = _count_capitalised(text)
        view[3, k] = _count_first_person(text)
        i = 0
        while i < size:
            if not _alnum(PyUnicode_READ(kind, data, i)):
                i += 1
                continue
            start = i
            while i < size and _alnum(PyUnicode_READ(kind, data, i)):
                i += 1
            if i + 1 < size and _apostrophe(PyUnicode_READ(kind, data, i)) and _alnum(PyUnicode_READ(kind, data, i + 1)):
                i += 1
                while i < size and _alnum(PyUnicode_READ(kind, data, i)):
                    i += 1
            token = text[start:i]
            word = memo.get(token)
            if word is None:
                word = content_word(token) or ""
                if i - start <= longest:
                    if len(memo) >= limit:
                        memo.clear()
                    memo[token] = word
            if word:
                content.append(word)
                view[4, k] += 1
    return content, counts


cdef struct _Pair:
    long long key  # word pair, then the sentence: sorting groups a pair's sentences together
    Py_ssize_t row


cdef int _compare_pairs(const void* a, const void* b) noexcept nogil:
    cdef long long x = (<_Pair*>a).key, y = (<_Pair*>b).key
    cdef Py_ssize_t r = (<_Pair*>a).row, s = (<_Pair*>b).row
    if x != y:
        return -1 if x < y else 1
    if r != s:
        return -1 if r < s else 1
    return 0


cdef inline bint _opening_quote(Py_UCS4 c) noexcept:
    return c == 34 or c == 0x201C or c == 0x2018 or c == 39  # " “ ‘ '


cdef inline bint _quote_tail(Py_UCS4 c) noexcept:
    return c == 34 or c == 0x201D or c == 0x2019 or c == 39 or c == 32  # " ” ’ ' space


cdef inline bint _terminal(Py_UCS4 c) noexcept:
    # . ! ? " ” ’ ' )
    return c == 46 or c == 33 or c == 63 or c == 34 or c == 0x201D or c == 0x2019 or c == 39 or c == 41


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
)


def document_statistics(
    list texts,
    dict memo,
    object content_word,
    Py_ssize_t limit,
    Py_ssize_t longest,
    Py_ssize_t lead_size,
):
    """Per-sentence statistics (rows of :data:`STATISTICS`) and the tf-idf cosine similarity
    of every pair of sentences (zero diagonal), as ``features.py`` computes them with numpy.

    Term vectors are tf-idf over the document's own sentences, ``idf = ln((1 + n) / (1 + df))
    + 1``, rows normalised to unit length.
    """
    cdef Py_ssize_t n = len(texts), k, r, j, c, t, start, end, size, lead, group
    cdef double value, norm, top
    cdef str text
    content, counts = read_sentences(texts, memo, content_word, limit, longest)
    stats = np.zeros((len(STATISTICS), n), dtype=np.float64)
    sims = np.zeros((n, n), dtype=np.float64)
    cdef double[:, ::1] out = stats
    cdef double[:, ::1] sim = sims
    cdef double[:, ::1] read = counts
    out[:5, :] = read[:5, :]
    # Vocabulary of this document, in first-seen order.
    cdef dict vocabulary = {}
    cdef Py_ssize_t tokens = len(content)
    columns_array = np.empty(tokens, dtype=np.intp)
    rows_array = np.empty(tokens, dtype=np.intp)
    cdef Py_ssize_t[::1] columns = columns_array
    cdef Py_ssize_t[::1] rows = rows_array
    cdef object column
    t = 0
    for r in range(n):
        for j in range(<Py_ssize_t>read[4, r]):
            column = vocabulary.get(content[t])
            if column is None:
                column = len(vocabulary)
                vocabulary[content[t]] = column
            columns[t] = column
            rows[t] = r
            t += 1
    cdef Py_ssize_t width = max(1, len(vocabulary))
    dense_counts = np.zeros((n, width), dtype=np.float64)
    dense_vectors = np.zeros((n, width), dtype=np.float64)
    cdef double[:, ::1] count = dense_counts
    cdef double[:, ::1] vector = dense_vectors
    # Each sentence's distinct columns, sentence after sentence (tokens come in sentence order).
    nonzero_array = np.empty(tokens, dtype=np.intp)
    offsets_array = np.zeros(n + 1, dtype=np.intp)
    cdef Py_ssize_t[::1] nonzero = nonzero_array
    cdef Py_ssize_t[::1] offsets = offsets_array
    document_frequency_array = np.zeros(width, dtype=np.float64)
    frequency_array = np.zeros(width, dtype=np.float64)
    cdef double[::1] document_frequency = document_frequency_array
    cdef double[::1] frequency = frequency_array
    cdef Py_ssize_t held = 0
    for t in range(tokens):
        r = rows[t]
        c = columns[t]
        if count[r, c] == 0:
            nonzero[held] = c
            held += 1
            document_frequency[c] += 1
        count[r, c] += 1
        frequency[c] += 1
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
    # Cosine similarities: each pair once, over the sparser row's columns.
    for r in range(n):
        for k in range(r + 1, n):
            value = 0.0
            for j in range(offsets[k], offsets[k + 1]):
                c = nonzero[j]
                value += vector[r, c] * vector[k, c]
            sim[r, k] = value
            sim[k, r] = value
    # Closeness to the centroid of the unit vectors.
    centroid_array = np.zeros(width, dtype=np.float64)
    cdef double[::1] centroid = centroid_array
    for r in range(n):
        for j in range(offsets[r], offsets[r + 1]):
            c = nonzero[j]
            centroid[c] += vector[r, c]
    norm = 0.0
    for c in range(width):
        norm += centroid[c] * centroid[c]
    norm = sqrt(norm)
    if norm > 0:
        for r in range(n):
            value = 0.0
            for j in range(offsets[r], offsets[r + 1]):
                c = nonzero[j]
                value += vector[r, c] * (centroid[c] / norm)
            out[5, r] = value
    # Raw term frequency of the sentence's words (SumBasic), relative to the top word.
    top = 0.0
    for c in range(width):
        if frequency[c] > top:
            top = frequency[c]
    if top == 0:
        top = 1.0
    for r in range(n):
        value = 0.0
        for j in range(offsets[r], offsets[r + 1]):
            c = nonzero[j]
            value += count[r, c] * frequency[c]
        out[6, r] = value / (top * max(1.0, read[4, r]))
    # Overlap with the lead: the share of a sentence's words found in a lead sentence (for a
    # lead sentence, in another lead sentence).
    lead = min(lead_size, n)
    holders_array = np.zeros(width, dtype=np.float64)
    cdef double[::1] holders = holders_array
    for r in range(lead):
        for j in range(offsets[r], offsets[r + 1]):
            holders[nonzero[j]] += 1
    for r in range(n):
        value = 0.0
        for j in range(offsets[r], offsets[r + 1]):
            c = nonzero[j]
            if holders[c] - (1 if r < lead else 0) > 0:
                value += count[r, c]
        out[7, r] = value / max(read[4, r], 1.0)
    _bigram_repeat(columns, rows, width, n, out)
    for r in range(n):
        text = texts[r]
        size = len(text)
        out[9, r] = size > 0 and _opening_quote(text[0])
        end = size
        while end > 0 and _quote_tail(text[end - 1]):
            end -= 1
        out[10, r] = end > 0 and text[end - 1] == 63  # ?
        out[11, r] = not (size > 0 and _terminal(text[size - 1]))
    return stats, sims


cdef void _bigram_repeat(
    Py_ssize_t[::1] columns, Py_ssize_t[::1] rows, Py_ssize_t width, Py_ssize_t n,
    double[:, ::1] out,
):
    """Share of each sentence's word pairs that another sentence also holds (row 8 of out)."""
    cdef Py_ssize_t tokens = columns.shape[0], t, pairs = 0, first, last, holders, r
    cdef double[::1] totals, repeated
    if tokens < 2:
        return
    cdef _Pair* found = <_Pair*>malloc((tokens - 1) * sizeof(_Pair))
    if found == NULL:
        raise MemoryError()
    try:
        for t in range(1, tokens):
            if rows[t] == rows[t - 1]:
                found[pairs].key = <long long>columns[t - 1] * width + columns[t]
                found[pairs].row = rows[t]
                pairs += 1
        qsort(found, pairs, sizeof(_Pair), _compare_pairs)
        totals_array = np.zeros(n, dtype=np.float64)
        repeated_array = np.zeros(n, dtype=np.float64)
        totals = totals_array
        repeated = repeated_array
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
                    repeated[r] += 1
            first = last + 1
        for r in range(n):
            out[8, r] = repeated[r] / max(1.0, totals[r])
    finally:
        free(found)
