"""A scripted OpenAI-compatible server on 127.0.0.1 for the LLM failure modes: each request
takes the next step of the script (a status, a body, a delay, a stream)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


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
    # Seconds between streamed pieces (a slow or trickling server).
    gap: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Script:
    steps: list[Step]
    requests: list[dict[str, object]] = field(default_factory=list)
    auth: list[str | None] = field(default_factory=list)

    def next(self) -> Step:
        return self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]


def _events(text: str) -> Iterator[bytes]:
    for i, word in enumerate(text.split(" ")):
        piece = word if i == 0 else " " + word
        body = {"choices": [{"index": 0, "delta": {"content": piece}}]}
        yield f"data: {json.dumps(body)}\n\n".encode()
    yield b"data: [DONE]\n\n"


@contextmanager
def scripted(*steps: Step) -> Iterator[tuple[str, Script]]:
    """A server following ``steps`` (the last repeats); yields its /v1 URL and the script."""
    script = Script(list(steps))

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

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
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
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
