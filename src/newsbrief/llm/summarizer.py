"""``llm``: an abstractive summary from an OpenAI-compatible server, checked by the guard.

The summarizer is the one place where the core meets the LLM edge: it builds the prompt, asks the
server, and passes every sentence of the answer through :mod:`newsbrief.guard` before anyone sees
it. An unsupported sentence is replaced by the article sentence that supports it best (when that
sentence is not in the summary yet), otherwise dropped.

How abstractive sentences are represented: a written sentence is not a span of the article, so
its ``start`` and ``end`` are ``-1`` (and ``paragraph`` too); its ``index`` is its position in the
summary. A replacement is the article sentence itself, with its real offsets. The ``news``
invariants (spans, document order) hold for extractive methods only; see
``summarizers.ABSTRACTIVE``.

Whenever the server is not configured, down, slow, refuses, or answers with something unusable,
the summary is the extractive ``news`` summary (``method == "news"``) with a note saying why, and
``details["llm"]`` holds the error code; one line is logged.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from newsbrief.config import NOT_CONFIGURED, LlmSettings
from newsbrief.errors import ErrorCode, UpstreamError
from newsbrief.guard.sentences import ArticleIndex, GuardConfig, SentenceCheck, check_sentence
from newsbrief.llm.client import LlmClient
from newsbrief.llm.prompt import build_messages, fit_article, max_answer_tokens, requested_count
from newsbrief.models import Sentence, count_words
from newsbrief.reading.language import detect_language
from newsbrief.reading.segmentation import split_sentences
from newsbrief.summarizers.base import Document, Summary, SummaryOptions
from newsbrief.summarizers.news import NewsSummarizer

log = logging.getLogger("newsbrief.llm")

_REFUSAL = re.compile(
    r"^\s*(?:i'?m sorry|i am sorry|sorry,|i can(?:no|')t|i am unable|i'm unable|as an ai)", re.I
)
_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
# An answer this many times the requested length is not following the instruction.
_OVER_LENGTH = 2.0


@dataclass(frozen=True, slots=True)
class Removed:
    text: str
    reasons: tuple[str, ...]
    replacement: str | None

    def to_dict(self) -> dict[str, object]:
        return {"text": self.text, "reasons": list(self.reasons), "replacement": self.replacement}


def answer_sentences(answer: str) -> list[str]:
    """The sentences of a model's answer: bullets become sentences, blank lines are dropped."""
    result: list[str] = []
    for line in answer.splitlines():
        line = _BULLET.sub("", line).strip()
        if line:
            result.extend(s.text for s in split_sentences(line))
    return result


def validate_answer(answer: str, options: SummaryOptions, language: str | None) -> None:
    """Raise ``UpstreamError`` for an answer no reader should get: empty, a refusal, far over
    the requested length, or in another language than the article."""
    text = answer.strip()
    if not text:
        raise UpstreamError("the llm returned an empty answer", code=ErrorCode.LLM_EMPTY)
    if _REFUSAL.match(text):
        raise UpstreamError("the llm refused to summarize", code=ErrorCode.LLM_REFUSED)
    words = count_words(text)
    limit = options.words if options.words is not None else requested_count(options) * 40
    if words > limit * _OVER_LENGTH:
        raise UpstreamError(
            f"the llm answer is too long ({words} words for about {limit})",
            code=ErrorCode.LLM_TOO_LONG,
        )
    if language and words >= 8:
        found = detect_language(text)
        if found is not None and found != language:
            raise UpstreamError(
                f"the llm answered in '{found}', the article is in '{language}'",
                code=ErrorCode.LLM_WRONG_LANGUAGE,
            )


