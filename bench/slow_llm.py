"""A deliberately slow OpenAI-compatible server on loopback, for `bench.abuse`, in a process of
its own (so its threads never compete with the bench's measurements for one interpreter).

Every chat completion waits ``delay`` seconds, then streams a short answer. A request whose prompt
contains :data:`TRICKLE` gets headers at once and then one byte every ``gap`` seconds, never a
newline, until the client hangs up (a server that would hold a client forever if the client's
deadline were per read).
"""

from __future__ import annotations

import json
import multiprocessing
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from multiprocessing.queues import Queue

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


def _serve(delay: float, gap: float, urls: Queue[str]) -> None:
    """Serve until the process is terminated; the URL goes to ``urls``."""

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

    class Server(ThreadingHTTPServer):
        # Many clients connect at once; the default backlog of 5 would refuse some.
        request_queue_size = 256
        daemon_threads = True

    server = Server(("127.0.0.1", 0), Handler)
    urls.put(f"http://127.0.0.1:{server.server_address[1]}/v1")
    server.serve_forever()


@contextmanager
def slow_llm(delay: float, gap: float = 2.0) -> Iterator[str]:
    """The server on a free 127.0.0.1 port, in its own process, while the block runs; yields its
    /v1 URL. The process is terminated (and reaped) at the end."""
    context = multiprocessing.get_context("spawn")
    urls: Queue[str] = context.Queue()
    process = context.Process(target=_serve, args=(delay, gap, urls), daemon=True)
    process.start()
    try:
        yield urls.get(timeout=30)
    finally:
        process.terminate()
        process.join(10)
        if process.is_alive():
            process.kill()
            process.join()


__all__ = ["ANSWER", "TRICKLE", "slow_llm"]
