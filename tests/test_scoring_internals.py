"""The fast paths of the scorers agree with the slow definitions they replace.

The news features read text chunk by chunk through a memo, with a shortcut for plain words;
PageRank is solved in closed form; MMR keeps a running maximum. Each is checked here against the
plain definition, on generated text as well as on written examples.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbrief import summarizers
from newsbrief.models import Article, count_words
from newsbrief.summarizers.base import Document, SummaryOptions
from newsbrief.summarizers.features import ALL_FEATURE_NAMES, sentence_features
from newsbrief.summarizers.selection import select
from newsbrief.summarizers.statistics import words as text
from newsbrief.summarizers.statistics.graph import pagerank
from newsbrief.summarizers.statistics.terms import term_counts

_QUOTES = re.compile(r"[\"“”‘’']")
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|we|my|our|me|us)\b")

news_like_text = st.text(
    alphabet=st.sampled_from(list("abcdefgIMTWeimouswy .,;:!?'\"“”‘’-0123456789\n\tÉéß中")),
    max_size=200,
)
word_chunks = st.builds(
    lambda core, mark: core + mark,
    st.text(alphabet=st.characters(categories=["Lu", "Ll", "Lo"]), min_size=1, max_size=12),
    st.sampled_from(["", ",", ".", ";", ":", "!", "?"]),
)


@given(word_chunks)
def test_the_plain_word_shortcut_reads_like_the_patterns(chunk: str) -> None:
    core = text._word_core(chunk)
    assert core is not None
    assert text._read_word(core) == text._read_any(chunk)


@settings(max_examples=300)
@given(st.lists(news_like_text, min_size=1, max_size=6))
def test_profiles_count_like_the_definitions(sentences: list[str]) -> None:
    sentences = [s for s in sentences if s.strip()] or ["x"]
    read = text.profiles(sentences)
    assert read.content == [w for s in sentences for w in text.content_words(s)]
    assert read.rows.tolist() == [i for i, s in enumerate(sentences) for _ in text.content_words(s)]
    assert read.words.tolist() == [count_words(s) for s in sentences]
    assert read.quote_marks.tolist() == [len(_QUOTES.findall(s)) for s in sentences]
    assert [n > 0 for n in read.first_person] == [
        _FIRST_PERSON.search(s) is not None for s in sentences
    ]


def test_content_words_match_the_token_definition() -> None:
    sentence = "Officials’ reports, said the U.S. mayor's office, were 'not final' in 2024."
    tokens = re.findall(r"[^\W_]+(?:['’][^\W_]+)?", sentence)
    expected = [w for w in map(text._content_word, tokens) if w is not None]
    assert text.content_words(sentence) == expected
    assert "official" in expected and "said" not in expected and "2024" not in expected


def test_capitalised_words_after_the_first_are_counted() -> None:
    read = text.profiles(["The Mayor met Ana Lopez in Paris.", "we met them."])
    assert read.capitalised.tolist() == [4.0, 0.0]


def test_the_memo_forgets_when_full_and_answers_the_same() -> None:
    memo = text._ChunkMemo(limit=2)
    first = memo.read(["alpha", "beta,", "gamma."])
    again = memo.read(["alpha", "beta,", "gamma."])
    assert first == again == [text._read_chunk(c) for c in ["alpha", "beta,", "gamma."]]
    assert len(memo._records) <= 2


def test_long_chunks_are_read_but_not_kept() -> None:
    memo = text._ChunkMemo(limit=8)
    long_chunk = "x" * (text.LONGEST_MEMOISED + 1)
    assert memo.read([long_chunk, "short"]) == [
        text._read_chunk(long_chunk),
        text._read_chunk("short"),
    ]
    assert list(memo._records) == ["short"]


def test_a_chunk_with_thousands_of_words_saturates_without_losing_alignment() -> None:
    huge = ",".join(["word"] * 3000)
    read = text.profiles([huge, "Second sentence here."])
    assert read.words.tolist() == [text._FIELD_MASK, 3]  # saturated, not spilled into quotes
    assert read.quote_marks.tolist() == [0, 0]
    assert len(read.content) == len(read.rows) == text._FIELD_MASK + 2
    assert read.rows.tolist().count(1) == 2  # "second", "sentence" ("here" is a stop word)


def _power_iteration(weights: np.ndarray, damping: float = 0.85) -> np.ndarray:
    n = weights.shape[0]
    sums = weights.sum(axis=1, keepdims=True)
    transition = np.where(sums > 0, weights / np.where(sums > 0, sums, 1.0), 1.0 / n)
    scores = np.full(n, 1.0 / n)
    for _ in range(500):
        scores = (1 - damping) / n + damping * (transition.T @ scores)
    return scores


@pytest.mark.parametrize("seed", range(5))
def test_pagerank_is_the_stationary_walk(seed: int) -> None:
    rng = np.random.default_rng(seed)
    weights = rng.random((7, 7))
    weights = (weights + weights.T) / 2
    weights[weights < 0.5] = 0.0
    weights[3] = 0.0  # a dangling sentence jumps anywhere
    weights[:, 3] = 0.0
    np.fill_diagonal(weights, 0.0)
    assert np.allclose(pagerank(weights), _power_iteration(weights), atol=1e-9)


def test_bigram_repeat_counts_pairs_held_by_another_sentence() -> None:
    sentences = ["Climate summit opens.", "Climate summit closes.", "Summit climate talk."]
    features = sentence_features(_document(sentences))
    column = features.matrix[:, ALL_FEATURE_NAMES.index("bigram_repeat")]
    # Pairs: (climate, summit) is in sentences 0 and 1; everything else once.
    assert column.tolist() == pytest.approx([0.5, 0.5, 0.0])


def test_term_counts_count_tokens_per_row() -> None:
    terms = term_counts(["a", "b", "a", "c"], np.array([0, 0, 0, 2]), 3)
    assert terms.counts.tolist() == [[2.0, 1.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 1.0]]
    assert np.allclose(np.linalg.norm(terms.vectors, axis=1), [1.0, 0.0, 1.0])


def test_mmr_selection_matches_the_textbook_definition() -> None:
    rng = np.random.default_rng(7)
    sentences = [f"Sentence number {i} says something new about topic {i}." for i in range(9)]
    document = _document(sentences)
    scores = rng.random(9).tolist()
    similarity = rng.random((9, 9))
    similarity = (similarity + similarity.T) / 2
    np.fill_diagonal(similarity, 0.0)
    picked = select(
        document, scores, SummaryOptions(sentences=4), "test", similarity=similarity, diversity=0.8
    )
    chosen: list[int] = []
    for _ in range(4):
        penalty = similarity[:, chosen].max(axis=1) if chosen else np.zeros(9)
        adjusted = np.asarray(scores) - 0.8 * penalty
        adjusted[chosen] = -np.inf
        chosen.append(int(np.argmax(adjusted)))
    assert [s.index for s in picked.sentences] == sorted(chosen)


def _document(sentences: list[str]) -> Document:
    return summarizers.segment(Article(text=" ".join(sentences)))
