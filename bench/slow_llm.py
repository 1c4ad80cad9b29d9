"""A deliberately slow OpenAI-compatible server on loopback, for `bench.abuse`.

Every chat completion waits ``delay`` seconds, then streams a short answer. A request whose prompt
contains :data:`TRICKLE` gets headers at once and then one byte every ``gap`` seconds, never a
newline, until the client hangs up (a server that would hold a client forever if the client's
deadline were per read).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TRICKLE = "trickle-me-slowly"
ANSWER = "The council approved the plan on Monday. Work starts in spring."
# The longest a trickle goes on when the client never hangs up.
MAX_TRICKLE_SECONDS = 120.0


def _events(text: str) -> Iterator[bytes]:
    for i, word in enumerate(text.split(" ")):
        piece = word if i == 0 else " " + word
        body = {"choices": [{"index": 0, "delta": {"content": piece}}]}
        yield f"data: {json.dumps(body)}\n\n".encode()
    yield b"data: [DONE]\n\n"


@contextmanager
def slow_llm(delay: float, gap: float = 2.0) -> Iterator[str]:
    """The server on a free 127.0.0.1 port while the block runs; yields its /v1 URL."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # quiet
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", 0))
            prompt = self.rfile.read(length).decode("utf-8", "replace")
            try:
                if TRICKLE in prompt:
                    self._trickle()
                else:
                    time.sleep(delay)
                    self._answer()
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _start(self) -> None:
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.end_headers()

        def _trickle(self) -> None:
            self._start()
            started = time.monotonic()
            while time.monotonic() - started < MAX_TRICKLE_SECONDS:
                self.wfile.write(b"d")
                self.wfile.flush()
                time.sleep(gap)

        def _answer(self) -> None:
            self._start()
            for event in _events(ANSWER):
                self.wfile.write(event)
                self.wfile.flush()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()


__all__ = ["ANSWER", "TRICKLE", "slow_llm"]
