"""The prompt: the article cut to the input budget at sentence boundaries, and an instruction for
the reader's length (sentences, words or key points as bullets) and language. Pure functions."""

from __future__ import annotations

from collections.abc import Sequence

from newsbrief.models import Sentence
from newsbrief.summarizers.base import SummaryOptions

# English news runs about 1.3 tokens a word for the usual BPE vocabularies; over-estimating keeps
# the prompt inside small context windows.
TOKENS_PER_WORD = 1.4
LANGUAGES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "nl": "Dutch", "pt": "Portuguese", "sv": "Swedish", "da": "Danish", "pl": "Polish",
}  # fmt: skip


def estimate_tokens(text: str) -> int:
    return int(len(text.split()) * TOKENS_PER_WORD) + 1


def fit_article(sentences: Sequence[Sentence], max_tokens: int) -> tuple[str, bool]:
    """The article's text within ``max_tokens``: whole sentences from the top (the lead carries
    the story in news), and whether anything was cut."""
    kept: list[str] = []
    used = 0
    for sentence in sentences:
        cost = estimate_tokens(sentence.text)
        if kept and used + cost > max_tokens:
            return " ".join(kept), True
        kept.append(sentence.text)
        used += cost
    return " ".join(kept), False


def length_instruction(options: SummaryOptions, bullets: bool = False) -> str:
    """The length as the instruction says it: key points (``options.points``, or ``bullets``
    with a sentence count) are bullet points covering the whole article."""
    if options.words is not None:
        return f"in at most {options.words} words"
    count = options.points or options.sentences or 3
    if options.points is not None or bullets:
        return (
            f"as {count} short bullet point{'s' if count != 1 else ''}, one per line, each "
            "starting with '- ': one fact each, taken from the whole article, beginning to end"
        )
    return f"in {count} sentence{'s' if count != 1 else ''}"


def requested_count(options: SummaryOptions) -> int:
    """How many sentences (or key points) the reader asked for."""
    return options.points or options.sentences or 3


def build_messages(
    article: str, options: SummaryOptions, language: str | None, bullets: bool = False
) -> list[dict[str, str]]:
    """OpenAI chat messages asking for a faithful summary of ``article``."""
    name = LANGUAGES.get(language or "en", language or "English")
    system = (
        "You summarize news articles. Use only facts stated in the article: no outside "
        "knowledge, no guesses. Keep names, numbers and dates exactly as written. "
        f"Write in {name}. Answer with the summary only."
    )
    user = f"Summarize this article {length_instruction(options, bullets)}.\n\nArticle:\n{article}"
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def max_answer_tokens(options: SummaryOptions, ceiling: int) -> int:
    """A token cap a little above the requested length, so a rambling model stops early."""
    if options.words is not None:
        wanted = options.words * TOKENS_PER_WORD + 16
    else:
        wanted = requested_count(options) * 40 + 16
    return max(16, min(ceiling, int(wanted)))


__all__ = [
    "build_messages",
    "estimate_tokens",
    "fit_article",
    "length_instruction",
    "requested_count",
]
