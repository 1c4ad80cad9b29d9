"""A small client for OpenAI-compatible ``/v1/chat/completions`` servers, with explicit timeouts.

Every failure becomes an :class:`~newsbrief.errors.UpstreamError` with a stable code, so callers
can fall back to the extractive summary with a one-line note:

==================  ==========================================================================
code                what happened
==================  ==========================================================================
llm_unreachable     no connection (server down, wrong port); retried
llm_timeout         no complete answer within ``timeout`` seconds, retries included (the budget
                    holds for the whole exchange, every socket wait included)
llm_rate_limited    HTTP 429; retried after the backoff (or Retry-After, capped)
llm_server_error    HTTP 5xx; retried
llm_rejected        another HTTP error (401 wrong key, 404 wrong URL or model ...)
llm_bad_response    the body is not an OpenAI chat completion, or is far larger than any answer
==================  ==========================================================================

The API key travels only in the ``Authorization`` header; no message here includes it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpcore
import httpx

from newsbrief.config import LlmSettings
from newsbrief.errors import ErrorCode, UpstreamError
from newsbrief.llm.deadline import Deadline, DeadlineTransport

_RETRY_STATUSES = {429, 500, 502, 503, 504}
_MAX_RETRY_AFTER = 5.0
# Characters of response body read at most: an answer is a few hundred tokens, so a body this
# large is a broken or hostile server, not a summary.
MAX_RESPONSE_CHARACTERS = 1_000_000


class LlmClient:
    """Chat completions from the server in ``settings``; ``transport`` lets tests swap httpx's."""

    def __init__(
        self,
        settings: LlmSettings,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self._transport = transport
        self._sleep = sleep

    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.settings.api_key:
            headers["Authorization"] = f"Bearer {self.settings.api_key}"
        return headers

    def _body(self, messages: list[dict[str, str]], max_tokens: int, stream: bool) -> bytes:
        body: dict[str, Any] = {
            "model": self.settings.model,
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": 0.2,
            "stream": stream,
        }
        return json.dumps(body).encode()

    def ping(self, timeout: float) -> None:
        """Whether the server answers at all: ``GET /models`` (OpenAI's list of models) within
        ``timeout`` seconds, no retry; ``UpstreamError`` when it does not."""
        url = self.settings.chat_url.removesuffix("/chat/completions") + "/models"
        try:
            with httpx.Client(transport=self._transport, timeout=timeout) as http:
                response = http.get(url, headers=self._headers())
        except httpx.HTTPError as error:
            raise UpstreamError(
                f"the llm server did not answer at {url} ({type(error).__name__})",
                code=ErrorCode.LLM_UNREACHABLE,
            ) from None
        if response.status_code != 200:
            raise UpstreamError(
                f"the llm server answered {url} with HTTP {response.status_code}",
                code=ErrorCode.LLM_REJECTED,
            )

    def complete(self, messages: list[dict[str, str]], max_tokens: int) -> str:
        """The whole answer's text."""
        return "".join(self.stream(messages, max_tokens))

    def stream(self, messages: list[dict[str, str]], max_tokens: int) -> Iterator[str]:
        """The answer's text as it arrives, all within ``timeout`` seconds (retries included).
        Retries happen only before the first piece, so a caller never sees text twice."""
        deadline = Deadline(self.settings.timeout)
        attempt = 0
        while True:
            try:
                yield from self._attempt(messages, max_tokens, deadline)
                return
            except _Retryable as error:
                wait = self.settings.backoff * 2**attempt
                if error.retry_after is not None:
                    wait = min(max(wait, error.retry_after), _MAX_RETRY_AFTER)
                if attempt >= self.settings.retries or wait >= deadline.left():
                    raise error.upstream from None
                self._sleep(wait)
                attempt += 1

    def _attempt(
        self, messages: list[dict[str, str]], max_tokens: int, deadline: Deadline
    ) -> Iterator[str]:
        """One request: the answer's pieces, every failure mapped to an ``UpstreamError`` (or
        ``_Retryable`` while nothing was yielded yet)."""
        started = False
        try:
            deadline.limit(None, httpcore.PoolTimeout)
            with self._request(messages, max_tokens, deadline) as response:
                _check_status(response)
                for piece in _answer_pieces(response, deadline):
                    started = True
                    yield piece
        except httpcore.TimeoutException:
            raise _timeout(deadline) from None
        except httpx.HTTPError as error:
            raise self._upstream(error, deadline.seconds, retryable=not started) from None

    @contextmanager
    def _request(
        self, messages: list[dict[str, str]], max_tokens: int, deadline: Deadline
    ) -> Iterator[httpx.Response]:
        """The streamed POST to the chat endpoint, its client closed with it. Every socket wait
        is cut to what is left of ``deadline`` (httpx's own timeouts are per read)."""
        left = deadline.left()
        with (
            httpx.Client(
                transport=self._transport or DeadlineTransport(deadline),
                timeout=httpx.Timeout(left, connect=min(left, 5.0)),
            ) as http,
            http.stream(
                "POST",
                self.settings.chat_url,
                content=self._body(messages, max_tokens, stream=True),
                headers=self._headers(),
            ) as response,
        ):
            yield response

    def _upstream(self, error: httpx.HTTPError, timeout: float, retryable: bool) -> Exception:
        """httpx's failure as the project's error: a dropped or refused connection is retried
        when no text was shown yet."""
        if isinstance(error, httpx.TimeoutException):
            return UpstreamError(
                f"the llm server did not answer within {timeout:g} s", code=ErrorCode.LLM_TIMEOUT
            )
        if isinstance(error, httpx.ConnectError | httpx.RemoteProtocolError | httpx.ReadError):
            upstream = UpstreamError(
                f"cannot reach the llm server at {self.settings.url} ({type(error).__name__})",
                code=ErrorCode.LLM_UNREACHABLE,
            )
            return _Retryable(upstream) if retryable else upstream
        return UpstreamError(
            f"llm request failed ({type(error).__name__})", code=ErrorCode.LLM_UNREACHABLE
        )


def _timeout(deadline: Deadline) -> UpstreamError:
    return UpstreamError(
        f"the llm server did not finish within {deadline.seconds:g} s", code=ErrorCode.LLM_TIMEOUT
    )


def _answer_pieces(response: httpx.Response, deadline: Deadline) -> Iterator[str]:
    """The answer's text from a streamed (server-sent events) or a whole JSON body."""
    if "text/event-stream" in response.headers.get("content-type", ""):
        yield from _event_pieces(response, deadline)
    else:  # a server that ignores "stream": one JSON body
        yield _json_answer(response, deadline)


def _chunks(response: httpx.Response, deadline: Deadline) -> Iterator[str]:
    """The body's text as it arrives, each chunk within the deadline and all of it within
    :data:`MAX_RESPONSE_CHARACTERS`."""
    received = 0
    for chunk in response.iter_text():
        if deadline.left() <= 0:
            raise _timeout(deadline)
        received += len(chunk)
        if received > MAX_RESPONSE_CHARACTERS:
            raise UpstreamError(
                f"the llm server sent more than {MAX_RESPONSE_CHARACTERS} characters",
                code=ErrorCode.LLM_BAD_RESPONSE,
            )
        yield chunk


def _json_answer(response: httpx.Response, deadline: Deadline) -> str:
    return _message_text(_parse_json("".join(_chunks(response, deadline)).encode()))


def _lines(chunks: Iterator[str]) -> Iterator[str]:
    """Complete lines of the chunks (the last one even without its newline)."""
    pending: list[str] = []
    for chunk in chunks:
        if "\n" not in chunk:
            pending.append(chunk)
            continue
        first, *middle, rest = chunk.split("\n")
        yield "".join([*pending, first])
        yield from middle
        pending = [rest]
    if any(pending):
        yield "".join(pending)


def _event_pieces(response: httpx.Response, deadline: Deadline) -> Iterator[str]:
    for line in _lines(_chunks(response, deadline)):
        piece = _event_text(line)
        if piece is None:
            return
        if piece:
            yield piece


class _Retryable(Exception):
    def __init__(self, upstream: UpstreamError, retry_after: float | None = None) -> None:
        super().__init__(upstream.message)
        self.upstream = upstream
        self.retry_after = retry_after


def _check_status(response: httpx.Response) -> None:
    status = response.status_code
    if status < 400:
        return
    if status in _RETRY_STATUSES:
        code = ErrorCode.LLM_RATE_LIMITED if status == 429 else ErrorCode.LLM_SERVER_ERROR
        what = "is rate limiting us" if status == 429 else "failed"
        retry_after = _retry_after(response.headers.get("retry-after"))
        raise _Retryable(
            UpstreamError(f"the llm server {what} (HTTP {status})", code=code), retry_after
        )
    raise UpstreamError(
        f"the llm server refused the request (HTTP {status})", code=ErrorCode.LLM_REJECTED
    )


def _retry_after(raw: str | None) -> float | None:
    try:
        return float(raw) if raw else None
    except ValueError:
        return None


def _parse_json(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):  # not JSON, or nested past the parser's depth
        raise UpstreamError(
            "the llm server's answer is not JSON", code=ErrorCode.LLM_BAD_RESPONSE
        ) from None


def _message_text(body: Any) -> str:
    try:
        content = body["choices"][0]["message"]["content"]
    except (KeyError, IndexError, TypeError):
        raise UpstreamError(
            "the llm server's answer has no choices[0].message.content",
            code=ErrorCode.LLM_BAD_RESPONSE,
        ) from None
    if not isinstance(content, str):
        raise UpstreamError("the llm server's answer is not text", code=ErrorCode.LLM_BAD_RESPONSE)
    return content


def _event_text(line: str) -> str | None:
    """The text in one server-sent event line; "" for comments and keep-alives, None at the end."""
    line = line.strip()
    if not line.startswith("data:"):
        return ""
    data = line[5:].strip()
    if data == "[DONE]":
        return None
    body = _parse_json(data.encode())
    choices = body.get("choices") if isinstance(body, dict) else None
    if not isinstance(choices, list):
        raise UpstreamError(
            "the llm server sent an event without choices", code=ErrorCode.LLM_BAD_RESPONSE
        )
    choice = choices[0] if choices else {}
    if not isinstance(choice, dict):
        raise UpstreamError(
            "the llm server sent a choice that is not an object", code=ErrorCode.LLM_BAD_RESPONSE
        )
    delta = choice.get("delta") or choice.get("message") or {}
    content = delta.get("content") if isinstance(delta, dict) else None
    return content if isinstance(content, str) else ""


__all__ = ["LlmClient"]
