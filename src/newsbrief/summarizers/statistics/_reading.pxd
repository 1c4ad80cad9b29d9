"""Declarations shared by the compiled reader (_reading.pyx) and statistics (_statistics.pyx)."""

from cpython.object cimport PyObject


# Rows of the statistics matrix, in the order of rows.STATISTICS (checked when _statistics loads).
cdef enum:
    WORDS, QUOTES, CAPITALISED, FIRST_PERSON, CONTENT, CENTROID, FREQUENCY, LEAD, BIGRAM
    OPENS_QUOTE, QUESTION, UNTERMINATED, FORWARD, BACKWARD, LEXRANK


cdef struct Tokens:
    Py_ssize_t* columns  # vocabulary column of each content word, sentence after sentence
    Py_ssize_t* rows  # its sentence
    Py_ssize_t size
    Py_ssize_t capacity


cdef struct _Entry:
    unsigned long long hash  # 0: an empty slot
    Py_ssize_t start  # the token's characters: keys[start : start + length]
    Py_ssize_t length
    PyObject* word  # owned reference to the content word; NULL when the token has none


cdef class TokenMemo:
    cdef _Entry* slots
    cdef Py_ssize_t mask
    cdef Py_ssize_t count
    cdef readonly Py_ssize_t limit
    cdef readonly Py_ssize_t longest
    cdef Py_UCS4* keys
    cdef Py_ssize_t keys_used
    cdef Py_ssize_t keys_capacity
    cdef object content_word

    cdef void _release(self) noexcept
    cdef object word_of(self, str text, int kind, void* data, Py_ssize_t start, Py_ssize_t end)
    cdef bint _same(self, _Entry* entry, int kind, void* data, Py_ssize_t start) noexcept
    cdef int _keep(
        self, Py_ssize_t slot, unsigned long long h, int kind, void* data, Py_ssize_t start,
        Py_ssize_t length, object word,
    ) except -1


cdef void count_sentence(str text, double[:, ::1] out, Py_ssize_t row)
cdef int read_words(
    str text, Py_ssize_t row, TokenMemo memo, dict vocabulary, Tokens* tokens
) except -1
