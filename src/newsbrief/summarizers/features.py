"""Cheap per-sentence signals for the news scorer: position, length, centrality, overlap, chrome.

Each feature is a column of the matrix :func:`sentence_features` returns, named in
:data:`FEATURE_NAMES` in the same order; ``bench/fit_news.py`` fits the weights over exactly these.
Changing a feature means refitting the weights (the fit script prints the new constants).
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from newsbrief.summarizers.base import Document
from newsbrief.summarizers.centrality import pagerank
from newsbrief.summarizers.text import Matrix, content_words, tfidf

# Site furniture and wire boilerplate that leads often carry; a sentence holding one is rarely
# summary material (DailyMail "By . Reporter . PUBLISHED: ...", "Scroll down for video", ...).
_CHROME_PATTERN = (
    r"\b(?:published|updated|last updated)\s*:|\bby \.|\bscroll down\b|\bclick here\b|"
    r"\beditor'?s note\b|\bfollow (?:us|@)|\bshare this with\b|\ball rights reserved\b|"
    r"\bread more\b|\bsign up\b|\bsubscribe\b|\bcopyright\b|\bemail\b[^.!?]{0,80}\bfacebook\b"
)
# Matching lowercased text case-sensitively is twice as fast as IGNORECASE; the latter stays for
# the rare text whose lowercase form changes length (offsets must map back to sentences).
_CHROME_LOWER = re.compile(_CHROME_PATTERN)
_CHROME_ANY_CASE = re.compile(_CHROME_PATTERN, re.IGNORECASE)
_QUOTE = re.compile(r"[\"“”‘’']")
_OPENING_QUOTE = re.compile(r"^[\"“‘']")
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|we|my|our|me|us)\b")
_DIGIT = re.compile(r"\d")
_CAPITALISED = re.compile(r"(?<!^)(?<![.!?]\s)\b[A-Z][a-z]+")
_TERMINAL = tuple(".!?\"”’')")

FEATURE_NAMES = (
    "bias",
    "first",
    "second",
    "third",
    "inverse_position",
    "relative_position",
    "first_paragraph",
    "paragraph_start",
    "log_words",
    "short",
    "long",
    "very_long",
    "centroid",
    "pacsum_forward",
    "pacsum_backward",
    "lexrank",
    "title_overlap",
    "lead_overlap",
    "chrome",
    "quote_share",
    "opens_with_quote",
    "first_person",
    "question",
    "unterminated",
    "digit_share",
    "capitalised_share",
    "word_frequency",
    "bigram_repeat",
)
# Lead sentences are judged differently: a quote or a question in the lead is a feature writer's
# hook, later it is colour. These features get a second column that is live in the lead only.
LEAD_INTERACTIONS = (
    "log_words",
    "centroid",
    "pacsum_forward",
    "lexrank",
    "lead_overlap",
    "quote_share",
    "opens_with_quote",
    "first_person",
    "question",
    "unterminated",
    "digit_share",
    "capitalised_share",
    "short",
    "long",
    "word_frequency",
    "bigram_repeat",
)
LEAD_SIZE = 3
ALL_FEATURE_NAMES = FEATURE_NAMES + tuple(f"lead_x_{name}" for name in LEAD_INTERACTIONS)
_INTERACTING = [FEATURE_NAMES.index(name) for name in LEAD_INTERACTIONS]


@dataclass(frozen=True, slots=True)
class Features:
    """The feature matrix (rows: sentences, columns: :data:`ALL_FEATURE_NAMES`) and the sentence
    similarity matrix it was built from, reused for redundancy control."""

    matrix: Matrix
    similarity: Matrix


def _relative(values: Matrix) -> Matrix:
    top = float(values.max()) if values.size else 0.0
    return values / top if top > 0 else np.zeros_like(values)


def _overlap(words: list[str], reference: set[str]) -> float:
    if not words or not reference:
        return 0.0
    return sum(1 for w in words if w in reference) / len(words)


def _chrome_sentences(document: Document) -> set[int]:
    """Indexes of sentences holding site chrome: one scan of the text, not one per sentence."""
    starts = [s.start for s in document.sentences]
    text = document.article.text
    lowered = text.lower()
    matches = (
        _CHROME_LOWER.finditer(lowered)
        if len(lowered) == len(text)
        else _CHROME_ANY_CASE.finditer(text)
    )
    return {bisect.bisect_right(starts, match.start()) - 1 for match in matches}


def sentence_features(document: Document) -> Features:
    """Features of every sentence of one document."""
    sentences = document.sentences
    n = len(sentences)
    tokens = [content_words(s.text) for s in sentences]
    chrome = _chrome_sentences(document)
    vectors = tfidf(tokens)
    sims: Matrix = vectors @ vectors.T
    np.fill_diagonal(sims, 0.0)
    centroid = vectors.sum(axis=0)
    centroid_norm = float(np.linalg.norm(centroid))
    to_centroid = vectors @ centroid / centroid_norm if centroid_norm > 0 else np.zeros(n)
    # PACSUM's directed centrality: similarity to later sentences vs to earlier ones.
    forward = np.triu(sims).sum(axis=1)
    backward = np.tril(sims).sum(axis=1)
    graph = sims.copy()
    graph[graph < 0.1] = 0.0
    rank = pagerank(graph) * n if n > 1 else np.ones(n)
    title = set(content_words(document.article.title or ""))
    lead_counts = [set(words) for words in tokens[:3]]
    # Raw term frequency (SumBasic): idf hides exactly the topic words an article repeats.
    frequency = Counter(w for words in tokens for w in words)
    top_frequency = max(frequency.values(), default=1)
    bigrams = [list(itertools.pairwise(words)) for words in tokens]
    bigram_counts = Counter(b for pairs in bigrams for b in set(pairs))

    all_lead = set().union(*lead_counts)
    rows = []
    for i, sentence in enumerate(sentences):
        text = sentence.text
        words = max(1, sentence.words)
        # Overlap with the *other* lead sentences: a lead sentence always overlaps itself.
        own_lead = (
            set().union(*(w for j, w in enumerate(lead_counts) if j != i))
            if i < len(lead_counts)
            else all_lead
        )
        rows.append(
            (
                1.0,
                i == 0,
                i == 1,
                i == 2,
                1.0 / (i + 1),
                i / max(1, n - 1),
                sentence.paragraph == 0,
                i == 0 or sentence.paragraph != sentences[i - 1].paragraph,
                math.log(words),
                words < 8,
                words > 35,
                words > 60,
                to_centroid[i],
                0.0,
                0.0,
                rank[i],
                _overlap(tokens[i], title),
                _overlap(tokens[i], own_lead),
                i in chrome,
                len(_QUOTE.findall(text)) / words,
                _OPENING_QUOTE.match(text) is not None,
                _FIRST_PERSON.search(text) is not None,
                text.rstrip("\"”’' ").endswith("?"),
                not text.endswith(_TERMINAL),
                len(_DIGIT.findall(text)) / len(text),
                len(_CAPITALISED.findall(text)) / words,
                sum(frequency[w] for w in tokens[i]) / (top_frequency * max(1, len(tokens[i]))),
                sum(bigram_counts[b] > 1 for b in bigrams[i]) / max(1, len(bigrams[i])),
            )
        )
    matrix = np.array(rows, dtype=np.float64).reshape(n, len(FEATURE_NAMES))
    matrix[:, FEATURE_NAMES.index("pacsum_forward")] = _relative(forward)
    matrix[:, FEATURE_NAMES.index("pacsum_backward")] = _relative(backward)
    in_lead = (np.arange(n) < LEAD_SIZE).astype(float)[:, None]
    return Features(np.hstack([matrix, matrix[:, _INTERACTING] * in_lead]), sims)
