"""The fast path around nupunkt gives exactly nupunkt's sentences.

``segmentation._base_spans`` cuts the plain sentence ends itself and asks nupunkt only about the
text between them; the result must be what one nupunkt call on the whole block returns, on the
dev articles (and their reference summaries) and on generated news-like text.
"""

from __future__ import annotations

import json

import nupunkt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sample_texts import DATA

from newsbrief.reading import segmentation


def _fast(text: str) -> list[tuple[int, int]]:
    cuts = segmentation._Cuts(text)
    return segmentation._base_spans(text, 0, len(text), cuts.candidates)


def _plain(text: str) -> list[tuple[int, int]]:
    return [(s, e) for s, e in nupunkt.sent_spans(text)]


words = st.sampled_from(
    "the said Mr. U.S. Dr. No. approx. in a.m. p.m. J. Smith Jr. Inc. 1. 12 2.5 vs. "
    "officials London Paris It The We ii. (b). e.g. etc. al. St. Gen. Oct. co-op ‘Yes’ "
    "“No” (AP) — … ! ? Yahoo! why? I I’m ‘I 'I (The A J. 'Mr. wow! 5 12th Iraq's "
    "iv. x. Ms. me. us. ago. 'til O'Neill McDonald's".split()
)
marks = st.sampled_from(["", ".", "!", "?", ".”", ".'", ".)", ",", ";", ":", "...", "…"])
spaces = st.sampled_from([" ", " ", " ", "  ", "\t", " \n"])
news_like = st.lists(st.tuples(words, marks, spaces), min_size=1, max_size=40).map(
    lambda parts: "".join(w + m + s for w, m, s in parts).strip()
)


@settings(max_examples=1500, deadline=None)
@given(news_like)
def test_the_fast_path_splits_generated_text_like_nupunkt(text: str) -> None:
    if text:
        assert _fast(text) == _plain(text)


@pytest.mark.parametrize(
    "text",
    [
        "He left in 2015. The rest stayed. 6. The movie is long. 7. Its sequel is not.",
        'She said: "We won." Then they left. Fans cheered.',
        "Revenue rose 2.5 per cent. Dr. Jones said so. Officials agreed.",
        "It was late. (The police came.) Nobody spoke. J. K. Rowling wrote it.",
    ],
)
def test_the_fast_path_on_written_cases(text: str) -> None:
    assert _fast(text) == _plain(text)


@pytest.mark.skipif(not (DATA / "cnndm_dev.jsonl").exists(), reason="no dev data")
def test_the_fast_path_splits_every_dev_text_like_nupunkt() -> None:
    texts = []
    for name in ("cnndm_dev.jsonl", "newsroom_dev.jsonl", "xsum_dev.jsonl"):
        with (DATA / name).open(encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                texts += [v for v in row.values() if isinstance(v, str) and len(v) > 40]
    for text in texts:
        for start, end in segmentation._blocks(text):
            block = text[start:end]
            if block.strip():
                assert _fast(block) == _plain(block), block[:200]


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        pytest.param("He left. The rest stayed.", True, id="word-capital"),
        pytest.param("He left.  Then more.", True, id="spaces"),
        pytest.param("He left. 2024 was good.", True, id="word-digit"),
        pytest.param('He said yes." Then left.', True, id="one-closing-quote"),
        pytest.param('He said yes. "Then left.', True, id="opening-quote-after"),
        pytest.param('He said yes.") Then left.', False, id="two-closers"),
        pytest.param("He left.\tThen more.", False, id="tab"),
        pytest.param("Ask Dr. Jones now.", False, id="abbreviation"),
        pytest.param("In the U.S. Officials agreed.", False, id="acronym"),
        pytest.param("A. Smith came.", False, id="initial"),
        pytest.param("It was ii. The next one.", False, id="roman-numeral"),
        pytest.param("He left. 6. The movie", False, id="list-number-after"),
        pytest.param("He left (now). Then", False, id="closing-bracket-before"),
    ],
)
def test_which_ends_are_plain(text: str, plain: bool) -> None:
    (mark, cut, resume), *_ = segmentation._Cuts(text).candidates
    assert segmentation._plain_end(text, mark, cut, resume, 0) is plain
