"""Server-sent events for the abstractive summary: the extractive summary at once, then each
LLM sentence as soon as it is complete *and has passed the guard*, then the final summary.

Tokens are buffered into sentences before anything is sent, so a reader never sees a claim the
guard has not checked; the panel fills in sentence by sentence. Events:

- ``extractive``: the ``news`` summary payload (shown while the LLM writes, and kept on failure)
- ``sentence``: ``{"text", "index", "replaced"}`` a guarded sentence (or its replacement)
- ``done``: the final payload, as ``GET .../summary?method=llm`` would give it, with ``guard``
- ``fallback``: ``{"code", "message"}`` the LLM failed; the extractive summary stands (the
  message says nothing of the site's setup: that goes to the log)

A reader watches the panel fill and keeps the extractive summary meanwhile, so a stream waits
:data:`STREAM_PATIENCE` times the LLM's usual time limit (a small local model on a CPU takes a
while over a long article); when even that runs out after some sentences were shown, ``done``
ends the summary with them.

A stream is admitted to the LLM lane (:mod:`newsbrief.web.limits`) before it starts and holds its
slot until it ends, however it ends; all its blocking work (the extractive summary, waiting for
the LLM, the guard) runs on that lane's threads, one step at a time.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable, Generator, Iterator
from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from newsbrief import summarizers
from newsbrief.config import LlmSettings
from newsbrief.errors import ErrorCode, UpstreamError
from newsbrief.guard.sentences import GuardConfig
from newsbrief.llm.summarizer import Guarded, LlmSummarizer, answer_sentences, validate_answer
from newsbrief.render import summary_record
from newsbrief.storage import StoredArticle
from newsbrief.summarizers.base import Document, Summary, SummaryOptions
from newsbrief.web.limits import Lane, client_of
from newsbrief.web.state import Site, parse_id, site_of
from newsbrief.web.summaries import cached_summary, reader_message

Event = tuple[str, dict[str, Any]]
Events = Generator[Event, None, None]

router = APIRouter(prefix="/api/v1", tags=["summaries"])
STREAM_PATIENCE = 4.0
CUT_SHORT = "the AI model ran out of time; showing the sentences it wrote"
log = logging.getLogger("newsbrief.llm")


def sse(event: str, data: object) -> str:
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def guarded_events(document: Document, options: SummaryOptions, llm: LlmSummarizer) -> Events:
    """(event, data) pairs for one abstractive summary; never raises for LLM trouble."""
    guarded = Guarded(document, GuardConfig())
    limit = options.points or options.sentences or 3
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
        if error.code == ErrorCode.LLM_TIMEOUT and guarded.kept:
            log.warning("llm cut short: %s", error.message)
            yield "done", _final(guarded, options, (CUT_SHORT,))
            return
        log.warning("llm fallback to news: %s (%s)", error.message, error.code)
        yield "fallback", {"code": error.code, "message": reader_message(error.code, error.message)}
        return
    yield "done", _final(guarded, options, ())


def _final(guarded: Guarded, options: SummaryOptions, notes: tuple[str, ...]) -> dict[str, Any]:
    details = {"llm": {"status": "ok"}, "guard": guarded.report()}
    return summary_record(Summary(tuple(guarded.kept), "llm", options, notes, details))


def _shown(guarded: Guarded, text: str) -> Iterator[Event]:
    shown = guarded.add(text)
    if shown is not None:
        yield "sentence", {"text": shown.text, "index": len(guarded.kept) - 1,
                           "replaced": shown.start >= 0}  # fmt: skip


def patient(llm: LlmSettings | None) -> LlmSettings | None:
    """The LLM's settings for a stream: :data:`STREAM_PATIENCE` times its time limit."""
    return replace(llm, timeout=llm.timeout * STREAM_PATIENCE) if llm is not None else None


class HeldStream(StreamingResponse):
    """A streamed response that gives its admission slot back when it ends, whether it finished,
    failed or the client went away (even before the first event)."""

    def __init__(self, content: AsyncIterator[str], release: Callable[[], None]) -> None:
        headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
        super().__init__(content, media_type="text/event-stream", headers=headers)
        self._release = release

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._release()


def _start(
    site: Site, stored: StoredArticle, options: SummaryOptions
) -> tuple[dict[str, Any], Document]:
    """The blocking first step: the extractive summary at the same length (shown while the LLM
    writes) and the segmented article the guard reads."""
    extractive = cached_summary(
        site.store, stored, replace(options, method="news"), site.settings.llm
    )
    return extractive, summarizers.segment(stored.article)


def _next(events: Events) -> Event | None:
    return next(events, None)


async def _sse(extractive: dict[str, Any], events: Events, lane: Lane) -> AsyncIterator[str]:
    """The events as server-sent text; each step of ``events`` (waiting for the LLM, guarding a
    sentence) on one of the lane's threads."""
    try:
        yield sse("extractive", extractive)
        while (event := await lane.thread(_next, events)) is not None:
            yield sse(*event)
    finally:
        # Ends the LLM request at once when the client has gone (no step is running: a thread
        # step is always awaited to its end).
        events.close()


@router.get("/articles/{article_id}/summary/stream")
async def stream_summary(
    request: Request,
    article_id: str,
    sentences: Annotated[int | None, Query(ge=1, le=20)] = None,
    points: Annotated[int | None, Query(ge=1, le=20, description="key points")] = None,
) -> StreamingResponse:
    """An abstractive (``llm``) summary as server-sent events: the extractive summary first,
    then guarded sentences as they are written, then ``done`` (or ``fallback``). Its length is
    ``sentences`` or ``points`` (default 3 sentences). Counts against the client's LLM limits
    (429 when over them)."""
    site = site_of(request)
    options = SummaryOptions(method="llm", sentences=sentences, points=points)
    stored = await run_in_threadpool(site.store.articles.get, parse_id(article_id))
    lane = site.limits.llm
    slot = lane.admit(client_of(request))
    try:
        extractive, document = await lane.thread(_start, site, stored, options)
    except BaseException:
        slot.release()
        raise
    events = guarded_events(document, options, LlmSummarizer(patient(site.settings.llm)))
    return HeldStream(_sse(extractive, events, lane), slot.release)


__all__ = ["HeldStream", "guarded_events", "router", "sse"]
