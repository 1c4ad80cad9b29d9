"""Words of sentences as the scorers see them: the chunk memo and the plain-word shortcut read
exactly like the patterns they replace, on generated text as well as on written examples."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newsbrief.models import count_words
from newsbrief.summarizers.statistics import words

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
    core = words._word_core(chunk)
    assert core is not None
    assert words._read_word(core) == words._read_any(chunk)


@settings(max_examples=300)
@given(st.lists(news_like_text, min_size=1, max_size=6))
def test_profiles_count_like_the_definitions(sentences: list[str]) -> None:
    sentences = [s for s in sentences if s.strip()] or ["x"]
    read = words.profiles(sentences)
    assert read.content == [w for s in sentences for w in words.content_words(s)]
    assert read.rows.tolist() == [
        i for i, s in enumerate(sentences) for _ in words.content_words(s)
    ]
    assert read.words.tolist() == [count_words(s) for s in sentences]
    assert read.quote_marks.tolist() == [len(_QUOTES.findall(s)) for s in sentences]
    assert [n > 0 for n in read.first_person] == [
        _FIRST_PERSON.search(s) is not None for s in sentences
    ]


def test_content_words_match_the_token_definition() -> None:
    sentence = "Officials’ reports, said the U.S. mayor's office, were 'not final' in 2024."
    tokens = re.findall(r"[^\W_]+(?:['’][^\W_]+)?", sentence)
    expected = [w for w in map(words._content_word, tokens) if w is not None]
    assert words.content_words(sentence) == expected
    assert "official" in expected and "said" not in expected and "2024" not in expected


def test_capitalised_words_after_the_first_are_counted() -> None:
    read = words.profiles(["The Mayor met Ana Lopez in Paris.", "we met them."])
    assert read.capitalised.tolist() == [4.0, 0.0]


def test_the_memo_forgets_when_full_and_answers_the_same() -> None:
    memo = words._ChunkMemo(limit=2)
    first = memo.read(["alpha", "beta,", "gamma."])
    again = memo.read(["alpha", "beta,", "gamma."])
    assert first == again == [words._read_chunk(c) for c in ["alpha", "beta,", "gamma."]]
    assert len(memo._records) <= 2


def test_long_chunks_are_read_but_not_kept() -> None:
    memo = words._ChunkMemo(limit=8)
    long_chunk = "x" * (words.LONGEST_MEMOISED + 1)
    assert memo.read([long_chunk, "short"]) == [
        words._read_chunk(long_chunk),
        words._read_chunk("short"),
    ]
    assert list(memo._records) == ["short"]


def test_a_chunk_with_thousands_of_words_saturates_without_losing_alignment() -> None:
    huge = ",".join(["word"] * 3000)
    read = words.profiles([huge, "Second sentence here."])
    assert read.words.tolist() == [words._FIELD_MASK, 3]  # saturated, not spilled into quotes
    assert read.quote_marks.tolist() == [0, 0]
    assert len(read.content) == len(read.rows) == words._FIELD_MASK + 2
    assert read.rows.tolist().count(1) == 2  # "second", "sentence" ("here" is a stop word)
