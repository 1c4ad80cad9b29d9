"""Server-sent events for the abstractive summary: the extractive summary at once, then each
LLM sentence as soon as it is complete *and has passed the guard*, then the final summary.

Tokens are buffered into sentences before anything is sent, so a reader never sees a claim the
guard has not checked; the panel fills in sentence by sentence. Events:

- ``extractive``: the ``news`` summary payload (shown while the LLM writes, and kept on failure)
- ``sentence``: ``{"text", "index", "replaced"}`` a guarded sentence (or its replacement)
- ``done``: the final payload, as ``GET .../summary?method=llm`` would give it, with ``guard``
- ``fallback``: ``{"code", "message"}`` the LLM failed; the extractive summary stands
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from newsbrief import summarizers
from newsbrief.errors import ErrorCode, UpstreamError
from newsbrief.guard.sentences import GuardConfig
from newsbrief.llm.summarizer import Guarded, LlmSummarizer, answer_sentences, validate_answer
from newsbrief.render import summary_record
from newsbrief.summarizers.base import Document, Summary, SummaryOptions
from newsbrief.web.state import parse_id, site_of
from newsbrief.web.summaries import cached_summary

router = APIRouter(prefix="/api/v1", tags=["summaries"])
log = logging.getLogger("newsbrief.llm")


def sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def guarded_events(
    document: Document, options: SummaryOptions, llm: LlmSummarizer
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(event, data) pairs for one abstractive summary; never raises for LLM trouble."""
    guarded = Guarded(document, GuardConfig())
    limit = options.sentences or 3
    answer = ""
    done = 0
    try:
        for piece in llm.stream(document, options):
            answer += piece
            parts = answer_sentences(answer)
            # The last part may still be growing; the ones before it are complete.
            for text in parts[done : max(done, len(parts) - 1)][: limit - done]:
                yield from _shown(guarded, text)
            done = max(done, min(limit, len(parts) - 1))
        validate_answer(answer, options, options.language or document.article.language)
        for text in answer_sentences(answer)[done:limit]:
            yield from _shown(guarded, text)
        if not guarded.kept:
            raise UpstreamError(
                "no sentence of the llm answer passed the guard", code=ErrorCode.LLM_UNFAITHFUL
            )
    except UpstreamError as error:
        log.warning("llm fallback to news: %s (%s)", error.message, error.code)
        yield "fallback", {"code": error.code, "message": error.message}
        return
    final = Summary(
        tuple(guarded.kept),
        "llm",
        options,
        (),
        {"llm": {"status": "ok"}, "guard": guarded.report()},
    )
    yield "done", summary_record(final)


def _shown(guarded: Guarded, text: str) -> Iterator[tuple[str, dict[str, Any]]]:
    shown = guarded.add(text)
    if shown is not None:
        yield "sentence", {"text": shown.text, "index": len(guarded.kept) - 1,
                           "replaced": shown.start >= 0}  # fmt: skip


@router.get("/articles/{article_id}/summary/stream")
def stream_summary(
    request: Request,
    article_id: str,
    sentences: Annotated[int, Query(ge=1, le=20)] = 3,
) -> StreamingResponse:
    """An abstractive (``llm``) summary as server-sent events: the extractive summary first,
    then guarded sentences as they are written, then ``done`` (or ``fallback``)."""
    site = site_of(request)
    stored = site.store.articles.get(parse_id(article_id))
    extractive = cached_summary(
        site.store, stored, SummaryOptions(sentences=sentences), site.settings.llm
    )
    options = SummaryOptions(method="llm", sentences=sentences)
    llm = LlmSummarizer(site.settings.llm)

    def events() -> Iterator[str]:
        yield sse("extractive", extractive)
        document = summarizers.segment(stored.article)
        for event, data in guarded_events(document, options, llm):
            yield sse(event, data)

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


__all__ = ["guarded_events", "router", "sse"]
