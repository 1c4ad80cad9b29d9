"""Sentence splitting on the cases news copy is full of; every example is written for the test."""

from __future__ import annotations

import itertools

import pytest

from newsbrief.reading.segmentation import sentence_spans, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "The U.S. economy grew in the spring. Exports rose fastest.",
            ["The U.S. economy grew in the spring.", "Exports rose fastest."],
            id="acronym-mid-sentence",
        ),
        pytest.param(
            "The deal was signed in the U.S. on Tuesday. Markets barely moved.",
            ["The deal was signed in the U.S. on Tuesday.", "Markets barely moved."],
            id="acronym-before-lowercase",
        ),
        pytest.param(
            "Mr. Okafor and Mrs. Lind met the mayor. They left at noon.",
            ["Mr. Okafor and Mrs. Lind met the mayor.", "They left at noon."],
            id="titles",
        ),
        pytest.param(
            "The vote closes at 5 p.m. Officials will count overnight.",
            ["The vote closes at 5 p.m.", "Officials will count overnight."],
            id="pm-then-sentence",
        ),
        pytest.param(
            "The vote closes at 5 p.m. Friday in every district.",
            ["The vote closes at 5 p.m. Friday in every district."],
            id="pm-then-weekday",
        ),
        pytest.param(
            "The firm is based in Washington, D.C. It employs 40 people.",
            ["The firm is based in Washington, D.C.", "It employs 40 people."],
            id="dc-then-sentence",
        ),
        pytest.param(
            "A coffee now costs $3.50 in the city centre. Prices rose 4.5 per cent last year.",
            ["A coffee now costs $3.50 in the city centre.", "Prices rose 4.5 per cent last year."],
            id="decimals",
        ),
        pytest.param(
            "Inflation eased to 2.5 per cent. Dr. Jones said rates would hold.",
            ["Inflation eased to 2.5 per cent.", "Dr. Jones said rates would hold."],
            id="per-cent-then-title",
        ),
        pytest.param(
            '"Really?" she asked. Nobody answered her.',
            ['"Really?" she asked.', "Nobody answered her."],
            id="quoted-question",
        ),
        pytest.param(
            "“We will win,” he said. The crowd cheered.",
            ["“We will win,” he said.", "The crowd cheered."],
            id="curly-quotes",
        ),
        pytest.param(
            "John F. Kennedy was elected in 1960. He was 43.",
            ["John F. Kennedy was elected in 1960.", "He was 43."],
            id="middle-initial",
        ),
        pytest.param(
            "Police seized the haul at a flat in Liverpool The amount of cash stunned officers.",
            [
                "Police seized the haul at a flat in Liverpool",
                "The amount of cash stunned officers.",
            ],
            id="glued-caption",
        ),
        pytest.param(
            "She read it in The Times. It was a short piece.",
            ["She read it in The Times.", "It was a short piece."],
            id="the-inside-a-name",
        ),
        pytest.param(
            "Is it over? Not yet! The talks resume on Monday.",
            ["Is it over?", "Not yet!", "The talks resume on Monday."],
            id="question-exclamation",
        ),
        pytest.param(
            "Sales fell in Jan. and Feb. before recovering. Analysts were relieved.",
            ["Sales fell in Jan. and Feb. before recovering.", "Analysts were relieved."],
            id="month-abbreviations",
        ),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_offsets_are_exact_slices() -> None:
    text = "  Leading space. Mr. Smith went to D.C. on Monday.\n\nA new paragraph?  Yes!\n"
    sentences = split_sentences(text)
    assert sentences
    for sentence in sentences:
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()
    spans = sentence_spans(text)
    assert spans == [(s.start, s.end) for s in sentences]
    assert all(a < b for a, b in spans)
    assert all(prev[1] <= nxt[0] for prev, nxt in itertools.pairwise(spans))


def test_paragraphs_are_numbered_and_never_fused() -> None:
    text = (
        "Storm Hits The Coast\n\n"
        "Heavy rain flooded roads on Friday. Two bridges closed.\n\n"
        "Crews worked through the night. Power returned by dawn."
    )
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == [
        "Storm Hits The Coast",
        "Heavy rain flooded roads on Friday.",
        "Two bridges closed.",
        "Crews worked through the night.",
        "Power returned by dawn.",
    ]
    assert [s.paragraph for s in sentences] == [0, 1, 1, 2, 2]
    assert [s.index for s in sentences] == list(range(5))


def test_headline_line_does_not_fuse_with_the_body() -> None:
    text = "Council Backs New Budget\nThe council approved the plan late on Monday."
    assert texts(text) == [
        "Council Backs New Budget",
        "The council approved the plan late on Monday.",
    ]


def test_a_wrapped_line_continues_its_sentence() -> None:
    text = (
        "The committee, which met for the third time this month, said on Tuesday that\n"
        "the proposal would be delayed until spring."
    )
    assert len(texts(text)) == 1


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t", "\u200b"])
def test_blank_text_has_no_sentences(text: str) -> None:
    assert [s for s in split_sentences(text) if s.text.strip("\u200b")] == []


def test_text_without_final_punctuation_is_one_sentence() -> None:
    assert texts("a headline with no full stop") == ["a headline with no full stop"]


def test_chinese_and_japanese_sentences_end_at_full_width_marks() -> None:
    text = "他说：“我们明天见。”然后他走了。真的吗？是的！"
    assert [s.text for s in split_sentences(text)] == [
        "他说：“我们明天见。”",
        "然后他走了。",
        "真的吗？",
        "是的！",
    ]