class Guarded:
    """Sentences of an answer, guarded one at a time as they complete (for streaming)."""

    def __init__(self, document: Document, config: GuardConfig) -> None:
        self.document = document
        self.config = config
        self.index = ArticleIndex.of(document.article.text)
        self.kept: list[Sentence] = []
        self.removed: list[Removed] = []
        self.checks: list[SentenceCheck] = []
        self._used: set[int] = set()

    def add(self, text: str) -> Sentence | None:
        """Check one written sentence; the sentence to show (itself or its replacement)."""
        check = check_sentence(self.index, text, self.config)
        self.checks.append(check)
        shown: Sentence | None
        if check.supported:
            shown = Sentence(text, -1, -1, len(self.kept), -1)
        else:
            shown = self._replacement(check)
            self.removed.append(Removed(text, check.reasons, shown.text if shown else None))
        if shown is not None:
            shown = replace(shown, index=len(self.kept)) if shown.start < 0 else shown
            self.kept.append(shown)
        return shown

    def _replacement(self, check: SentenceCheck) -> Sentence | None:
        for i in check.evidence[:1]:
            if i < len(self.document.sentences) and i not in self._used:
                self._used.add(i)
                return self.document.sentences[i]
        return None

    def report(self) -> dict[str, object]:
        return {
            "checked": len(self.checks),
            "removed": [r.to_dict() for r in self.removed],
            "faithful_as_written": not self.removed,
        }


def fallback(document: Document, options: SummaryOptions, error: UpstreamError) -> Summary:
    """The extractive summary, with a note and the LLM's error code."""
    log.warning("llm fallback to news: %s (%s)", error.message, error.code)
    extractive = NewsSummarizer()(document, replace(options, method="news"))
    note = f"{error.message}; showing the extractive summary instead"
    return Summary(
        extractive.sentences,
        "news",
        extractive.options,
        (note, *extractive.notes),
        {"llm": {"status": "fallback", "code": error.code, "message": error.message}},
    )


class LlmSummarizer:
    """Abstractive summaries from the server in ``settings``, built by the edge that read them
    (``None``: no server is configured, and every summary is the fallback saying so). Nothing
    here reads the environment."""

    name = "llm"

    def __init__(
        self,
        settings: LlmSettings | None,
        *,
        guard: GuardConfig | None = None,
        client: Callable[[LlmSettings], LlmClient] = LlmClient,
    ) -> None:
        self.settings = settings
        self._guard = guard or GuardConfig()
        self._client = client

    def server(self) -> LlmSettings:
        """The configured server; ``UpstreamError`` (``llm_not_configured``) when there is none."""
        if self.settings is None:
            raise UpstreamError(NOT_CONFIGURED, code=ErrorCode.LLM_NOT_CONFIGURED)
        return self.settings

    def stream(self, document: Document, options: SummaryOptions) -> Iterator[str]:
        """The raw answer as it arrives (unguarded: feed it to :class:`Guarded`)."""
        server = self.server()
        article, _cut = fit_article(document.sentences, server.max_input_tokens)
        language = options.language or document.article.language
        messages = build_messages(article, options, language)
        tokens = max_answer_tokens(options, server.max_output_tokens)
        return self._client(server).stream(messages, tokens)

    def __call__(self, document: Document, options: SummaryOptions) -> Summary:
        try:
            server = self.server()
            answer = "".join(self.stream(document, options))
            language = options.language or document.article.language
            validate_answer(answer, options, language)
        except UpstreamError as error:
            return fallback(document, options, error)
        guarded = self._guarded(document, options, answer)
        if not guarded.kept:
            return fallback(
                document,
                options,
                UpstreamError(
                    "no sentence of the llm answer passed the guard", code=ErrorCode.LLM_UNFAITHFUL
                ),
            )
        return _summary(guarded, options, server.model)

    def _guarded(self, document: Document, options: SummaryOptions, answer: str) -> Guarded:
        """The answer's sentences through the guard, within the requested length."""
        guarded = Guarded(document, self._guard)
        for sentence in answer_sentences(answer)[: options.points or options.sentences or None]:
            guarded.add(sentence)
        if options.words is not None:
            # The reader's word ceiling holds here too: later sentences go first.
            while len(guarded.kept) > 1 and sum(s.words for s in guarded.kept) > options.words:
                guarded.kept.pop()
        return guarded


def _summary(guarded: Guarded, options: SummaryOptions, model: str) -> Summary:
    """The guarded sentences as the ``llm`` summary, with the guard's report."""
    notes: tuple[str, ...] = ()
    if guarded.removed:
        n = len(guarded.removed)
        notes = (f"{n} sentence{'s' if n > 1 else ''} of the llm answer failed the guard",)
    details = {"llm": {"status": "ok", "model": model}, "guard": guarded.report()}
    return Summary(tuple(guarded.kept), "llm", options, notes, details)


__all__ = ["Guarded", "LlmSummarizer", "answer_sentences", "fallback", "validate_answer"]
