"""`newsbrief llm serve`: the packaged local model as an OpenAI-compatible server."""

from __future__ import annotations

import contextlib
import signal
import threading

import click

from newsbrief.cli import extras
from newsbrief.cli.app import Group, handles_errors, main


@main.group("llm", cls=Group)
def llm_group() -> None:
    """The local LLM server (the `local-llm` extra)."""


@llm_group.command("serve")
@click.option("--port", "-p", type=int, default=8080, show_default=True)
@click.option("--context", type=int, default=2048, show_default=True, help="context tokens")
@click.option("--threads", type=int, default=0, help="CPU threads (default: all)")
@handles_errors
def serve_command(port: int, context: int, threads: int) -> None:
    """Serve the packaged SmolLM2-135M-Instruct model on 127.0.0.1 as an OpenAI-compatible
    endpoint; then set NEWSBRIEF_LLM_URL=http://127.0.0.1:PORT/v1 and use --method llm."""
    extras.require("local-llm", "newsbrief llm serve")
    from newsbrief.llm import local

    server = local.start(port, context=context, threads=threads)
    click.echo(f"serving {local.model_path().name} on http://127.0.0.1:{port}/v1", err=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with contextlib.suppress(KeyboardInterrupt):
        stop.wait()
    del server


__all__ = ["serve_command"]
