"""The library's front door: ``summarize`` any input, ``extract``, and the ``methods`` catalogue."""

from __future__ import annotations

import pytest
from sample_texts import METHODS, SAMPLE_PAGE, STORY

import newsbrief
from newsbrief import pipeline, summarize
from newsbrief.errors import InputError
from newsbrief.models import Article
from newsbrief.summarizers.base import SummaryOptions

# The story as a web page. It is English: only the language option can make its article German.
PAGE = (
    "<!DOCTYPE html><html><head><title>Budget approved</title></head><body><article>"
    + "".join(f"<p>{paragraph}</p>" for paragraph in STORY.split("\n\n"))
    + "</article></body></html>"
).encode()


def test_the_methods_are_the_catalogue() -> None:
    listed = newsbrief.methods()
    assert sorted(listed) == METHODS == ["centrality", "lead", "llm", "news"]
    assert all(isinstance(text, str) and text for text in listed.values())


def test_options_and_keywords_together_are_refused() -> None:
    with pytest.raises(InputError) as caught:
        summarize(STORY, SummaryOptions(sentences=1), sentences=2)
    assert caught.value.code == "conflicting_options"
    assert "sentences" in caught.value.message


def test_points_as_a_keyword() -> None:
    summary = summarize(STORY, points=2, method="lead")
    assert summary.options == SummaryOptions(method="lead", points=2)
    assert len(summary.sentences) == 2
    with pytest.raises(InputError) as caught:
        summarize(STORY, SummaryOptions(points=2), points=2)
    assert caught.value.code == "conflicting_options"


def test_options_or_keywords_give_the_same_summary() -> None:
    by_options = summarize(STORY, SummaryOptions(method="lead", sentences=2))
    by_keywords = summarize(STORY, method="lead", sentences=2)
    assert by_options == by_keywords
    assert by_options.options.key == "lead;sentences=2"


def test_the_language_reaches_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    # The real extraction, watched: the summary itself does not carry the article.
    extracted: list[Article] = []

    def watched(source: str | bytes, **options: str | None) -> Article:
        article = newsbrief.extract(source, **options)  # type: ignore[arg-type]
        extracted.append(article)
        return article

    monkeypatch.setattr(pipeline, "extract", watched)
    assert newsbrief.extract(PAGE).language == "en"
    summary = summarize(PAGE, language="DE", sentences=1)
    (article,) = extracted
    assert article.language == "de"
    assert summary.options.language == "de"
    sentence = summary.sentences[0]
    assert article.text[sentence.start : sentence.end] == sentence.text


def test_an_article_is_summarized_as_given() -> None:
    article = Article(text=STORY, language="en")
    assert summarize(article, method="lead", sentences=1).text == (
        "The city council approved a new budget for the harbour district on Monday night."
    )


def test_unknown_method_through_the_library() -> None:
    with pytest.raises(InputError, match="choose one of: centrality, lead, llm, news"):
        summarize(STORY, method="bogus")


def test_default_is_three_sentences_of_news() -> None:
    summary = summarize(STORY)
    assert summary.method == "news"
    assert len(summary.sentences) == 3


def test_one_sentence_article() -> None:
    summary = summarize("A single sentence makes up this whole article.", sentences=3)
    assert [s.text for s in summary.sentences] == ["A single sentence makes up this whole article."]


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_text_is_refused(text: str) -> None:
    with pytest.raises(InputError) as caught:
        summarize(text)
    assert caught.value.code == "empty_input"


def test_punctuation_only_input_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        summarize("!?!?... --- ,,, ;;; " * 50)
    assert caught.value.code == "no_words"


@pytest.fixture
def sample_page() -> bytes:
    if not SAMPLE_PAGE.is_file():
        pytest.skip(f"{SAMPLE_PAGE} is absent")
    return SAMPLE_PAGE.read_bytes()


CHROME = ("No time to read", "Get a summary", "Previous Article", "Next Article")


@pytest.mark.parametrize("method", METHODS)
def test_sample_page_summary_comes_from_the_story(sample_page: bytes, method: str) -> None:
    article = newsbrief.extract(sample_page)
    assert article.previous and article.next
    summary = summarize(sample_page, method=method, sentences=3)
    assert len(summary.sentences) == 3
    for sentence in summary.sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text
        assert not any(phrase in sentence.text for phrase in CHROME)
        assert article.previous not in sentence.text
        assert article.next not in sentence.text
        assert article.title is None or sentence.text != article.title
        # A story sentence is a full sentence, not a headline or a link label.
        assert sentence.text.endswith((".", "!", "?", '"', "”"))
        assert sentence.words >= 8
