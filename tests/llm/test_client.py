"""The HTTP client for OpenAI-compatible servers: streamed and whole answers, retries, one
deadline per attempt, every failure one ``UpstreamError`` code, and a key that is sent but never
shown. Against a scripted server on 127.0.0.1."""

from __future__ import annotations

import json
import logging
import time

import pytest
from scripted_llm import GOOD, Step, free_port, llm_outcome, scripted, summarize_story

from newsbrief.config import LlmSettings
from newsbrief.errors import ErrorCode, UpstreamError
from newsbrief.llm import LlmClient
from newsbrief.render import summary_record

EVENTS = "text/event-stream"


def client(url: str, **settings: float) -> LlmClient:
    return LlmClient(LlmSettings(url=url, **{"timeout": 3.0, "backoff": 0.01, **settings}))  # type: ignore[arg-type]


def test_api_key_is_sent_but_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    secret = "sk-test-do-not-log-123"
    caplog.set_level(logging.DEBUG)
    with scripted(Step(status=401)) as (url, script):
        summary = summarize_story(url, api_key=secret)
    assert script.auth[0] == f"Bearer {secret}"
    assert secret not in caplog.text and secret not in repr(LlmSettings(url=url, api_key=secret))
    assert secret not in json.dumps(summary_record(summary))


def test_retries_then_succeeds() -> None:
    with scripted(Step(status=503), Step(status=429), Step(text=GOOD)) as (url, script):
        summary = summarize_story(url, retries=2)
    assert summary.method == "llm"
    assert len(script.requests) == 3


def test_retries_are_bounded() -> None:
    with scripted(Step(status=500)) as (url, script):
        summarize_story(url, retries=1)
    assert len(script.requests) == 2


@pytest.mark.parametrize("step", [Step(delay=5.0, text=GOOD), Step(text=GOOD, gap=0.5)])
def test_a_slow_server_times_out_on_time(step: Step) -> None:
    with scripted(step) as (url, _):
        started = time.monotonic()
        summary = summarize_story(url, timeout=1.0, retries=2)
        elapsed = time.monotonic() - started
    assert llm_outcome(summary)["code"] == "llm_timeout"
    assert elapsed < 2.5, "a timeout must not be retried past the budget"


def test_a_server_that_is_down() -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    summary = summarize_story(url, retries=1)
    assert llm_outcome(summary)["code"] == "llm_unreachable"


def test_client_reads_a_non_streamed_answer() -> None:
    body = json.dumps({"choices": [{"message": {"content": GOOD}}]}).encode()
    with scripted(Step(raw=body)) as (url, _):
        assert LlmClient(LlmSettings(url=url, timeout=3)).complete([], 10) == GOOD


def test_a_trickled_whole_answer_meets_the_same_deadline() -> None:
    body = json.dumps({"choices": [{"message": {"content": GOOD}}]}).encode()
    with scripted(Step(raw=body, gap=0.05)) as (url, script):
        started = time.monotonic()
        with pytest.raises(UpstreamError) as caught:
            client(url, timeout=1.0, retries=2).complete([], 10)
        elapsed = time.monotonic() - started
    assert caught.value.code == "llm_timeout" and len(script.requests) == 1
    assert elapsed < 2.5


def test_a_stream_trickling_without_a_newline_meets_the_deadline() -> None:
    """The deadline holds for the whole response, not per line: a server that sends a byte at
    a time and never a newline is cut off when the budget is spent."""
    event = b"data: " + json.dumps({"choices": [{"delta": {"content": GOOD}}]}).encode()
    step = Step(raw=event * 2, gap=0.05, content_type="text/event-stream")
    with scripted(step) as (url, script):
        started = time.monotonic()
        with pytest.raises(UpstreamError) as caught:
            list(client(url, timeout=1.0, retries=2).stream([], 10))
        elapsed = time.monotonic() - started
    assert caught.value.code == "llm_timeout" and len(script.requests) == 1
    assert elapsed < 2.0


def test_a_silent_server_is_cut_off_at_the_deadline_not_a_read_timeout_later() -> None:
    """Headers late, one byte, then silence: the wait for the next byte ends with the budget
    (a read timeout as long as the whole budget would let it run to almost twice that)."""
    step = Step(raw=b"data: {}", delay=1.5, gap=5.0, content_type="text/event-stream")
    with scripted(step) as (url, _):
        started = time.monotonic()
        with pytest.raises(UpstreamError) as caught:
            list(client(url, timeout=2.0, retries=0).stream([], 10))
        elapsed = time.monotonic() - started
    assert caught.value.code == "llm_timeout"
    assert elapsed < 2.8


def test_retries_share_one_budget() -> None:
    """Attempts after a failure spend what is left of the same budget: three slow 503s cannot
    take three timeouts."""
    with scripted(Step(status=503, delay=0.6)) as (url, script):
        started = time.monotonic()
        with pytest.raises(UpstreamError):
            list(client(url, timeout=1.0, retries=5).stream([], 10))
        elapsed = time.monotonic() - started
    assert elapsed < 2.0 and len(script.requests) <= 2


@pytest.mark.parametrize(
    ("step", "code", "requests"),
    [
        (Step(status=500), "llm_server_error", 2),
        (Step(status=429), "llm_rate_limited", 2),
        (Step(status=404), "llm_rejected", 1),
        (Step(raw=b"not json"), "llm_bad_response", 1),
        (Step(raw=b'{"choices": [{"message": {"content": 7}}]}'), "llm_bad_response", 1),
        (Step(raw=b"[" * 100_000 + b"]" * 100_000), "llm_bad_response", 1),
        (Step(raw=b'data: {"choices": [5]}\n\n', content_type=EVENTS), "llm_bad_response", 1),
        (Step(raw=b'data: {"choices": "x"}\n\n', content_type=EVENTS), "llm_bad_response", 1),
        (
            Step(raw=b"data: " + b"[" * 100_000 + b"\n\n", content_type=EVENTS),
            "llm_bad_response",
            1,
        ),
        (Step(raw=b"data: " + b"x" * 1_100_000, content_type=EVENTS), "llm_bad_response", 1),
    ],
)
def test_each_failure_is_one_code_and_only_transient_ones_are_retried(
    step: Step, code: str, requests: int
) -> None:
    with scripted(step) as (url, script), pytest.raises(UpstreamError) as caught:
        client(url, retries=1).complete([], 10)
    assert caught.value.code == code and len(script.requests) == requests


def test_the_request_names_the_model_and_the_chat_endpoint() -> None:
    with scripted(Step(text=GOOD)) as (url, script):
        pieces = list(LlmClient(LlmSettings(url=url, model="m-1")).stream([], 32))
    assert "".join(pieces) == GOOD and len(pieces) > 1
    assert script.requests[0]["model"] == "m-1" and script.requests[0]["max_tokens"] == 32
    assert LlmSettings(url="http://h:1").chat_url == "http://h:1/v1/chat/completions"
    assert LlmSettings(url="http://h:1/v1/").chat_url == "http://h:1/v1/chat/completions"
    assert LlmSettings(url="http://h/x/chat/completions").chat_url == "http://h/x/chat/completions"


def test_ping_asks_for_the_list_of_models() -> None:
    with scripted(Step(text="unused")) as (url, script):
        LlmClient(LlmSettings(url=url)).ping(2.0)
    assert script.pings == 1 and script.requests == []
    with pytest.raises(UpstreamError) as down:
        LlmClient(LlmSettings(url=f"http://127.0.0.1:{free_port()}/v1")).ping(2.0)
    assert down.value.code == ErrorCode.LLM_UNREACHABLE
