# cython: language_level=3, boundscheck=True, wraparound=False, initializedcheck=True
"""Compiled sentence statistics for :mod:`newsbrief.summarizers.statistics.reference`.

The numpy code in ``reference.py`` defines every number this module returns;
``tests/summarizers/statistics/test_compiled.py`` holds the two to each other on the dev
articles and on generated text. The words come from :mod:`._reading`. Every loop here runs over
each sentence's own distinct words, never over the whole vocabulary for every sentence as the
matrix products of the numpy definition do (the dense count and vector matrices are only
indexed).
"""

import numpy as np

from libc.math cimport log, sqrt
from libc.stdlib cimport free, malloc, qsort

from newsbrief.summarizers.statistics._reading cimport (
    BACKWARD, BIGRAM, CAPITALISED, CENTROID, CONTENT, FIRST_PERSON, FORWARD, FREQUENCY, LEAD,
    LEXRANK, OPENS_QUOTE, QUESTION, QUOTES, UNTERMINATED, WORDS, TokenMemo, Tokens,
    count_sentence, read_words,
)


from newsbrief.summarizers.statistics.rows import STATISTICS

# The rows this build writes, by name: a build whose C constants are not in the order of
# rows.STATISTICS would put each statistic in another's row, so it refuses to load and the
# package uses the numpy reference instead.
_BUILT = {
    "words": WORDS, "quote_marks": QUOTES, "capitalised": CAPITALISED,
    "first_person": FIRST_PERSON, "content": CONTENT, "centroid": CENTROID,
    "word_frequency": FREQUENCY, "lead_overlap": LEAD, "bigram_repeat": BIGRAM,
    "opens_with_quote": OPENS_QUOTE, "question": QUESTION, "unterminated": UNTERMINATED,
    "pacsum_forward": FORWARD, "pacsum_backward": BACKWARD, "lexrank": LEXRANK,
}
if tuple(sorted(_BUILT, key=_BUILT.__getitem__)) != STATISTICS:
    raise ImportError("the compiled statistics were built for another row order: rebuild")


# LexRank: PageRank's damping, and the similarity below which two sentences are not linked.
cdef double DAMPING = 0.85
cdef double GRAPH_FLOOR = 0.1
# Up to this many sentences, LexRank's linear system is solved here; above, by LAPACK.
cdef Py_ssize_t SMALL_SYSTEM = 48


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


cdef int _bigram_repeat(Tokens* tokens, Py_ssize_t width, double[:, ::1] out) except -1:
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
    cdef Tokens tokens
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
            count_sentence(texts[r], out, r)
            read_words(texts[r], r, memo, vocabulary, &tokens)
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
    links jumps anywhere), as ``graph.pagerank`` solves it.

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

