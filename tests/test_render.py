"""Articles and summaries as people read them: the display paragraphs of a stored body."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsbrief.models import count_words
from newsbrief.reading.segmentation import sentence_spans
from newsbrief.render import LONG_PARAGRAPH_WORDS, display_paragraphs

SENTENCE = "Officials in the port town said the {n}th ferry would sail on time despite the storm."


def wall(sentences: int) -> str:
    """One long paragraph, as CNN/DailyMail bodies are stored."""
    return " ".join(SENTENCE.format(n=n) for n in range(sentences))


def test_a_long_paragraph_is_shown_in_pieces_of_a_few_whole_sentences() -> None:
    text = wall(12)
    shown = display_paragraphs(text)
    assert len(shown) == 4
    sentences = [text[a:b] for a, b in sentence_spans(text)]
    # Every piece is whole sentences: it starts where a sentence starts, ends where one ends.
    for piece in shown:
        assert any(piece.startswith(s) for s in sentences)
        assert piece.endswith(".")
    assert [len(sentence_spans(p)) for p in shown] == [3, 3, 3, 3]


def test_short_paragraphs_and_line_breaks_are_kept_as_they_are() -> None:
    text = "First short paragraph. It has two sentences.\n\nSecond one.\nThird, on its own line."
    assert display_paragraphs(text) == [
        "First short paragraph. It has two sentences.",
        "Second one.",
        "Third, on its own line.",
    ]
    assert display_paragraphs("  \n\n ") == []


def test_a_short_last_sentence_stays_with_the_piece_before_it() -> None:
    text = wall(9) + " It sailed."
    shown = display_paragraphs(text)
    assert shown[-1].endswith("storm. It sailed.")


def test_a_sentence_glued_to_the_one_before_is_never_cut_inside_a_word() -> None:
    glued = ".".join(SENTENCE.format(n=n).rstrip(".") for n in range(12)) + "."
    assert count_words(glued) > LONG_PARAGRAPH_WORDS
    assert " ".join(display_paragraphs(glued)).split() == glued.split()


_WORDS = st.sampled_from(
    ["the", "Ferry", "sailed", "said", "Mr.", "U.S.", "3.5", "storm", "(pictured)", "'quote'"]
)
_ENDS = st.sampled_from([".", "!", "?", "", ".'", '."', "…"])
_GAPS = st.sampled_from([" ", "  ", "\n", "\n\n", "", " \n "])


@st.composite
def bodies(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 60))):
        words = draw(st.lists(_WORDS, min_size=1, max_size=30))
        parts.append(" ".join(words) + draw(_ENDS) + draw(_GAPS))
    return "".join(parts)


@settings(max_examples=150, deadline=None)
@given(text=bodies() | st.text(max_size=600))
def test_the_display_paragraphs_hold_the_texts_words_in_order(text: str) -> None:
    shown = display_paragraphs(text)
    assert " ".join(shown).split() == text.split()
    assert all(p and p == p.strip() for p in shown)
