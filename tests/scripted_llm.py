"""A scripted OpenAI-compatible server on 127.0.0.1 for the LLM failure modes: each request
takes the next step of the script (a status, a body, a delay, a stream); and the made-up story
the tests ask it about, with a faithful and an invented answer."""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from newsbrief import summarizers
from newsbrief.config import LlmSettings
from newsbrief.llm.summarizer import LlmSummarizer
from newsbrief.models import Article
from newsbrief.render import summary_record
from newsbrief.summarizers.base import Summary, SummaryOptions

# Written for these tests: a made-up local story.
STORY = (
    "The city council approved a $2 million fund for two new bridges on Monday night. "
    "Council leader Maria Evans said the vote ended three years of delay. "
    "Work on the first bridge is due to start on March 18. "
    "Opposition members argued that the bridges would cost far more than forecast. "
    "Residents packed the public gallery during the debate."
)
GOOD = (
    "The city council approved a $2 million fund for two new bridges. "
    "Council leader Maria Evans said the vote ended three years of delay."
)
INVENTED = "The mayor John Carter promised 500 new homes by 2030."


class NoEnvironment(Mapping[str, str]):
    """Stands in for ``os.environ`` where newsbrief must not read it: an empty environment (what
    httpx looks up for proxies finds nothing) in which asking for a ``NEWSBRIEF_*`` variable
    fails the test."""

    def __getitem__(self, key: str) -> str:
        if key.startswith("NEWSBRIEF_"):
            raise AssertionError(f"read the environment: {key}")
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


@contextmanager
def no_environment() -> Iterator[None]:
    """``os.environ`` is a :class:`NoEnvironment` inside the block (and pytest's again after it,
    before pytest writes to it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "environ", NoEnvironment())
        yield


def summarize_story(url: str, options: SummaryOptions | None = None, **settings: Any) -> Summary:
    """The ``llm`` summary of :data:`STORY` from the server at ``url``, quick to give up."""
    server = LlmSettings(url=url, **{"timeout": 3.0, "backoff": 0.01, **settings})
    document = summarizers.segment(Article(text=STORY, language="en"))
    return LlmSummarizer(server)(document, options or SummaryOptions(method="llm", sentences=2))


def llm_outcome(summary: Summary) -> dict[str, Any]:
    """What the summary says about the LLM: ``status``, and ``code`` on a fallback."""
    outcome: dict[str, Any] = summary_record(summary)["llm"]  # type: ignore[assignment]
    return outcome


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class Step:
    status: int = 200
    # Text for a streamed answer (split into word-sized events) or a raw body when not streamed.
    text: str = ""
    raw: bytes | None = None
    delay: float = 0.0
    # Seconds between streamed pieces, or between the bytes of a raw body (a trickling server).
    gap: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    # The raw body's media type (an event stream sent raw can trickle without a newline).
    content_type: str = "application/json"


@dataclass
class Script:
    steps: list[Step]
    requests: list[dict[str, object]] = field(default_factory=list)
    auth: list[str | None] = field(default_factory=list)
    pings: int = 0

    def next(self) -> Step:
        return self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]


def _events(text: str) -> Iterator[bytes]:
    for i, word in enumerate(text.split(" ")):
        piece = word if i == 0 else " " + word
        body = {"choices": [{"index": 0, "delta": {"content": piece}}]}
        yield f"data: {json.dumps(body)}\n\n".encode()
    yield b"data: [DONE]\n\n"


def _pieces(body: bytes, gap: float) -> list[bytes]:
    """A raw body at once, or byte by byte when the step trickles."""
    return [body[i : i + 1] for i in range(len(body))] if gap else [body]


@contextmanager
def scripted(*steps: Step) -> Iterator[tuple[str, Script]]:
    """A server following ``steps`` (the last repeats); yields its /v1 URL and the script."""
    script = Script(list(steps))

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            """The list of models: what a health check asks for."""
            script.pings += 1
            body = json.dumps({"object": "list", "data": [{"id": "scripted"}]}).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            script.requests.append(json.loads(self.rfile.read(length) or b"{}"))
            script.auth.append(self.headers.get("authorization"))
            step = script.next()
            time.sleep(step.delay)
            try:
                self.send_response(step.status)
                for name, value in step.headers.items():
                    self.send_header(name, value)
                if step.raw is not None or step.status != 200:
                    body = step.raw if step.raw is not None else b'{"error": "scripted"}'
                    self.send_header("content-type", step.content_type)
                    self.send_header("content-length", str(len(body)))
                    self.end_headers()
                    for piece in _pieces(body, step.gap):
                        self.wfile.write(piece)
                        self.wfile.flush()
                        time.sleep(step.gap)
                    return
                self.send_header("content-type", "text/event-stream")
                self.end_headers()
                for event in _events(step.text):
                    self.wfile.write(event)
                    self.wfile.flush()
                    time.sleep(step.gap)
            except (BrokenPipeError, ConnectionResetError):
                pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", script
    finally:
        server.shutdown()
        server.server_close()
