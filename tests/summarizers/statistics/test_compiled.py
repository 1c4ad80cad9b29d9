"""The compiled sentence statistics (``_reading.pyx``, ``_statistics.pyx``) equal the numpy
definitions.

The compiled path is what runs wherever the package was built with a C compiler; the numpy path
is what runs elsewhere, and it is the definition. Every statistic and the similarity matrix must
agree to rounding on the dev articles and on generated text, and so must the summaries.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sample_texts import DATA

from newsbrief import summarizers
from newsbrief.models import Article
from newsbrief.summarizers import selection as summarizer_selection
from newsbrief.summarizers import statistics
from newsbrief.summarizers.base import SummaryOptions
from newsbrief.summarizers.statistics import words

LEAD = 3

compiled = pytest.mark.skipif(
    not statistics.COMPILED,
    reason="the compiled statistics are not in use (not built, or NEWSBRIEF_PURE_PYTHON set)",
)

pieces = st.sampled_from(
    [
        *"abcdeIMTWeimoursy_ .,;:!?'\"“”‘’-–0123456789\n\tÉéßİΣς中٣²",
        *("we", "I'm", "I’m", "our", "Mr.", "U.S.", " us ", "Ana "),
    ]
)
news_like = st.lists(pieces, max_size=60).map("".join)


def _compiled(texts: list[str]) -> statistics.Statistics:
    return statistics.sentence_statistics(texts, LEAD)


def _assert_same(texts: list[str]) -> None:
    fast = _compiled(texts)
    slow = statistics.reference_statistics(texts, LEAD)
    for name, a, b in zip(statistics.STATISTICS, fast.rows, slow.rows, strict=True):
        assert np.allclose(a, b, rtol=1e-9, atol=1e-12), (name, a, b)
    assert np.allclose(fast.similarity, slow.similarity, rtol=1e-9, atol=1e-12)


def test_the_compiled_statistics_are_built() -> None:
    # `make test` installs a C compiler first; a build without one falls back silently, which
    # is right for users and wrong for CI. NEWSBRIEF_PURE_PYTHON=1 accepts the fallback.
    if os.environ.get("NEWSBRIEF_PURE_PYTHON") == "1":
        pytest.skip("NEWSBRIEF_PURE_PYTHON=1 asks for the numpy statistics")
    assert statistics.COMPILED, "the compiled statistics were not built (C compiler?)"


def test_pure_python_asks_for_the_numpy_statistics() -> None:
    probe = (
        "from newsbrief.summarizers import selection, statistics;"
        "print(statistics.COMPILED, statistics.trigram_keys, selection._trigram_keys)"
    )
    environment = {**os.environ, "NEWSBRIEF_PURE_PYTHON": "1"}
    found = subprocess.run(
        [sys.executable, "-c", probe], env=environment, capture_output=True, text=True, check=True
    )
    assert found.stdout.split() == ["False", "None", "None"]


@compiled
@settings(max_examples=400, deadline=None)
@given(st.lists(news_like.filter(str.strip), min_size=1, max_size=7))
def test_compiled_statistics_equal_the_definitions(texts: list[str]) -> None:
    _assert_same([t.strip() for t in texts])


@compiled
@pytest.mark.parametrize(
    "texts",
    [
        ["“I’m here,” we said. Our rock'n'roll co-op's fans-only show?"],
        ["The Mayor met Ana Lopez in Paris.", "we met them.", "Climate summit opens."],
        ["Climate summit opens.", "Climate summit closes.", "Summit climate talk."],
        ["___ __", "12 345", "中文句子没有空格。", "Σίσυφος ΟΔΥΣΣΕΥΣ İstanbul"],
        ["x" * 5000, ",".join(["word"] * 1000)],
        ["a"],
    ],
)
def test_compiled_statistics_on_written_cases(texts: list[str]) -> None:
    _assert_same(texts)


def _dev_documents() -> Iterator[summarizers.Document]:
    for name in ("cnndm_dev.jsonl", "newsroom_dev.jsonl", "xsum_dev.jsonl"):
        with (DATA / name).open(encoding="utf-8") as lines:
            for line in lines:
                yield summarizers.segment(Article(text=json.loads(line)["article"]))


@compiled
@pytest.mark.skipif(not (DATA / "cnndm_dev.jsonl").exists(), reason="no dev data")
def test_compiled_and_numpy_give_the_same_summaries_on_the_dev_articles(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    documents = list(_dev_documents())
    for document in documents:
        _assert_same([s.text for s in document.sentences])
    runs = [SummaryOptions(method=method, sentences=3) for method in ("news", "centrality")] + [
        SummaryOptions(method="news", words=50)
    ]
    fast = [summarizers.summarize_document(d, o).sentences for o in runs for d in documents]
    # As on an install without a C compiler: no compiled statistics, no trigram keys.
    monkeypatch.setattr(statistics, "_compiled", None)
    monkeypatch.setattr(summarizer_selection, "_trigram_keys", None)
    slow = [summarizers.summarize_document(d, o).sentences for o in runs for d in documents]
    assert fast == slow


@compiled
def test_a_chunk_of_thousands_of_words_is_counted_exactly() -> None:
    # The numpy path packs a chunk's counts in 10 bits and saturates at 1,023 (words.py); the
    # compiled one has no such limit. Only a chunk of that many words without a space differs.
    huge = ",".join(["word"] * 3000)
    read = _compiled([huge, "Second sentence here."])
    assert read["words"].tolist() == [3000, 3]
    assert read["content"].tolist() == [3000, 2]


@compiled
def test_the_token_memo_stays_bounded_and_answers_like_content_word() -> None:
    from newsbrief.summarizers.statistics._reading import TokenMemo
    from newsbrief.summarizers.statistics._statistics import document_statistics

    calls: list[str] = []

    def content_word(token: str) -> str | None:
        calls.append(token)
        return words.content_word(token)

    memo = TokenMemo(content_word, 4, words.LONGEST_MEMOISED)
    long_token = "y" * (words.LONGEST_MEMOISED + 1)
    sentences = [f"Alpha beta gamma delta epsilon zeta {long_token} the.", "Alpha the beta."]
    for _ in range(3):
        rows, similarity = document_statistics(sentences, memo, LEAD)
        expected = statistics.reference_statistics(sentences, LEAD)
        assert np.allclose(rows, expected.rows) and np.allclose(similarity, expected.similarity)
        assert len(memo) <= 4
    assert calls.count(long_token) == 3  # read every time, never kept
    memo.clear()
    assert len(memo) == 0


def _tuple_trigrams(text: str) -> set[tuple[str, str, str]]:
    tokens = re.findall(r"\w+", text.lower())
    return set(zip(tokens, tokens[1:], tokens[2:], strict=False))


@compiled
@settings(max_examples=300, deadline=None)
@given(news_like, news_like)
def test_trigram_keys_count_and_overlap_like_trigram_tuples(first: str, second: str) -> None:
    from newsbrief.summarizers.statistics._reading import trigram_keys

    # Keys lowercase each character by itself; str.lower() changes "İ" into two characters and
    # a final "Σ" into "ς", the only places the two can part.
    assume(not any(ch in first + second for ch in "İΣ"))
    texts = (first + " " + second, second)
    keys = [trigram_keys(t) for t in texts]
    tuples = [_tuple_trigrams(t) for t in texts]
    for text, key_set, tuple_set in zip(texts, keys, tuples, strict=True):
        if len(re.findall(r"\w+", text)) < 3:
            assert key_set is None
        else:
            assert key_set is not None and len(key_set) == len(tuple_set)
    if keys[0] is not None and keys[1] is not None:
        assert len(keys[0] & keys[1]) == len(tuples[0] & tuples[1])


@compiled
def test_a_shared_token_memo_answers_right_under_threads() -> None:
    # The web server summarizes in a thread pool and the memo is shared by the process; a small
    # memo empties itself while other threads are in the middle of a lookup.
    from concurrent.futures import ThreadPoolExecutor

    from newsbrief.summarizers.statistics._reading import TokenMemo
    from newsbrief.summarizers.statistics._statistics import document_statistics

    memo = TokenMemo(words.content_word, 16, words.LONGEST_MEMOISED)
    documents = [
        [f"Officials in district {i} approved plan {i * 7}.", f"Residents of town {i} objected."]
        for i in range(60)
    ]
    expected = [statistics.reference_statistics(d, LEAD) for d in documents]

    def check(index: int) -> bool:
        rows, similarity = document_statistics(documents[index], memo, LEAD)
        return bool(
            np.allclose(rows, expected[index].rows)
            and np.allclose(similarity, expected[index].similarity)
        )

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert all(pool.map(check, [i % len(documents) for i in range(3000)]))
    assert len(memo) <= 16
