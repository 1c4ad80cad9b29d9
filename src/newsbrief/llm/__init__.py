"""The abstractive edge: a client for any OpenAI-compatible chat server (llama.cpp's server,
Ollama, vLLM, a hosted API), the prompt, the ``llm`` summarizer, and the packaged local model
server (``newsbrief llm serve``). The server's settings are :class:`newsbrief.config.LlmSettings`,
read by the edges (CLI, web app, library front door) and handed down. The faithfulness check
itself is pure core (:mod:`newsbrief.guard.sentences`)."""

from newsbrief.llm.client import LlmClient
from newsbrief.llm.prompt import build_messages, fit_article

__all__ = ["LlmClient", "build_messages", "fit_article"]
